package io.medasr.vad;

/**
 * The audio every voice activity detector here works on: 16 kHz mono float samples, scored in frames of 512
 * samples (32 ms), the frame Silero VAD takes at 16 kHz. Stream positions are sample counts from the start
 * of the stream.
 */
public final class VadFormat {
  public static final int SAMPLE_RATE = 16_000;
  /** New samples per scored frame. */
  public static final int FRAME_SAMPLES = 512;
  public static final int FRAME_MS = FRAME_SAMPLES * 1000 / SAMPLE_RATE;
  /** Samples of the previous frame that Silero sees again in front of each new frame. */
  static final int SILERO_CONTEXT_SAMPLES = 64;
  /** Silero's recurrent state: [2, batch 1, 128]. */
  static final long[] SILERO_STATE_SHAPE = {2, 1, 128};
  static final int SILERO_STATE_SIZE = 2 * 1 * 128;

  private VadFormat() {}

  /** Samples in {@code millis} milliseconds (exact: 16 per millisecond). */
  public static long samples(int millis) {
    return (long) millis * SAMPLE_RATE / 1000;
  }

  public static double seconds(long samples) {
    return samples / (double) SAMPLE_RATE;
  }
}
