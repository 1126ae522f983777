package io.medasr.cli;

/**
 * What {@code bench} measured on one stream; see {@link BenchCommand#USAGE} for the definitions. Latencies are
 * in milliseconds and null when they cannot be measured (no speech found in the file, no such result, or the
 * stream failed). An immutable value.
 *
 * @param audioSeconds length of the file's audio, without the trailing silence; 0 when it could not be read
 * @param speech where the energy detector put the speech; null when it found none or the file was unreadable
 * @param firstInterimMillis first interim (or final) result's arrival after the speech start was due
 * @param meanInterimIntervalMillis mean gap between consecutive interim results; null with fewer than two
 * @param finalMillis last final result's arrival after the end of speech was due
 * @param lagAtEndMillis how long after all the audio (silence included) was due the server reported it
 *     processed, 0 when in time
 * @param maxLagMillis the most the server's processed audio fell behind the audio sent, over all responses;
 *     null without {@code --realtime}
 * @param interimCount interim results received
 * @param finalCount final results received
 * @param speechStartedEvents SPEECH_STARTED events received
 * @param endOfUtteranceEvents END_OF_UTTERANCE events received
 * @param transcript the final results' text joined with spaces
 * @param errorCode the gRPC status code name (INVALID_ARGUMENT also for a file that is not PCM WAV), IO_ERROR for
 *     a file that could not be read, ENDED_EARLY when the server completed the stream before all the audio was
 *     sent; null when the stream completed
 * @param errorMessage one line on the failure; null when the stream completed
 */
record StreamMeasurement(ManifestEntry entry, double audioSeconds, SpeechSpan speech, Double firstInterimMillis,
    Double meanInterimIntervalMillis, Double finalMillis, Double lagAtEndMillis, Double maxLagMillis,
    int interimCount, int finalCount, int speechStartedEvents, int endOfUtteranceEvents, String transcript,
    String errorCode, String errorMessage) {

  static StreamMeasurement failed(ManifestEntry entry, String errorCode, String errorMessage) {
    return new StreamMeasurement(entry, 0, null, null, null, null, null, null, 0, 0, 0, 0, "", errorCode,
        errorMessage);
  }

  boolean hasFailed() {
    return errorCode != null;
  }
}
