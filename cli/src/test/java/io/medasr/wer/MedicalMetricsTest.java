package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedicalMetricsTest {
  private static final TermList LEXICON = new TermList(List.of(
      new MedicalTerm("metoprolol", TermCategory.DRUG),
      new MedicalTerm("metoprolol succinate", TermCategory.DRUG),
      new MedicalTerm("atrial fibrillation", TermCategory.DIAGNOSIS),
      new MedicalTerm("chest pain", TermCategory.DIAGNOSIS),
      new MedicalTerm("chest", TermCategory.ANATOMY),
      new MedicalTerm("Chest", TermCategory.DRUG))); // normalizes to "chest" again: the first category stays
  private final WerScorer scorer = new WerScorer(new BasicNormalizer(), LEXICON);

  private static List<Transcript> texts(String... texts) {
    return java.util.stream.IntStream.range(0, texts.length)
        .mapToObj(k -> new Transcript(Integer.toString(k + 1), texts[k])).toList();
  }

  @Test
  void aMissedPhraseIsOneErrorAndTheCorpusFigureIsMicroAveraged() {
    CorpusScore score = scorer.score(
        texts("history of atrial fibrillation on metoprolol succinate", "chest pain at rest"),
        texts("history of a trial fibrillation on metoprolol", "chest pain at rest"));
    MedicalUtteranceScore first = score.utterances().get(0).medical();
    assertEquals(List.of("atrial fibrillation", "metoprolol succinate"), first.referenceTerms());
    assertEquals(List.of("metoprolol"), first.hypothesisTerms());
    assertEquals(new MedicalCounts(2, 1, 2), first.counts());
    MedicalMetrics m = score.medical();
    assertEquals(new MedicalCounts(3, 2, 2), m.terms());
    assertEquals(2.0 / 3, m.medicalWer());
    assertEquals(2, m.scoredUtterances());
    assertEquals(11, m.referenceWords());
    assertEquals(score.words().errorRate(), m.wer());
  }

  @Test
  void eachCategoryIsScoredWithItsOwnTermsAlone() {
    // with all terms "chest pain" hides "chest"; with the anatomy terms alone "chest" is found in both texts
    CorpusScore score = scorer.score(texts("chest pain and metoprolol"), texts("chest pains and metoprolol"));
    MedicalMetrics m = score.medical();
    assertEquals(List.of(TermCategory.DIAGNOSIS, TermCategory.DRUG, TermCategory.ANATOMY), m.categoryOrder());
    assertEquals(new MedicalCounts(2, 2, 1), m.terms()); // "chest pain" -> "chest"
    assertEquals(new MedicalCounts(1, 0, 1), m.categories().get(TermCategory.DIAGNOSIS));
    assertEquals(new MedicalCounts(1, 1, 0), m.categories().get(TermCategory.ANATOMY));
    assertEquals(new MedicalCounts(1, 1, 0), m.drugs());
    assertEquals(0.0, m.drugs().errorRate());
  }

  @Test
  void spuriousInsertionsAreTheHypothesisTermsBeyondTheReferenceCount() {
    CorpusScore score = scorer.score(
        texts("metoprolol and metoprolol for atrial fibrillation", "no terms here", "", "chest"),
        texts("metoprolol metoprolol metoprolol chest pain", "chest pain", "metoprolol", "chest"));
    MedicalMetrics m = score.medical();
    assertEquals(List.of(new SpuriousInsertion("1", "metoprolol", TermCategory.DRUG),
        new SpuriousInsertion("1", "chest pain", TermCategory.DIAGNOSIS),
        new SpuriousInsertion("2", "chest pain", TermCategory.DIAGNOSIS),
        new SpuriousInsertion("3", "metoprolol", TermCategory.DRUG)), m.spurious());
    assertEquals(100.0, m.spuriousPer100Utterances());
    assertEquals(Map.of(TermCategory.DIAGNOSIS, 2L, TermCategory.DRUG, 2L, TermCategory.ANATOMY, 0L),
        m.spuriousByCategory());
    // the empty reference is skipped by M-WER (as medwer does) but its spurious insertion counts
    assertEquals(3, m.scoredUtterances());
    assertEquals(1, m.skippedUtterances());
    assertEquals(false, score.utterances().get(2).medical().scored());
    assertEquals(new MedicalCounts(4, 6, 3), m.terms());
  }

  @Test
  void aPlainListHasNoCategoriesAndNoDrugFigure() {
    WerScorer plain = new WerScorer(new BasicNormalizer(), TermList.of(List.of("metoprolol", "chest pain")));
    MedicalMetrics m = plain.score(texts("metoprolol"), texts("chest pain")).medical();
    assertTrue(m.categories().isEmpty());
    assertNull(m.drugs());
    assertTrue(m.spuriousByCategory().isEmpty());
    assertEquals(List.of(new SpuriousInsertion("1", "chest pain", null)), m.spurious());
  }

  @Test
  void nothingMedicalWithoutATermListAndNaNWithoutReferenceTerms() {
    CorpusScore none = new WerScorer(new BasicNormalizer()).score(texts("a"), texts("b"));
    assertNull(none.medical());
    assertNull(none.utterances().get(0).medical());
    MedicalMetrics empty = scorer.score(texts("", " ."), texts("metoprolol", "")).medical();
    assertEquals(0, empty.scoredUtterances());
    assertEquals(Double.NaN, empty.medicalWer());
    assertEquals(Double.NaN, empty.wer());
    MedicalMetrics noTerms = scorer.score(texts("no terms"), texts("no terms")).medical();
    assertEquals(Double.NaN, noTerms.medicalWer());
    assertEquals(0.0, noTerms.wer());
  }
}
