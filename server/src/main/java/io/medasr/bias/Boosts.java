package io.medasr.bias;

/**
 * The boosts added to one step's scores, so that a decoder can take them back out of the token it picked (its
 * log-probability stays the model's) and so that each trie boosts a token once. Reused step after step without
 * clearing the vocabulary-sized arrays. Not thread-safe: one per decoding run.
 */
public final class Boosts {
  /** For decoding without biasing: nothing is ever boosted. */
  public static final Boosts NONE = new Boosts(0);

  private final int[] seenStamp;
  private final int[] stepStamp;
  private final float[] amount;
  private int trieGeneration;
  private int stepGeneration;

  /** Boosts for one decoding run with biasing; {@code vocabularySize} is the logits' width. */
  public static Boosts forRun(Biasing biasing, int vocabularySize) {
    return biasing.tries().isEmpty() ? NONE : new Boosts(vocabularySize);
  }

  private Boosts(int vocabularySize) {
    seenStamp = new int[vocabularySize];
    stepStamp = new int[vocabularySize];
    amount = new float[vocabularySize];
  }

  /** Starts a step: no token boosted yet. */
  void startStep() {
    stepGeneration++;
  }

  /** Starts one trie's pass within a step. */
  void startTrie() {
    trieGeneration++;
  }

  boolean has(int token) {
    return seenStamp[token] == trieGeneration;
  }

  void add(int token, float boost, float[] scores) {
    seenStamp[token] = trieGeneration;
    if (stepStamp[token] != stepGeneration) {
      stepStamp[token] = stepGeneration;
      amount[token] = 0;
    }
    amount[token] += boost;
    scores[token] += boost;
  }

  /** What this step added to {@code token}'s score. */
  public float of(int token) {
    return token < stepStamp.length && stepStamp[token] == stepGeneration ? amount[token] : 0;
  }
}
