package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermMetricsTest {
  private final WerScorer scorer = new WerScorer(new BasicNormalizer(),
      TermList.of(List.of("Chest pain", "chest", "atrial fibrillation", "Metoprolol")));

  @Test
  void longestTermWinsAndRecognitionNeedsTheSameTermAtTheAlignedPosition() {
    // reference: "chest pain" (not "chest") and "metoprolol"; hypothesis: "chest" then "pain" lost, metoprolol ok
    TermMetrics t = scorer.score("u", "Chest pain, metoprolol.", "chest pane metoprolol").terms();
    assertEquals(2, t.referenceOccurrences());
    assertEquals(2, t.hypothesisOccurrences());
    assertEquals(1, t.recognized());
    assertEquals(3, t.termWords());
    assertEquals(1, t.termWordErrors());
    assertEquals(List.of(new MissedTerm("u", "chest pain", "chest pane")), t.missed());
    assertEquals(0.5, t.recall());
    assertEquals(0.5, t.precision());
    assertEquals(1.0 / 3, t.termErrorRate());
  }

  @Test
  void insertionInsideATermIsAnErrorAndDeletedTermsHeardNothing() {
    TermMetrics split = scorer.score("u", "atrial fibrillation noted", "atrial uh fibrillation noted").terms();
    assertEquals(0, split.recognized());
    assertEquals(1, split.termWordErrors());
    assertEquals("atrial uh fibrillation", split.missed().get(0).heard());
    TermMetrics deleted = scorer.score("v", "give metoprolol now", "give now").terms();
    assertEquals(List.of(new MissedTerm("v", "metoprolol", "")), deleted.missed());
    assertEquals(1.0, deleted.termErrorRate());
    assertEquals(Double.NaN, deleted.precision());
  }

  @Test
  void termsAreSummedOverTheCorpus() {
    CorpusScore score = scorer.score(
        List.of(new Transcript("1", "chest pain"), new Transcript("2", "no terms here"), new Transcript("3", "chest")),
        List.of(new Transcript("1", "chest pain"), new Transcript("2", "chest"), new Transcript("3", "chess")));
    assertEquals(2, score.terms().referenceOccurrences());
    assertEquals(2, score.terms().hypothesisOccurrences());
    assertEquals(1, score.terms().recognized());
    assertEquals(List.of(new MissedTerm("3", "chest", "chess")), score.terms().missed());
  }
}
