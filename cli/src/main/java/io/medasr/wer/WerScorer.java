package io.medasr.wer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores hypotheses against references: normalization, then jiwer's default word and character transforms
 * ({@link JiwerTokens}), alignment ({@link Alignment}) and, with a term list, medical-term metrics (term recall,
 * M-WER, spurious term insertions). Immutable and thread-safe.
 */
public final class WerScorer {
  private final Normalizer normalizer;
  private final TermMatcher terms;
  private final MedicalScorer medical;

  public WerScorer(Normalizer normalizer) {
    this(normalizer, TermList.NONE);
  }

  public WerScorer(Normalizer normalizer, TermList terms) {
    this.normalizer = normalizer;
    TermIndex index = TermIndex.of(terms, normalizer);
    this.terms = new TermMatcher(index);
    this.medical = index.isEmpty() ? null : new MedicalScorer(index);
  }

  public UtteranceScore score(String id, String reference, String hypothesis) {
    return score(id, reference, hypothesis, false);
  }

  /**
   * Pairs references and hypotheses by id. A reference without hypothesis is scored against an empty
   * hypothesis (all deletions) and listed as missing; a hypothesis without reference is listed as extra.
   */
  public CorpusScore score(List<Transcript> references, List<Transcript> hypotheses) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (Transcript h : hypotheses) {
      byId.put(h.id(), h.text());
    }
    List<UtteranceScore> scores = new ArrayList<>(references.size());
    List<String> missing = new ArrayList<>();
    TermMetrics termTotal = TermMetrics.EMPTY;
    for (Transcript r : references) {
      String hypothesis = byId.remove(r.id());
      if (hypothesis == null) {
        missing.add(r.id());
      }
      UtteranceScore score = score(r.id(), r.text(), hypothesis == null ? "" : hypothesis, hypothesis == null);
      termTotal = termTotal.plus(score.terms());
      scores.add(score);
    }
    return new CorpusScore(scores, missing, new ArrayList<>(byId.keySet()), terms.isEmpty() ? null : termTotal,
        medical == null ? null : MedicalMetrics.of(scores));
  }

  private UtteranceScore score(String id, String reference, String hypothesis, boolean missing) {
    String ref = normalizer.normalize(reference);
    String hyp = normalizer.normalize(hypothesis);
    Alignment words = Alignment.of(JiwerTokens.words(ref), JiwerTokens.words(hyp));
    ErrorCounts characters = Alignment.of(JiwerTokens.characters(ref), JiwerTokens.characters(hyp)).counts();
    TermMetrics termMetrics = terms.isEmpty() ? TermMetrics.EMPTY : terms.score(id, words);
    MedicalUtteranceScore medicalScore = medical == null ? null
        : medical.score(id, words.reference(), words.hypothesis());
    return new UtteranceScore(id, ref, hyp, words, characters, termMetrics, missing, medicalScore);
  }
}
