package io.medasr.vad;

/**
 * Tuning of {@link EnergyVad}.
 *
 * @param floorDbfs frame levels below this (dB relative to full scale, RMS) count as this level: the lowest
 *     noise floor assumed, so that digital silence followed by quiet room noise does not look like speech
 * @param noiseWindowMs the noise floor is the lowest frame level of this much recent audio
 * @param fullScaleSnrDb the level above the noise floor that scores 1; scores grow linearly from 0 at the
 *     floor, so with {@link VadConfig#defaults()} speech starts 12 dB above the floor and ends below 8.4 dB
 */
public record EnergyVadConfig(double floorDbfs, int noiseWindowMs, double fullScaleSnrDb) {

  public EnergyVadConfig {
    if (!(floorDbfs < 0)) {
      throw new IllegalArgumentException("floorDbfs must be below 0 dBFS, got " + floorDbfs);
    }
    if (noiseWindowMs < VadFormat.FRAME_SAMPLES * 1000 / VadFormat.SAMPLE_RATE) {
      throw new IllegalArgumentException("noiseWindowMs must cover at least one 32 ms frame, got " + noiseWindowMs);
    }
    if (!(fullScaleSnrDb > 0)) {
      throw new IllegalArgumentException("fullScaleSnrDb must be > 0, got " + fullScaleSnrDb);
    }
  }

  /** -50 dBFS floor, 3 s noise window, 24 dB to full score (tuned on timing-synth and jfk.wav, docs/vad.md). */
  public static EnergyVadConfig defaults() {
    return new EnergyVadConfig(-50, 3000, 24);
  }

  /** Frames in the noise window, rounded. */
  int noiseWindowFrames() {
    return (int) Math.round(VadFormat.samples(noiseWindowMs) / (double) VadFormat.FRAME_SAMPLES);
  }
}
