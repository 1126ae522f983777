package io.medasr.correct;

/**
 * One change a corrector made to a transcript.
 *
 * @param firstWord index of the first word replaced, among the words of the text before the change (split at
 *     spaces)
 * @param wordCount words replaced, at least 1
 * @param original the words replaced, as they were written
 * @param replacement what replaced them
 * @param source what made the change: {@link PhoneticMatcher#PHRASES}, {@link PhoneticMatcher#LEXICON} or
 *     {@link BartCorrector#SOURCE}
 * @param confidence the corrector's score for the change in [0, 1]
 */
public record Correction(int firstWord, int wordCount, String original, String replacement, String source,
    float confidence) {

  public Correction {
    if (firstWord < 0 || wordCount < 1) {
      throw new IllegalArgumentException("a correction replaces at least one word at an index >= 0");
    }
  }
}
