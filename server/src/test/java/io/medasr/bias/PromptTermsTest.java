package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a request's phrases and a lexicon's terms a first hypothesis suggests for the prompt. */
class PromptTermsTest {
  @Test
  void aRunOfWordsThatSoundsLikeAPhraseSuggestsIt() {
    assertEquals(List.of("apixaban"), select("We will continue a Pixel 5 mg twice daily.",
        List.of("metoprolol", "apixaban", "warfarin", "CT"), 10));
  }

  @Test
  void shortCodesMatchOnlyWhenSpelled() {
    assertEquals(List.of("abdomen"),
        select("CD of the abdomen shows dilated loops", List.of("CT", "abdomen"), 10));
    assertEquals(List.of("CT", "abdomen"),
        select("CT of the abdomen shows dilated loops", List.of("CT", "abdomen"), 10));
  }

  @Test
  void eachRunOfWordsSuggestsOnePhraseTheMostSimilarFirst() {
    assertEquals(List.of("atorvastatin"), select("love love a tour set in 20 mg per kilogram",
        List.of("atorvastatin", "levetiracetam"), 10));
    List<String> antibiotics = List.of("cefazolin", "ceftriaxone", "IV", "IV fluids");
    assertEquals(List.of("IV", "ceftriaxone"), select("start set free axon 1 gram IV daily", antibiotics, 10));
    assertEquals(List.of("IV"), select("start set free axon 1 gram IV daily", antibiotics, 1));
  }

  @Test
  void aLexiconSuggestsItsTermsAndTheirLongWordsForRunsWithADoubtedWord() {
    PromptTerms lexicon = PromptTerms.ofLexicon(List.of(
        new LexiconTerm("levothyroxine", "drug", Set.of("general"), 0.9, List.of()),
        new LexiconTerm("doxycycline", "drug", Set.of("general"), 0.8, List.of()),
        new LexiconTerm("Hyposmolality and hyponatremia", "diagnosis", Set.of("general"), 0.7, List.of()),
        new LexiconTerm("CFRD", "abbreviation", Set.of("general"), 0.6, List.of()),
        new LexiconTerm("EndoAVF", "procedure", Set.of("general"), 0.5, List.of())), word -> false);
    List<PromptTerms.HeardWord> heard = heard("Hyphenotremia: start levithiroxide and DOCS Cyclone, check CFR D", 0.3f);
    assertEquals(List.of("doxycycline", "levothyroxine", "hyponatremia"),
        PromptTerms.select(heard, 10, List.of(lexicon)));
    assertEquals(List.of("doxycycline"), PromptTerms.select(heard, 1, List.of(lexicon)));
    // words heard with confidence are taken as said
    assertEquals(List.of(), PromptTerms.select(heard("start levithiroxide", 0.9f), 10, List.of(lexicon)));
    // a run must sound like the term and be spelled somewhat like it
    assertEquals(List.of(), PromptTerms.select(heard("leave it here oxide", 0.3f), 10, List.of(lexicon)));
  }

  @Test
  void aLexiconTermNeedsADoubtedWordSpelledFromPiecesButARequestsPhraseDoesNot() {
    PromptTerms lexicon = PromptTerms.ofLexicon(List.of(
        new LexiconTerm("doxycycline", "drug", Set.of("general"), 0.8, List.of())), word -> false);
    List<PromptTerms.HeardWord> knownWords = List.of(new PromptTerms.HeardWord("docs", 0.3f, false),
        new PromptTerms.HeardWord("cyclone", 0.3f, false));
    assertEquals(List.of(), PromptTerms.select(knownWords, 10, List.of(lexicon)));
    assertEquals(List.of("doxycycline"),
        PromptTerms.select(knownWords, 10, List.of(PromptTerms.of(List.of("doxycycline")))));
    List<PromptTerms.HeardWord> onePieced = List.of(new PromptTerms.HeardWord("docs", 0.9f, false),
        new PromptTerms.HeardWord("cyclon", 0.3f, true));
    assertEquals(List.of("doxycycline"), PromptTerms.select(onePieced, 10, List.of(lexicon)));
  }

  @Test
  void aLexiconLeavesOutWordsTheDecoderSpellsUnprompted() {
    List<LexiconTerm> terms = List.of(new LexiconTerm("Abnormal body temperature", "diagnosis", Set.of("general"),
        0.9, List.of()));
    List<PromptTerms.HeardWord> heard = heard("her temprature was up", 0.3f);
    assertEquals(List.of("temperature"),
        PromptTerms.select(heard, 10, List.of(PromptTerms.ofLexicon(terms, w -> false))));
    assertEquals(List.of(),
        PromptTerms.select(heard, 10, List.of(PromptTerms.ofLexicon(terms, Set.of("temperature")::contains))));
  }

  @Test
  void theRequestsPhrasesClaimTheirRunsBeforeTheLexicon() {
    PromptTerms lexicon = PromptTerms.ofLexicon(List.of(
        new LexiconTerm("levothyroxine", "drug", Set.of("general"), 0.9, List.of())), word -> false);
    assertEquals(List.of("levo thyroxin"), PromptTerms.select(heard("start levithiroxide", 0.3f), 10,
        List.of(PromptTerms.of(List.of("levo thyroxin")), lexicon)));
  }

  /** The request phrases {@code phrases} suggests for {@code hypothesis}, every word heard with certainty. */
  private static List<String> select(String hypothesis, List<String> phrases, int max) {
    return PromptTerms.select(heard(hypothesis, 1f), max, List.of(PromptTerms.of(phrases)));
  }

  /** {@code text}'s words, each heard with {@code probability} and spelled from pieces. */
  private static List<PromptTerms.HeardWord> heard(String text, float probability) {
    return Arrays.stream(text.split(" ")).map(w -> new PromptTerms.HeardWord(w, probability, true)).toList();
  }

  @Test
  void aPromptedDecodeMayRespellTheFirstNotRewriteIt() {
    assertTrue(PromptTerms.respells("We will continue a Pixel 5 mg twice daily.",
        "We will continue apixaban 5 mg twice daily."));
    assertFalse(PromptTerms.respells("Alcohol withdrawal, C with score of 18, start lorazepam and thiamine.",
        "Alcohol withdrawal, lorazepam, thiamine, IV fluids, folic acid, multivitamin, IV fluids, folic acid."));
  }

  @Test
  void aPromptedDecodeAdoptsTheTermsItSpellsAndTheFirstDidNot() {
    List<String> terms = List.of("apixaban", "warfarin");
    assertEquals(List.of("apixaban"), PromptTerms.adopted("continue a Pixel 5 mg", "continue apixaban 5 mg", terms));
    assertEquals(List.of(), PromptTerms.adopted("continue a Pixel 5 mg", "continue a pixel 5 mg.", terms));
    assertEquals(List.of(), PromptTerms.adopted("continue apixaban 5 mg", "continue apixaban 5 mg daily", terms));
  }

  @Test
  void spellingIgnoresCaseAndPunctuation() {
    assertTrue(PromptTerms.spells("Start Piperacillin-Tazobactam now.", "piperacillin-tazobactam"));
    assertFalse(PromptTerms.spells("Start piperacillin now.", "piperacillin-tazobactam"));
  }
}
