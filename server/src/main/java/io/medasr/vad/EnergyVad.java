package io.medasr.vad;

import java.util.Arrays;

/**
 * The fallback when the Silero model is absent: a frame's RMS level in dBFS against an adaptive noise floor.
 * The floor is the lowest level of the last {@link EnergyVadConfig#noiseWindowMs()} (minimum statistics:
 * speech has quiet frames between syllables, steady noise has none much below its mean), levels below
 * {@link EnergyVadConfig#floorDbfs()} count as that floor, and the score is {@code (level - floor) /
 * fullScaleSnrDb}, clamped to [0, 1], segmented with the same hysteresis as Silero's probabilities.
 *
 * <p>Limits: speech quieter than about {@code floorDbfs + 12} dB (-38 dBFS) is not detected; speech from the
 * stream's first frame is missed until a quieter frame sets the floor; loud non-speech sounds are speech.
 * Per stream; not thread-safe.
 */
public final class EnergyVad implements VoiceActivity {
  private final EnergyVadConfig config;
  /** Ring of the last frames' levels (dB), the noise window. */
  private final double[] levels;
  private int filled;
  private int next;

  public EnergyVad(EnergyVadConfig config) {
    this.config = config;
    this.levels = new double[config.noiseWindowFrames()];
  }

  @Override
  public float score(float[] frame) {
    if (frame.length != VadFormat.FRAME_SAMPLES) {
      throw new IllegalArgumentException(
          "frame has " + frame.length + " samples, expected " + VadFormat.FRAME_SAMPLES);
    }
    double level = Math.max(levelDbfs(frame), config.floorDbfs());
    levels[next] = level;
    next = (next + 1) % levels.length;
    filled = Math.min(filled + 1, levels.length);
    double snr = level - noiseFloor();
    return (float) Math.min(1.0, Math.max(0.0, snr / config.fullScaleSnrDb()));
  }

  private double noiseFloor() {
    double floor = Double.POSITIVE_INFINITY;
    for (int i = 0; i < filled; i++) {
      floor = Math.min(floor, levels[i]);
    }
    return floor;
  }

  /** RMS level in dB relative to full scale (1.0); negative infinity for digital silence. */
  private static double levelDbfs(float[] frame) {
    double energy = 0;
    for (float sample : frame) {
      energy += (double) sample * sample;
    }
    return 10 * Math.log10(energy / frame.length);
  }

  @Override
  public void reset() {
    Arrays.fill(levels, 0);
    filled = 0;
    next = 0;
  }
}
