package io.medasr.wer;

import java.util.ArrayList;
import java.util.List;

/**
 * Medical-term accuracy of one utterance or of a sum of utterances. Terms are matched after normalization, on
 * whole words, greedily from the left with the longest term first. A reference occurrence is recognized when a
 * hypothesis occurrence of the same term is aligned to it word for word, all hits.
 *
 * @param referenceOccurrences term occurrences in the references
 * @param hypothesisOccurrences term occurrences in the hypotheses
 * @param recognized reference occurrences recognized (true positives)
 * @param termWords reference words inside term occurrences
 * @param termWordErrors substitutions and deletions of those words plus insertions inside an occurrence
 * @param missed the unrecognized reference occurrences with what was heard instead
 */
public record TermMetrics(long referenceOccurrences, long hypothesisOccurrences, long recognized, long termWords,
    long termWordErrors, List<MissedTerm> missed) {
  public static final TermMetrics EMPTY = new TermMetrics(0, 0, 0, 0, 0, List.of());

  public TermMetrics {
    missed = List.copyOf(missed);
  }

  public TermMetrics plus(TermMetrics other) {
    List<MissedTerm> all = new ArrayList<>(missed);
    all.addAll(other.missed);
    return new TermMetrics(referenceOccurrences + other.referenceOccurrences,
        hypothesisOccurrences + other.hypothesisOccurrences, recognized + other.recognized,
        termWords + other.termWords, termWordErrors + other.termWordErrors, all);
  }

  /** recognized / reference occurrences; NaN without reference occurrences. */
  public double recall() {
    return (double) recognized / referenceOccurrences;
  }

  /** recognized / hypothesis occurrences; NaN without hypothesis occurrences. */
  public double precision() {
    return (double) recognized / hypothesisOccurrences;
  }

  /** Word error rate restricted to term occurrences: term word errors / term words; NaN without term words. */
  public double termErrorRate() {
    return (double) termWordErrors / termWords;
  }
}
