package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VocabularyWordsTest {
  @Test
  void marksEveryRunOfWordsThatSpellsACompletedPhraseIgnoringCaseAndPunctuation() {
    List<String> words = List.of(" History", " of", " atrial", " fibrillation,", " on", " Apixaban.", " atrial");
    assertArrayEquals(new boolean[] {false, false, true, true, false, true, false},
        VocabularyWords.mark(words, Set.of("atrial fibrillation", "apixaban")));
    assertArrayEquals(new boolean[7], VocabularyWords.mark(words, Set.of()));
  }
}
