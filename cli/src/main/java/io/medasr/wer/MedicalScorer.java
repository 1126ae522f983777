package io.medasr.wer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes {@link MedicalUtteranceScore}s from normalized words: M-WER as medwer 1.0.0 defines Medical-WER, per
 * category, and spurious term insertions. Immutable, thread-safe.
 */
final class MedicalScorer {
  private final TermIndex terms;
  private final Map<TermCategory, TermIndex> categories = new EnumMap<>(TermCategory.class);

  MedicalScorer(TermIndex terms) {
    this.terms = terms;
    for (TermCategory category : terms.categories()) {
      categories.put(category, terms.only(category));
    }
  }

  MedicalUtteranceScore score(String utteranceId, List<String> reference, List<String> hypothesis) {
    List<String> refTerms = terms.tokens(reference);
    List<String> hypTerms = terms.tokens(hypothesis);
    Map<TermCategory, MedicalCounts> byCategory = new EnumMap<>(TermCategory.class);
    categories.forEach((category, index) -> byCategory.put(category,
        counts(index.tokens(reference), index.tokens(hypothesis))));
    return new MedicalUtteranceScore(!reference.isEmpty(), refTerms, hypTerms, counts(refTerms, hypTerms),
        byCategory, spurious(utteranceId, reference, hypothesis));
  }

  private static MedicalCounts counts(List<String> refTerms, List<String> hypTerms) {
    return new MedicalCounts(refTerms.size(), hypTerms.size(), Alignment.of(refTerms, hypTerms).counts().errors());
  }

  /** Multiset difference: a hypothesis occurrence is spurious once the reference's occurrences are used up. */
  private List<SpuriousInsertion> spurious(String utteranceId, List<String> reference, List<String> hypothesis) {
    Map<TermIndex.Term, Integer> said = new HashMap<>();
    terms.find(reference).forEach(o -> said.merge(o.term(), 1, Integer::sum));
    List<SpuriousInsertion> spurious = new ArrayList<>();
    for (TermIndex.Occurrence o : terms.find(hypothesis)) {
      if (said.getOrDefault(o.term(), 0) > 0) {
        said.merge(o.term(), -1, Integer::sum);
      } else {
        spurious.add(new SpuriousInsertion(utteranceId, o.term().text(), o.term().category()));
      }
    }
    return spurious;
  }
}
