package io.medasr.wer;

import java.util.List;
import java.util.Map;

/**
 * Medical figures of one utterance (see {@link MedicalMetrics}).
 *
 * @param scored false when the normalized reference is empty: medwer skips the utterance, so its M-WER counts
 *     are left out of the corpus figures (its spurious insertions are not)
 * @param referenceTerms the reference's term tokens in order (medwer's {@code keep_medical}, a multi-word term as
 *     one token whose words are separated by a space)
 * @param hypothesisTerms the hypothesis's term tokens in order
 * @param counts M-WER counts over all terms
 * @param categories M-WER counts per lexicon category, each over that category's terms alone; empty without
 *     categories
 * @param spurious terms the hypothesis has more often than the reference, in hypothesis order
 */
public record MedicalUtteranceScore(boolean scored, List<String> referenceTerms, List<String> hypothesisTerms,
    MedicalCounts counts, Map<TermCategory, MedicalCounts> categories, List<SpuriousInsertion> spurious) {
  public MedicalUtteranceScore {
    referenceTerms = List.copyOf(referenceTerms);
    hypothesisTerms = List.copyOf(hypothesisTerms);
    categories = Map.copyOf(categories);
    spurious = List.copyOf(spurious);
  }
}
