package io.medasr.audio;

/**
 * Thrown when a stream decodes to more 16 kHz audio than its decoder may produce. Raised before the excess is
 * buffered, so a small compressed request cannot make the server hold hours of audio. The message is safe to
 * return to the client.
 */
public final class AudioLimitExceededException extends Exception {
  private static final long serialVersionUID = 1L;

  private final double maxSeconds;

  public AudioLimitExceededException(double maxSeconds) {
    super(
        String.format(
            "audio is longer than this server accepts per call (at most %.0f s)", maxSeconds));
    this.maxSeconds = maxSeconds;
  }

  /** The most audio, in seconds, the decoder would produce. */
  public double maxSeconds() {
    return maxSeconds;
  }
}
