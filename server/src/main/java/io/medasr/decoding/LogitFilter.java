package io.medasr.decoding;

/**
 * A rule that masks or reshapes the next-token logits before a token is chosen (openai's {@code
 * LogitFilter}). Implementations keep no per-sequence state, so one instance serves a whole
 * decoding run.
 */
@FunctionalInterface
public interface LogitFilter {

  /**
   * Adjusts {@code logits} in place.
   *
   * @param logits scores of the next token, one per vocabulary id
   * @param tokens the sequence so far (prompt, SOT sequence, sampled tokens) in {@code [0, length)}
   * @param length number of valid entries of {@code tokens}
   */
  void apply(float[] logits, int[] tokens, int length);
}
