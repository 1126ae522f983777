package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a request's phrases a first hypothesis suggests for the prompt. */
class PromptTermsTest {
  @Test
  void aRunOfWordsThatSoundsLikeAPhraseSuggestsIt() {
    assertEquals(List.of("apixaban"), PromptTerms.select("We will continue a Pixel 5 mg twice daily.",
        List.of("metoprolol", "apixaban", "warfarin", "CT"), 10));
  }

  @Test
  void shortCodesMatchOnlyWhenSpelled() {
    assertEquals(List.of("abdomen"), PromptTerms.select("CD of the abdomen shows dilated loops",
        List.of("CT", "abdomen"), 10));
    assertEquals(List.of("CT", "abdomen"), PromptTerms.select("CT of the abdomen shows dilated loops",
        List.of("CT", "abdomen"), 10));
  }

  @Test
  void eachRunOfWordsSuggestsOnePhraseTheMostSimilarFirst() {
    assertEquals(List.of("atorvastatin"), PromptTerms.select("love love a tour set in 20 mg per kilogram",
        List.of("atorvastatin", "levetiracetam"), 10));
    assertEquals(List.of("IV", "ceftriaxone"), PromptTerms.select("start set free axon 1 gram IV daily",
        List.of("cefazolin", "ceftriaxone", "IV", "IV fluids"), 10));
    assertEquals(List.of("IV"), PromptTerms.select("start set free axon 1 gram IV daily",
        List.of("cefazolin", "ceftriaxone", "IV", "IV fluids"), 1));
  }

  @Test
  void aPromptedDecodeMayRespellTheFirstNotRewriteIt() {
    assertTrue(PromptTerms.respells("We will continue a Pixel 5 mg twice daily.",
        "We will continue apixaban 5 mg twice daily."));
    assertFalse(PromptTerms.respells("Alcohol withdrawal, C with score of 18, start lorazepam and thiamine.",
        "Alcohol withdrawal, lorazepam, thiamine, IV fluids, folic acid, multivitamin, IV fluids, folic acid."));
  }

  @Test
  void spellingIgnoresCaseAndPunctuation() {
    assertTrue(PromptTerms.spells("Start Piperacillin-Tazobactam now.", "piperacillin-tazobactam"));
    assertFalse(PromptTerms.spells("Start piperacillin now.", "piperacillin-tazobactam"));
  }
}
