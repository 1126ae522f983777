package io.medasr.wer;

/**
 * The score of one utterance.
 *
 * @param id utterance id (the manifest id, or the 1-based line number of a plain text file)
 * @param reference reference text after normalization
 * @param hypothesis hypothesis text after normalization; empty when {@code hypothesisMissing}
 * @param words word alignment (jiwer {@code process_words})
 * @param characters character counts (jiwer {@code process_characters})
 * @param terms term metrics of this utterance ({@link TermMetrics#EMPTY} without a term list)
 * @param hypothesisMissing true when the hypothesis file had no entry for this id (scored as empty)
 * @param medical M-WER and spurious term insertions of this utterance; null without a term list
 */
public record UtteranceScore(String id, String reference, String hypothesis, Alignment words,
    ErrorCounts characters, TermMetrics terms, boolean hypothesisMissing, MedicalUtteranceScore medical) {

  public ErrorCounts wordCounts() {
    return words.counts();
  }

  public double wer() {
    return wordCounts().errorRate();
  }

  public double cer() {
    return characters.errorRate();
  }
}
