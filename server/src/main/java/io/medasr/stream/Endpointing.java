package io.medasr.stream;

/**
 * When an utterance of a stream ends and its text becomes final.
 *
 * @param minSilenceMs silence after speech that ends the utterance (the endpoint)
 * @param maxUtteranceSeconds longest utterance: speech that goes on this long without such a silence is
 *     ended as if at an endpoint (at the end of the 32 ms voice-activity frame that reaches the length), and a new
 *     utterance begins
 * @param speechPadMs audio kept on each side of the speech the voice-activity detector found
 */
public record Endpointing(int minSilenceMs, double maxUtteranceSeconds, int speechPadMs) {
  public static final int DEFAULT_MIN_SILENCE_MS = 500;
  public static final double DEFAULT_MAX_UTTERANCE_SECONDS = 60;
  public static final int DEFAULT_SPEECH_PAD_MS = 100;
  /** Below this a pause between two words would already end an utterance. */
  public static final int MIN_SILENCE_MS_LOWER = 100;
  public static final int MIN_SILENCE_MS_UPPER = 5000;
  public static final double MAX_UTTERANCE_SECONDS_LOWER = 1;
  public static final double MAX_UTTERANCE_SECONDS_UPPER = 300;
  public static final int SPEECH_PAD_MS_UPPER = 500;

  public Endpointing {
    if (minSilenceMs < MIN_SILENCE_MS_LOWER || minSilenceMs > MIN_SILENCE_MS_UPPER) {
      throw new IllegalArgumentException("endpoint silence must be " + MIN_SILENCE_MS_LOWER + ".."
          + MIN_SILENCE_MS_UPPER + " ms, got " + minSilenceMs);
    }
    if (!(maxUtteranceSeconds >= MAX_UTTERANCE_SECONDS_LOWER && maxUtteranceSeconds <= MAX_UTTERANCE_SECONDS_UPPER)) {
      throw new IllegalArgumentException("max utterance must be " + MAX_UTTERANCE_SECONDS_LOWER + ".."
          + MAX_UTTERANCE_SECONDS_UPPER + " s, got " + maxUtteranceSeconds);
    }
    if (speechPadMs < 0 || speechPadMs > SPEECH_PAD_MS_UPPER) {
      throw new IllegalArgumentException("speech padding must be 0.." + SPEECH_PAD_MS_UPPER + " ms, got "
          + speechPadMs);
    }
    if (2 * speechPadMs > minSilenceMs) {
      // the end of an utterance would wait for the next one's padding (VadConfig)
      throw new IllegalArgumentException("speech padding " + speechPadMs + " ms must be at most half the endpoint "
          + "silence " + minSilenceMs + " ms");
    }
  }

  public static Endpointing defaults() {
    return new Endpointing(DEFAULT_MIN_SILENCE_MS, DEFAULT_MAX_UTTERANCE_SECONDS, DEFAULT_SPEECH_PAD_MS);
  }
}
