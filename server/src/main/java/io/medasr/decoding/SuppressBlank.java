package io.medasr.decoding;

/**
 * Forbids a blank start: at the first sampled position only, the space token(s) ({@code encode("
 * ")}) and end-of-text get -inf, so a window never begins with nothing. Immutable, thread-safe.
 */
public final class SuppressBlank implements LogitFilter {
  private final int sampleBegin;
  private final int[] blankTokens;

  /**
   * @param sampleBegin length of the initial tokens (prompt + SOT sequence)
   * @param blankTokens the ids of {@code encode(" ")} plus end-of-text
   */
  public SuppressBlank(int sampleBegin, int[] blankTokens) {
    this.sampleBegin = sampleBegin;
    this.blankTokens = blankTokens.clone();
  }

  @Override
  public void apply(float[] logits, int[] tokens, int length) {
    if (length == sampleBegin) {
      for (int id : blankTokens) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
  }
}
