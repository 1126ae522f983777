package io.medasr.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.align.WordTiming;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAgreementTest {
  /** The end of decoded audio far after every word: the commit margin is never in the way. */
  private static final double LATE = 100;

  /** Words of {@code text}, each 0.5 s long, back to back from {@code start}. */
  private static List<WordTiming> words(double start, String text) {
    List<WordTiming> words = new ArrayList<>();
    double t = start;
    for (String w : text.split(" ")) {
      words.add(new WordTiming(" " + w, t, t + 0.5, 0.9f));
      t += 0.5;
    }
    return words;
  }

  private static String text(List<WordTiming> words) {
    StringBuilder text = new StringBuilder();
    words.forEach(w -> text.append(w.word()));
    return text.toString().strip();
  }

  @Test
  void wordsAreCommittedOnceTwoHypothesesAgreeOnThemAndAllBefore() {
    LocalAgreement agreement = new LocalAgreement();
    assertEquals("", text(agreement.insert(words(0, "the patient has"), 0, LATE)));
    assertEquals("the patient", text(agreement.insert(words(0, "the patient was seen"), 0, LATE)));
    assertEquals("was seen", text(agreement.tentative()));
    assertEquals("", text(agreement.insert(words(0, "the patient is seen today"), 0, LATE)));
    assertEquals("is seen today", text(agreement.tentative()));
    assertEquals("is seen today", text(agreement.flush()));
    assertEquals(List.of(), agreement.tentative());
  }

  @Test
  void aWordThatTheNextWordContinuesStaysTentative() {
    LocalAgreement agreement = new LocalAgreement();
    List<WordTiming> first = new ArrayList<>(words(0, "a 50"));
    first.add(new WordTiming("-4", 1.0, 1.3, 0.9f));
    List<WordTiming> second = new ArrayList<>(first);
    second.add(new WordTiming("-year", 1.3, 1.5, 0.9f));
    agreement.insert(first, 0, LATE);
    // "a 50 -4" agree, but "-year" may still join "-4": only "a" is over
    assertEquals("a", text(agreement.insert(second, 0, LATE)));
    assertEquals("50-4-year", text(agreement.tentative()));
  }

  @Test
  void aDoubtedWordWaitsForTheEndpointWithEveryWordAfterIt() {
    LocalAgreement agreement = new LocalAgreement();
    List<WordTiming> heard = new ArrayList<>(words(0, "started on"));
    heard.add(new WordTiming(" a Pixel", 1.0, 1.5, LocalAgreement.MIN_COMMIT_PROBABILITY - 0.01f));
    heard.addAll(words(1.5, "twice daily"));
    agreement.insert(heard, 0, LATE);
    // both decodes heard "a Pixel" (apixaban); it is doubted, so only the words before it are final
    assertEquals("started on", text(agreement.insert(heard, 0, LATE)));
    assertEquals("a Pixel twice daily", text(agreement.tentative()));
    assertEquals("a Pixel twice daily", text(agreement.flush()));
  }

  @Test
  void caseAndPunctuationDoNotBreakAgreementAndTheNewerFormIsCommitted() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "Atrial fibrillation on"), 0, LATE);
    assertEquals("atrial fibrillation,", text(agreement.insert(words(0, "atrial fibrillation, and"), 0, LATE)));
  }

  @Test
  void committedWordsThatTheDecoderHearsAgainAreDroppedByTheirText() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "on a pixaban"), 0, LATE);
    agreement.insert(words(0, "on a pixaban who"), 0, LATE); // commits "on a pixaban", ending at 1.5
    // the tail was cut at the start of "pixaban" (1.0); the decoder hears it again, its times shifted early
    List<WordTiming> again = words(0.9, "pixaban who presents");
    assertEquals("who", text(agreement.insert(again, 1.0, LATE)));
    assertEquals("presents", text(agreement.tentative()));
    // a fragment of the word before may come first
    assertEquals("", text(agreement.insert(words(0.8, "a pixaban who comes"), 1.0, LATE)));
    assertEquals("comes", text(agreement.tentative()));
  }

  @Test
  void withoutTheTextCommittedAudioIsFoundByTime() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "chest pain"), 0, LATE);
    agreement.insert(words(0, "chest pain radiating"), 0, LATE); // commits up to 1.0
    // the decoder heard the cut word differently: its middle (0.75) lies in committed audio
    assertEquals("radiating", text(agreement.insert(words(0.5, "paint radiating to"), 0.5, LATE)));
    assertEquals("to", text(agreement.tentative()));
  }

  @Test
  void aDecodeThatHearsSecondsOfFinalWordsAgainCommitsOnlyTheWordsAfterThem() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "with a history of atrial"), 0, LATE);
    agreement.insert(words(0, "with a history of atrial fibrillation"), 0, LATE); // commits five words, to 2.5
    // a decode before finals hears them again, one of them differently, and its times a little late
    List<WordTiming> again = words(0.1, "with a mystery of atrial fibrillation on apixaban");
    assertEquals("fibrillation", text(agreement.insert(again, 0, LATE)));
    assertEquals("on apixaban", text(agreement.flush()));
  }

  @Test
  void committedTimesNeverGoBack() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "one two"), 0, LATE);
    List<WordTiming> first = agreement.insert(words(0, "one two three"), 0, LATE); // "one two", ending at 1.0
    assertEquals(1.0, first.get(1).end());
    // this decode puts "three" 0.1 s into committed audio; agreed, it is committed from where "two" ended
    List<WordTiming> overlapping = List.of(new WordTiming(" three", 0.9, 1.4, 0.9f),
        new WordTiming(" four", 1.4, 1.8, 0.9f));
    assertEquals(List.of(new WordTiming(" three", 1.0, 1.4, 0.9f)), agreement.insert(overlapping, 0, LATE));
  }

  @Test
  void agreedWordsWaitForTheCommitMarginOfAudioAfterThem() {
    LocalAgreement agreement = new LocalAgreement();
    double margin = LocalAgreement.COMMIT_MARGIN_SECONDS;
    agreement.insert(words(0, "a fifty"), 0, 0.6 + margin);
    // both say "a fifty", but only "a" (ending at 0.5) has the margin of audio after it
    assertEquals("a", text(agreement.insert(words(0, "a fifty four"), 0, 0.6 + margin)));
    assertEquals("fifty four", text(agreement.tentative()));
  }

  @Test
  void aHypothesisThatRepeatsTheLastFinalWordsLosesTheRepetitions() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "positive McBurney point sign"), 0, LATE);
    agreement.flush();
    agreement.insert(words(2.0, "McBurney point sign. McBurney point sign. and"), 1.5, LATE);
    assertEquals("and", text(agreement.tentative()));
  }

  @Test
  void commitUntilMakesTheEarlyTentativeWordsFinal() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "a b c d"), 0, LATE);
    assertEquals("a b", text(agreement.commitUntil(1.0)));
    assertEquals("c d", text(agreement.tentative()));
  }

  @Test
  void stabilityIsTheShareOfTentativeWordsThePreviousHypothesisHadAtAboutTheSameTime() {
    LocalAgreement agreement = new LocalAgreement();
    agreement.insert(words(0, "x b c d"), 0, LATE);
    assertEquals(0.0, agreement.stability());
    agreement.insert(words(0, "y b c e"), 0, LATE); // nothing agreed from the start; b and c seen before, at the same times
    assertEquals(0.5, agreement.stability());
  }
}
