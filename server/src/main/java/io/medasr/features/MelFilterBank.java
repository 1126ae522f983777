package io.medasr.features;

/**
 * librosa's default mel filter bank ({@code librosa.filters.mel(sr, n_fft, n_mels)}): Slaney mel scale and
 * Slaney area normalisation, spanning 0 Hz to the Nyquist frequency. This is the matrix Whisper ships as
 * {@code mel_filters.npz} ({@code mel_80}, {@code mel_128}), computed here from its closed form.
 *
 * <p>Stateless; thread-safe.
 */
public final class MelFilterBank {

  /** Below 1 kHz the Slaney scale is linear with this many Hz per mel. */
  private static final double LINEAR_HZ_PER_MEL = 200.0 / 3.0;

  private static final double LOG_REGION_START_HZ = 1000.0;
  private static final double LOG_REGION_START_MEL = LOG_REGION_START_HZ / LINEAR_HZ_PER_MEL;

  /** Above 1 kHz the scale is logarithmic: 27 mels per factor 6.4 in frequency. */
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private MelFilterBank() {}

  /**
   * Returns the filter matrix {@code [nMels][nFft/2 + 1]}: row {@code i} weights the power of each rFFT bin
   * for mel band {@code i}. Computed in double precision and rounded to float, as librosa does.
   */
  public static float[][] slaney(int nMels, int nFft, int sampleRate) {
    if (nMels < 1 || nFft < 2 || sampleRate < 1) {
      throw new IllegalArgumentException(
          "invalid mel filter bank shape: nMels="
              + nMels
              + ", nFft="
              + nFft
              + ", sampleRate="
              + sampleRate);
    }
    int bins = nFft / 2 + 1;
    double binHz = (double) sampleRate / nFft;
    double maxMel = hzToMel(sampleRate / 2.0);

    // nMels + 2 band edges, equally spaced in mel: band i rises over [edge i, i+1] and falls over
    // [i+1, i+2]
    double[] edgesHz = new double[nMels + 2];
    for (int i = 0; i < edgesHz.length; i++) {
      edgesHz[i] = melToHz(maxMel * i / (nMels + 1));
    }

    float[][] filters = new float[nMels][bins];
    for (int band = 0; band < nMels; band++) {
      double lower = edgesHz[band];
      double centre = edgesHz[band + 1];
      double upper = edgesHz[band + 2];
      double areaNorm = 2.0 / (upper - lower);
      for (int bin = 0; bin < bins; bin++) {
        double hz = bin * binHz;
        double rising = (hz - lower) / (centre - lower);
        double falling = (upper - hz) / (upper - centre);
        double weight = Math.max(0.0, Math.min(rising, falling));
        filters[band][bin] = (float) (weight * areaNorm);
      }
    }
    return filters;
  }

  /** Slaney Hz to mel (librosa {@code hz_to_mel} with {@code htk=False}). */
  static double hzToMel(double hz) {
    if (hz < LOG_REGION_START_HZ) {
      return hz / LINEAR_HZ_PER_MEL;
    }
    return LOG_REGION_START_MEL + Math.log(hz / LOG_REGION_START_HZ) / LOG_STEP;
  }

  /** Slaney mel to Hz (librosa {@code mel_to_hz} with {@code htk=False}). */
  static double melToHz(double mel) {
    if (mel < LOG_REGION_START_MEL) {
      return mel * LINEAR_HZ_PER_MEL;
    }
    return LOG_REGION_START_HZ * Math.exp(LOG_STEP * (mel - LOG_REGION_START_MEL));
  }
}
