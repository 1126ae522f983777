package io.medasr.decoding;

/** Arithmetic on one row of a model's logits, shared by Whisper's decoders and BART's generation. */
public final class Logits {
  private Logits() {}

  /** The index of the largest logit (the lowest index on ties). */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** log(sum(exp(logits))), the normaliser of log-softmax; -inf when every logit is. */
  public static double logSumExp(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (float logit : logits) {
      sum += Math.exp(logit - max);
    }
    return max + Math.log(sum);
  }
}
