package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PunctuationMergeTest {

  private static WordSpan word(String text, int token) {
    return new WordSpan(text, List.of(token), token, token + 1, 0.5);
  }

  @Test
  void openingMarksJoinTheNextWordAndClosingMarksThePrevious() {
    List<WordSpan> words = new ArrayList<>(List.of(
        word(" (", 1), word("hello", 2), word(")", 3), word(" world", 4), word(".", 5)));
    WordAligner.mergePunctuations(words, WordAligner.PREPEND_PUNCTUATIONS, WordAligner.APPEND_PUNCTUATIONS);
    assertEquals(List.of("", " (hello)", "", " world.", ""), words.stream().map(w -> w.word).toList());
    assertEquals(List.of(List.of(), List.of(1, 2, 3), List.of(), List.of(4, 5), List.of()),
        words.stream().map(w -> w.tokens).toList());
    // times stay those of the word the mark joined
    assertEquals(2.0, words.get(1).start);
    assertEquals(3.0, words.get(1).end);
  }

  @Test
  void markAfterASpaceEndingWordStaysAlone() {
    List<WordSpan> words = new ArrayList<>(List.of(word(" so ", 1), word(",", 2)));
    WordAligner.mergePunctuations(words, WordAligner.PREPEND_PUNCTUATIONS, WordAligner.APPEND_PUNCTUATIONS);
    assertEquals(List.of(" so ", ","), words.stream().map(w -> w.word).toList());
  }
}
