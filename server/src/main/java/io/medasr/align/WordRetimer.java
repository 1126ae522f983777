package io.medasr.align;

import java.util.List;

/**
 * Gives the words of a result the times it carries, from the audio they were decoded from: the decoder's
 * cross-attention times are good enough to decide what is final, not to jump to a word (docs/word-timing.md).
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface WordRetimer {
  /** Cross-attention times refined with the audio's pauses ({@link SpeechPauses}): no model needed. */
  WordRetimer PAUSES = (samples, from, length, offsetSeconds, words) ->
      SpeechPauses.of(samples, from, length, offsetSeconds).refine(words);

  /**
   * {@code words}, in order, with new times; {@code samples[from, from + length)} is 16 kHz mono whose first
   * sample lies {@code offsetSeconds} into the recording, and every time is in the recording's seconds.
   */
  List<WordTiming> retime(float[] samples, int from, int length, double offsetSeconds, List<WordTiming> words);

  /** Whether this retimer knows the sounds of {@code language} (a code such as "en"; null when not known). */
  default boolean speaks(String language) {
    return true;
  }
}
