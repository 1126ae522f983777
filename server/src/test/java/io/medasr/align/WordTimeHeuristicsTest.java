package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The duration heuristics of openai add_word_timestamps on hand-made word times. */
class WordTimeHeuristicsTest {

  private static WordSpan span(String word, double start, double end) {
    return new WordSpan(word, List.of(1), start, end, 0.9);
  }

  @Test
  void longSentenceMarkIsCutAfterTwiceTheMedian() {
    List<WordSpan> words = new ArrayList<>(List.of(span(" a", 0.0, 0.2), span(".", 0.2, 2.0)));
    WordAligner.truncateAtSentenceEnds(words, 0.4);
    assertEquals(0.6, words.get(1).end, 1e-12);
    assertEquals(0.2, words.get(1).start, 1e-12);
  }

  @Test
  void longWordAfterASentenceMarkStartsLater() {
    List<WordSpan> words = new ArrayList<>(List.of(span(" b", 0.0, 0.2), span(".", 0.2, 0.3), span(" c", 0.3, 3.0)));
    WordAligner.truncateAtSentenceEnds(words, 0.4);
    assertEquals(2.6, words.get(2).start, 1e-12);
    assertEquals(3.0, words.get(2).end, 1e-12);
  }

  @Test
  void overlongFirstWordAfterAPauseIsShortenedAndTheSegmentFollowsItsWords() {
    List<WordTiming> words = List.of(new WordTiming(" hi", 0.0, 3.0, 0.9f), new WordTiming(" there", 3.0, 3.4, 0.9f));
    double[] bounds = {1.0, 3.4};
    List<WordTiming> adjusted = WordAligner.clampToSegment(words, bounds, 0.0, 0.3, 0.6);
    assertEquals(2.4, adjusted.get(0).start(), 1e-12);
    assertEquals(3.0, adjusted.get(0).end(), 1e-12);
    assertEquals(3.0, adjusted.get(1).start(), 1e-12);
    assertArrayEquals(new double[] {2.4, 3.4}, bounds, 1e-12);
  }

  @Test
  void segmentTimestampsWinWhenTheWordsRunFarPastThem() {
    // first word starts 0.8 s before the segment, last word ends 0.9 s after it
    List<WordTiming> words = List.of(new WordTiming(" x", 4.2, 5.2, 0.9f), new WordTiming(" y", 5.2, 6.9, 0.9f));
    double[] bounds = {5.0, 6.0};
    List<WordTiming> adjusted = WordAligner.clampToSegment(words, bounds, 4.9, 0.3, 0.6);
    assertEquals(4.9, adjusted.get(0).start(), 1e-12); // max(0, min(5.2 - 0.3, 5.0))
    assertEquals(6.0, adjusted.get(1).end(), 1e-12); // max(5.2 + 0.3, 6.0)
    assertArrayEquals(new double[] {5.0, 6.0}, bounds, 1e-12);
  }
}
