package io.medasr.stream;

import io.medasr.align.WordTiming;
import java.util.List;
import java.util.Set;

/**
 * One result of a recognition: final text that will not change, or interim text that may.
 *
 * @param isFinal whether the text is committed
 * @param startTime start of the audio covered, seconds from the start of the stream
 * @param endTime end of the audio covered
 * @param text the transcript of that audio
 * @param words words with stream-relative times (empty when word times were not asked for)
 * @param confidence probability-like confidence of the whole text in [0, 1]
 * @param stability for interim results, the share of words that agreed with the previous interim result
 * @param vocabulary bias phrases completed in this text, for marking its words
 */
public record RecognitionResult(
    boolean isFinal,
    double startTime,
    double endTime,
    String text,
    List<WordTiming> words,
    float confidence,
    float stability,
    Set<String> vocabulary) {

  public RecognitionResult {
    words = List.copyOf(words);
    vocabulary = Set.copyOf(vocabulary);
  }

  /** The geometric mean of the token probabilities, from their average log-probability. */
  public static float confidenceOf(double avgLogprob) {
    return (float) Math.max(0, Math.min(1, Math.exp(avgLogprob)));
  }
}
