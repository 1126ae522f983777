package io.medasr.align;

/**
 * One word of a transcript with its time span in seconds from the start of the audio.
 *
 * @param word the word as decoded, with its leading space and merged punctuation
 * @param start start time in seconds (rounded to 0.01)
 * @param end end time in seconds (rounded to 0.01)
 * @param probability mean probability of the word's tokens under a teacher-forced pass
 * @param aligned true when the times come from cross-attention DTW; false when the model exports
 *     no cross-attentions and the times are the segment's span shared out by word length
 */
public record WordTiming(String word, double start, double end, float probability, boolean aligned) {

  /** {@code seconds} to the 0.01 s that word times are given in (words retimed after alignment). */
  public static double toHundredths(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }

  /** A word timed by cross-attention alignment. */
  public WordTiming(String word, double start, double end, float probability) {
    this(word, start, end, probability, true);
  }
}
