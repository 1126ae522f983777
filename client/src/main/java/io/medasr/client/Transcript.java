package io.medasr.client;

import java.util.List;

/**
 * One alternative reading of a stretch of speech.
 *
 * @param text the recognized text, after correction when correction is on
 * @param confidence confidence of the whole text in [0, 1]
 * @param words the words with times, when word times were requested (else empty)
 * @param rawText the text before the semantic corrector ran; equal to {@code text} when nothing changed
 * @param corrections the changes the corrector made, in text order
 */
public record Transcript(
    String text, float confidence, List<Word> words, String rawText, List<Correction> corrections) {

  /** The transcript of a result without alternatives. */
  public static final Transcript EMPTY = new Transcript("", 0f, List.of(), "", List.of());

  public Transcript {
    words = List.copyOf(words);
    corrections = List.copyOf(corrections);
  }
}
