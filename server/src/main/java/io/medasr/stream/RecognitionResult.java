package io.medasr.stream;

import io.medasr.align.WordTiming;
import io.medasr.correct.CorrectedWords;
import io.medasr.correct.Correction;
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
 * @param vocabulary bias phrases completed in this text or put in by a corrector, for marking its words
 * @param rawText the text before correction, equal to {@code text} when nothing was corrected
 * @param corrections the changes that made {@code text} of {@code rawText}, in text order
 */
public record RecognitionResult(
    boolean isFinal,
    double startTime,
    double endTime,
    String text,
    List<WordTiming> words,
    float confidence,
    float stability,
    Set<String> vocabulary,
    String rawText,
    List<Correction> corrections) {

  public RecognitionResult {
    words = List.copyOf(words);
    vocabulary = Set.copyOf(vocabulary);
    corrections = List.copyOf(corrections);
  }

  /** A result as decoded, not corrected. */
  public RecognitionResult(boolean isFinal, double startTime, double endTime, String text, List<WordTiming> words,
      float confidence, float stability, Set<String> vocabulary) {
    this(isFinal, startTime, endTime, text, words, confidence, stability, vocabulary, text, List.of());
  }

  /** This result with its words corrected: its text follows them, its raw text stays. */
  public RecognitionResult corrected(CorrectedWords corrected) {
    if (corrected.corrections().isEmpty()) {
      return this;
    }
    return new RecognitionResult(isFinal, startTime, endTime, corrected.text(), corrected.words(), confidence,
        stability, corrected.vocabularyWith(vocabulary), rawText, corrected.corrections());
  }

  /** The geometric mean of the token probabilities, from their average log-probability. */
  public static float confidenceOf(double avgLogprob) {
    return (float) Math.max(0, Math.min(1, Math.exp(avgLogprob)));
  }
}
