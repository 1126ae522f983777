package io.medasr.decoding;

import java.util.Arrays;

/**
 * Whisper's timestamp grammar (openai decoding.py {@code ApplyTimestampRules}): text is enclosed in
 * pairs of timestamp tokens that never decrease, the first sampled token is a timestamp of at most
 * {@code maxInitialTimestampIndex}, and a timestamp is forced when the timestamp tokens together
 * are likelier than any single text token. Immutable, thread-safe.
 */
public final class ApplyTimestampRules implements LogitFilter {
  private final int sampleBegin;
  private final int eot;
  private final int noTimestamps;
  private final int timestampBegin;
  private final int maxInitialTimestampIndex;

  /**
   * @param sampleBegin length of the initial tokens (prompt + SOT sequence)
   * @param maxInitialTimestampIndex highest first timestamp index (50 = 1.0 s); negative = no limit
   */
  public ApplyTimestampRules(
      int sampleBegin, int eot, int noTimestamps, int timestampBegin, int maxInitialTimestampIndex) {
    this.sampleBegin = sampleBegin;
    this.eot = eot;
    this.noTimestamps = noTimestamps;
    this.timestampBegin = timestampBegin;
    this.maxInitialTimestampIndex = maxInitialTimestampIndex;
  }

  @Override
  public void apply(float[] logits, int[] tokens, int length) {
    logits[noTimestamps] = Float.NEGATIVE_INFINITY;

    int sampled = length - sampleBegin;
    boolean lastWasTimestamp = sampled >= 1 && tokens[length - 1] >= timestampBegin;
    boolean penultimateWasTimestamp = sampled < 2 || tokens[length - 2] >= timestampBegin;
    if (lastWasTimestamp) {
      if (penultimateWasTimestamp) {
        // a pair just closed (or the first timestamp opened): text or end-of-text must follow
        fill(logits, timestampBegin, logits.length);
      } else {
        // a segment just ended: only end-of-text or the next segment's opening timestamp
        fill(logits, 0, eot);
      }
    }

    int lastTimestamp = -1;
    for (int i = length - 1; i >= sampleBegin; i--) {
      if (tokens[i] >= timestampBegin) {
        lastTimestamp = tokens[i];
        break;
      }
    }
    if (lastTimestamp >= 0) {
      // never go back in time; after text, the closing timestamp must be strictly later so that
      // no zero-length segment can loop forever
      int limit = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
      fill(logits, timestampBegin, limit);
    }

    if (length == sampleBegin) {
      fill(logits, 0, timestampBegin);
      if (maxInitialTimestampIndex >= 0) {
        fill(logits, timestampBegin + maxInitialTimestampIndex + 1, logits.length);
      }
    }

    if (timestampMassWins(logits)) {
      fill(logits, 0, timestampBegin);
    }
  }

  /**
   * logsumexp over the timestamp log-probabilities > the best text log-probability; the shared
   * normaliser of log_softmax cancels, so the comparison runs on the masked logits.
   */
  private boolean timestampMassWins(float[] logits) {
    double maxText = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < timestampBegin; i++) {
      maxText = Math.max(maxText, logits[i]);
    }
    double maxTimestamp = Double.NEGATIVE_INFINITY;
    for (int i = timestampBegin; i < logits.length; i++) {
      maxTimestamp = Math.max(maxTimestamp, logits[i]);
    }
    if (maxTimestamp == Double.NEGATIVE_INFINITY) {
      return false;
    }
    double sum = 0;
    for (int i = timestampBegin; i < logits.length; i++) {
      sum += Math.exp(logits[i] - maxTimestamp);
    }
    return maxTimestamp + Math.log(sum) > maxText;
  }

  private static void fill(float[] logits, int from, int to) {
    if (from < to) {
      Arrays.fill(logits, from, Math.min(to, logits.length), Float.NEGATIVE_INFINITY);
    }
  }
}
