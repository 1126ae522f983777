package io.medasr.bias;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where one hypothesis stands in each trie of a {@link Biasing}, and the phrases it has completed. Text tokens
 * walk the tries; any other token (timestamps, end of text) abandons partial matches. Not thread-safe; beam
 * search copies it per hypothesis.
 */
public final class BiasState {
  private final Biasing biasing;
  private final int[] nodes;
  private final Set<String> completed;
  private final PhraseTrie.Move move = new PhraseTrie.Move();

  BiasState(Biasing biasing) {
    this(biasing, new int[biasing.tries().size()], new LinkedHashSet<>());
  }

  private BiasState(Biasing biasing, int[] nodes, Set<String> completed) {
    this.biasing = biasing;
    this.nodes = nodes;
    this.completed = completed;
  }

  public BiasState copy() {
    return new BiasState(biasing, nodes.clone(), new LinkedHashSet<>(completed));
  }

  /**
   * Adds to {@code scores} (log-probabilities or logits of one step) each token's advantage over abandoning the
   * current matches, recording it in {@code applied}.
   */
  public void boost(float[] scores, Boosts applied) {
    applied.startStep();
    for (int i = 0; i < nodes.length; i++) {
      applied.startTrie();
      biasing.tries().get(i).addBoosts(nodes[i], scores, applied);
    }
  }

  /**
   * Moves on by {@code token}.
   *
   * @return the score change of the hypothesis (positive while a phrase goes on, negative when one is abandoned)
   */
  public float advance(int token) {
    if (!biasing.isText(token)) {
      return finish();
    }
    float score = 0;
    for (int i = 0; i < nodes.length; i++) {
      biasing.tries().get(i).step(nodes[i], token, move);
      nodes[i] = move.node;
      score += move.score;
      if (move.completed != null && move.node != PhraseTrie.ROOT) {
        recordCompleted(move.completed);
      }
    }
    return score;
  }

  /** Abandons the partial matches (at end of text); returns what that gives back. */
  public float finish() {
    float score = 0;
    for (int i = 0; i < nodes.length; i++) {
      score += biasing.tries().get(i).finish(nodes[i]);
      nodes[i] = PhraseTrie.ROOT;
    }
    return score;
  }

  private void recordCompleted(String phrase) {
    completed.add(phrase);
  }

  /** Phrases completed so far, each once, in the order first completed. */
  public Set<String> completed() {
    return Collections.unmodifiableSet(completed);
  }

  @Override
  public String toString() {
    return "BiasState" + Arrays.toString(nodes);
  }
}
