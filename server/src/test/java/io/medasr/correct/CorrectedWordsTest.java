package io.medasr.correct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medasr.align.WordTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replacing runs of words: text, punctuation, capitals, times and confidences of the replacement words. */
class CorrectedWordsTest {
  private static final List<WordTiming> HEARD = List.of(
      new WordTiming(" Start", 0.0, 0.4, 0.9f),
      new WordTiming(" metro", 0.5, 0.8, 0.4f),
      new WordTiming(" paul,", 0.8, 1.2, 0.5f),
      new WordTiming(" then", 1.3, 1.5, 0.9f),
      new WordTiming(" Zolta.", 1.6, 2.0, 0.3f));

  @Test
  void aRunOfWordsBecomesThePhraseWithTheRunsPunctuationCapitalAndSpanSharedByLetters() {
    Correction merge = new Correction(1, 2, "metro paul,", "metoprolol", PhoneticMatcher.PHRASES, 0.8f);
    Correction respell = new Correction(4, 1, "Zolta.", "xarelto", PhoneticMatcher.PHRASES, 0.7f);

    CorrectedWords corrected = CorrectedWords.apply(HEARD, List.of(respell, merge));

    assertEquals("Start metoprolol, then Xarelto.", corrected.text());
    assertEquals(List.of(merge, respell), corrected.corrections());
    assertEquals(List.of(
        new WordTiming(" Start", 0.0, 0.4, 0.9f),
        new WordTiming(" metoprolol,", 0.5, 1.2, 0.8f),
        new WordTiming(" then", 1.3, 1.5, 0.9f),
        new WordTiming(" Xarelto.", 1.6, 2.0, 0.7f)), corrected.words());
  }

  @Test
  void aPhraseOfSeveralWordsSharesTheSpanByLettersOrTakesTheWordsTimesWhenTheCountsAgree() {
    List<WordTiming> heard = List.of(new WordTiming(" sakubitrilvalsartan", 1.0, 2.0, 0.2f),
        new WordTiming(" peak", 2.1, 2.4, 0.5f), new WordTiming(" t", 2.4, 2.5, 0.9f));

    CorrectedWords split = CorrectedWords.apply(heard,
        List.of(new Correction(0, 1, "sakubitrilvalsartan", "sacubitril valsartan", "lexicon", 0.6f)));
    assertEquals(List.of(new WordTiming(" sacubitril", 1.0, 1.53, 0.6f), new WordTiming(" valsartan", 1.53, 2.0, 0.6f)),
        split.words().subList(0, 2));

    CorrectedWords sameCount = CorrectedWords.apply(heard,
        List.of(new Correction(1, 2, "peak t", "peaked T", "lexicon", 0.9f)));
    assertEquals(List.of(new WordTiming(" peaked", 2.1, 2.4, 0.9f), new WordTiming(" T", 2.4, 2.5, 0.9f)),
        sameCount.words().subList(1, 3));
    assertEquals("sakubitrilvalsartan peaked T", sameCount.text());
  }

  @Test
  void overlappingCorrectionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CorrectedWords.apply(HEARD, List.of(
        new Correction(1, 2, "metro paul,", "metoprolol", "lexicon", 0.8f),
        new Correction(2, 1, "paul,", "Paul", "lexicon", 0.8f))));
    assertThrows(IllegalArgumentException.class, () -> CorrectedWords.apply(HEARD, List.of(
        new Correction(4, 2, "Zolta.", "Xarelto", "lexicon", 0.8f))));
  }
}
