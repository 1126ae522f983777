package io.medasr.decoding;

import java.util.Arrays;

/**
 * Gives -inf to a fixed set of ids at every step (non-speech symbols and task/special tokens).
 * Immutable, thread-safe.
 */
public final class SuppressTokens implements LogitFilter {
  private final int[] ids;

  public SuppressTokens(int[] ids) {
    this.ids = Arrays.stream(ids).distinct().sorted().toArray();
  }

  @Override
  public void apply(float[] logits, int[] tokens, int length) {
    for (int id : ids) {
      if (id < logits.length) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
  }
}
