package io.medasr.cli;

/**
 * What became of one manifest utterance in {@code eval}: the server's transcript, or why there is none. An
 * immutable value.
 *
 * @param text the transcript; empty when the call failed
 * @param audioSeconds the audio duration the server reported; 0 when the call failed
 * @param elapsedNanos how long the call took, as the client saw it
 * @param errorCode the gRPC status code name, or IO_ERROR when the audio file could not be read; null on success
 * @param errorMessage one line on the failure (never transcript text); null on success
 */
record Transcription(ManifestEntry entry, String text, double audioSeconds, long elapsedNanos, String errorCode,
    String errorMessage) {

  static Transcription done(ManifestEntry entry, String text, double audioSeconds, long elapsedNanos) {
    return new Transcription(entry, text, audioSeconds, elapsedNanos, null, null);
  }

  static Transcription failed(ManifestEntry entry, long elapsedNanos, String errorCode, String errorMessage) {
    return new Transcription(entry, "", 0, elapsedNanos, errorCode, errorMessage);
  }

  boolean hasFailed() {
    return errorCode != null;
  }
}
