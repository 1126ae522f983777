package io.medasr.wer;

import java.util.List;

/**
 * The score of a set of utterances. Global figures sum the counts over all scored utterances (jiwer's
 * behaviour for lists of sentences), so long utterances weigh more than short ones.
 *
 * @param utterances scored utterances in reference order (those without hypothesis scored as empty hypotheses)
 * @param missingHypotheses reference ids that had no hypothesis
 * @param extraHypotheses hypothesis ids that had no reference (not scored)
 * @param terms summed term metrics, or null when no term list was given
 * @param medical M-WER and spurious term insertions, or null when no term list was given
 */
public record CorpusScore(List<UtteranceScore> utterances, List<String> missingHypotheses,
    List<String> extraHypotheses, TermMetrics terms, MedicalMetrics medical) {
  public CorpusScore {
    utterances = List.copyOf(utterances);
    missingHypotheses = List.copyOf(missingHypotheses);
    extraHypotheses = List.copyOf(extraHypotheses);
  }

  public boolean hasTerms() {
    return terms != null;
  }

  public ErrorCounts words() {
    return utterances.stream().map(UtteranceScore::wordCounts).reduce(ErrorCounts.ZERO, ErrorCounts::plus);
  }

  public ErrorCounts characters() {
    return utterances.stream().map(UtteranceScore::characters).reduce(ErrorCounts.ZERO, ErrorCounts::plus);
  }
}
