package io.medasr.cli;

import io.medasr.client.Word;
import java.util.List;

/**
 * What became of one manifest utterance in {@code eval}: the server's transcript, or why there is none. An
 * immutable value.
 *
 * @param text the transcript; empty when the call failed
 * @param words its words with their times; empty when the call failed
 * @param audioSeconds the audio duration the server reported; 0 when the call failed
 * @param elapsedNanos how long the call took, as the client saw it
 * @param errorCode the gRPC status code name, or IO_ERROR when the audio file could not be read; null on success
 * @param errorMessage one line on the failure (never transcript text); null on success
 */
record Transcription(ManifestEntry entry, String text, List<Word> words, double audioSeconds, long elapsedNanos,
    String errorCode, String errorMessage) {

  Transcription {
    words = List.copyOf(words);
  }

  static Transcription done(ManifestEntry entry, String text, List<Word> words, double audioSeconds,
      long elapsedNanos) {
    return new Transcription(entry, text, words, audioSeconds, elapsedNanos, null, null);
  }

  static Transcription failed(ManifestEntry entry, long elapsedNanos, String errorCode, String errorMessage) {
    return new Transcription(entry, "", List.of(), 0, elapsedNanos, errorCode, errorMessage);
  }

  boolean hasFailed() {
    return errorCode != null;
  }
}
