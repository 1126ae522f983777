package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Aho-Corasick scoring with revocation, on token ids chosen by hand (icefall ContextGraph semantics). */
class PhraseTrieTest {
  private static final PhraseTrie TRIE = PhraseTrie.of(List.of(
      new PhraseTrie.Entry(new int[] {1, 2, 3}, 1f, "one two three"),
      new PhraseTrie.Entry(new int[] {2, 4}, 1f, "two four")));

  private static PhraseTrie.Move step(int state, int token) {
    PhraseTrie.Move move = new PhraseTrie.Move();
    TRIE.step(state, token, move);
    return move;
  }

  @Test
  void aCompletedPhraseEarnsEachTokenThenItsWholeScoreOnceMore() {
    PhraseTrie.Move one = step(PhraseTrie.ROOT, 1);
    PhraseTrie.Move two = step(one.node, 2);
    PhraseTrie.Move three = step(two.node, 3);
    assertEquals(List.of(1f, 1f, 4f), List.of(one.score, two.score, three.score));
    assertNull(two.completed);
    assertEquals("one two three", three.completed);
    assertEquals(3, three.completedLength);
  }

  @Test
  void anAbandonedPartialMatchGivesBackWhatItEarned() {
    PhraseTrie.Move one = step(PhraseTrie.ROOT, 1);
    PhraseTrie.Move two = step(one.node, 2);
    PhraseTrie.Move away = step(two.node, 9);
    assertEquals(PhraseTrie.ROOT, away.node);
    assertEquals(-2f, away.score);
    assertEquals(-2f, TRIE.finish(two.node));
  }

  @Test
  void aFailureLinkCarriesTheMatchIntoAnOverlappingPhrase() {
    PhraseTrie.Move two = step(step(PhraseTrie.ROOT, 1).node, 2);
    PhraseTrie.Move four = step(two.node, 4);
    // "1 2" (score 2) turns into "2 4" (score 2): nothing to give back, and the completion earns 2 more
    assertEquals(2f, four.score);
    assertEquals("two four", four.completed);
  }

  @Test
  void boostsAreEachTokensAdvantageOverAbandoningTheMatch() {
    int state = step(step(PhraseTrie.ROOT, 1).node, 2).node;
    float[] scores = new float[10];
    Boosts boosts = Boosts.forRun(Biasing.of(List.of(TRIE), 100, List.of(), 0), scores.length);
    boosts.startStep();
    boosts.startTrie();
    TRIE.addBoosts(state, scores, boosts);
    // 3 completes "1 2 3" (3 + 3), 4 completes "2 4" through the failure link (2 + 2), 1 and 2 start anew
    assertArrayEquals(new float[] {0, 1, 1, 6, 4, 0, 0, 0, 0, 0}, scores);
    assertEquals(6f, boosts.of(3));
    assertEquals(0f, boosts.of(5));
  }

  @Test
  void aSharedPrefixKeepsTheLargerBoost() {
    PhraseTrie trie = PhraseTrie.of(List.of(
        new PhraseTrie.Entry(new int[] {7, 8}, 1f, "a"),
        new PhraseTrie.Entry(new int[] {7, 9}, 3f, "b")));
    PhraseTrie.Move first = new PhraseTrie.Move();
    trie.step(PhraseTrie.ROOT, 7, first);
    assertEquals(3f, first.score);
    assertEquals(4, trie.size());
  }
}
