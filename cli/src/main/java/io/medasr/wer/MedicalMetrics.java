package io.medasr.wer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Medical accuracy of a set of utterances, with a term list. M-WER is medwer 1.0.0's Medical-WER: both sides
 * reduced to their terms (greedy longest match, a multi-word term one token, so a missed phrase counts once),
 * then WER; the corpus figure is total errors / total reference terms, and utterances whose normalized reference
 * is empty are skipped, for WER and M-WER alike (so {@link #wer()} is medwer's {@code wer}, equal to the jiwer WER
 * unless some reference is empty). Spurious insertions are counted over every utterance.
 *
 * @param utterances all scored utterances (the base of the rate per 100 utterances)
 * @param scoredUtterances those whose normalized reference is not empty (medwer's {@code utts})
 * @param referenceWords reference words of those (medwer's {@code ref_words})
 * @param wordErrors word errors of those
 * @param terms M-WER counts over all terms
 * @param categories M-WER counts per lexicon category (the term list restricted to that category); empty for a
 *     plain list
 * @param spurious every spurious insertion, in utterance order
 */
public record MedicalMetrics(long utterances, long scoredUtterances, long referenceWords, long wordErrors,
    MedicalCounts terms, Map<TermCategory, MedicalCounts> categories, List<SpuriousInsertion> spurious) {
  public MedicalMetrics {
    categories = Map.copyOf(categories);
    spurious = List.copyOf(spurious);
  }

  /** Sums the medical figures of utterances scored with a term list. */
  public static MedicalMetrics of(List<UtteranceScore> scores) {
    long scored = 0;
    long referenceWords = 0;
    long wordErrors = 0;
    MedicalCounts terms = MedicalCounts.ZERO;
    Map<TermCategory, MedicalCounts> categories = new EnumMap<>(TermCategory.class);
    List<SpuriousInsertion> spurious = new ArrayList<>();
    for (UtteranceScore u : scores) {
      MedicalUtteranceScore m = u.medical();
      spurious.addAll(m.spurious());
      m.categories().keySet().forEach(c -> categories.putIfAbsent(c, MedicalCounts.ZERO));
      if (m.scored()) {
        scored++;
        referenceWords += u.wordCounts().referenceLength();
        wordErrors += u.wordCounts().errors();
        terms = terms.plus(m.counts());
        m.categories().forEach((c, counts) -> categories.merge(c, counts, MedicalCounts::plus));
      }
    }
    return new MedicalMetrics(scores.size(), scored, referenceWords, wordErrors, terms, categories, spurious);
  }

  /** medwer's {@code wer}: word errors / reference words over the scored utterances; NaN without words. */
  public double wer() {
    return referenceWords == 0 ? Double.NaN : (double) wordErrors / referenceWords;
  }

  /** M-WER (medwer's {@code medical_wer}); NaN without reference terms. */
  public double medicalWer() {
    return terms.errorRate();
  }

  /** The counts of category {@code drug}, null when the term list has no drug. */
  public MedicalCounts drugs() {
    return categories.get(TermCategory.DRUG);
  }

  /** Utterances whose normalized reference is empty, skipped by M-WER. */
  public long skippedUtterances() {
    return utterances - scoredUtterances;
  }

  /** Spurious insertions per 100 utterances; NaN without utterances. */
  public double spuriousPer100Utterances() {
    return utterances == 0 ? Double.NaN : 100.0 * spurious.size() / utterances;
  }

  /** Spurious insertions per category, in category order; empty for a plain list. */
  public Map<TermCategory, Long> spuriousByCategory() {
    Map<TermCategory, Long> counts = new EnumMap<>(TermCategory.class);
    categories.keySet().forEach(c -> counts.put(c, 0L));
    spurious.stream().filter(s -> s.category() != null).forEach(s -> counts.merge(s.category(), 1L, Long::sum));
    return counts;
  }

  /** The categories in {@link TermCategory} order. */
  public List<TermCategory> categoryOrder() {
    return categories.keySet().stream().sorted().toList();
  }
}
