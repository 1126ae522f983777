package io.medasr.align.acoustic;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.util.Arrays;

/**
 * The features the pocketsphinx en-us model was trained on (its feat.params): 13 mel cepstra every 10 ms from
 * 25.6 ms Hamming windows of pre-emphasised 16 kHz audio (512-point FFT, 25 triangular filters of unit area from
 * 130 to 6800 Hz, orthonormal DCT, lifter 22), the utterance's mean cepstrum subtracted, then deltas and double
 * deltas ("1s_c_d_dd"). Deviation: the model's decoder also subtracts a running noise estimate (-remove_noise);
 * that is left out here, for the clean close-talk audio of dictation. Stateless; thread-safe.
 */
final class SphinxFeatures {
  static final int SAMPLE_RATE = 16000;
  static final int FRAME_SHIFT = 160;
  static final int FRAME_LENGTH = 410;
  static final int CEPSTRA = 13;
  static final int WIDTH = 3 * CEPSTRA;
  private static final int FFT_SIZE = 512;
  private static final int FILTERS = 25;
  private static final double LOWER_HZ = 130;
  private static final double UPPER_HZ = 6800;
  private static final double PREEMPHASIS = 0.97;
  private static final double LIFTER = 22;
  /** Sphinx works on 16-bit sample values. */
  private static final double SAMPLE_SCALE = 32768;
  private static final double LOG_FLOOR = 1e-5;
  /** Frames on each side that deltas reach (1s_c_d_dd: double deltas reach three). */
  private static final int CONTEXT = 3;

  private static final double[] WINDOW = hamming(FRAME_LENGTH);
  private static final double[][] FILTER_WEIGHTS = melFilters();
  private static final double[][] DCT = dct();

  private SphinxFeatures() {}

  /** Feature frames of {@code samples[from, from + length)}; frame t starts at sample {@code from + 160 t}. */
  static float[][] of(float[] samples, int from, int length) {
    int frames = length < FRAME_LENGTH ? 0 : 1 + (length - FRAME_LENGTH) / FRAME_SHIFT;
    double[][] cepstra = new double[frames][];
    FloatFFT fft = new FloatFFT(FFT_SIZE);
    float[] buffer = new float[FFT_SIZE];
    double[] power = new double[FFT_SIZE / 2 + 1];
    double[] logMel = new double[FILTERS];
    double[] mean = new double[CEPSTRA];
    for (int t = 0; t < frames; t++) {
      int start = from + t * FRAME_SHIFT;
      Arrays.fill(buffer, 0f);
      for (int i = 0; i < FRAME_LENGTH; i++) {
        double previous = start + i > 0 ? samples[start + i - 1] : 0;
        buffer[i] = (float) ((samples[start + i] - PREEMPHASIS * previous) * SAMPLE_SCALE * WINDOW[i]);
      }
      // realForward packs Re[0], Re[n/2], then (Re[k], Im[k]) for k = 1 .. n/2 - 1
      fft.realForward(buffer);
      power[0] = buffer[0] * buffer[0];
      power[FFT_SIZE / 2] = buffer[1] * buffer[1];
      for (int k = 1; k < FFT_SIZE / 2; k++) {
        power[k] = buffer[2 * k] * buffer[2 * k] + buffer[2 * k + 1] * buffer[2 * k + 1];
      }
      for (int m = 0; m < FILTERS; m++) {
        double energy = 0;
        for (int k = 0; k < power.length; k++) {
          energy += FILTER_WEIGHTS[m][k] * power[k];
        }
        logMel[m] = Math.log(Math.max(energy, LOG_FLOOR));
      }
      double[] c = new double[CEPSTRA];
      for (int i = 0; i < CEPSTRA; i++) {
        double sum = 0;
        for (int m = 0; m < FILTERS; m++) {
          sum += DCT[i][m] * logMel[m];
        }
        c[i] = sum;
        mean[i] += sum / frames;
      }
      cepstra[t] = c;
    }
    float[][] features = new float[frames][WIDTH];
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < CEPSTRA; i++) {
        features[t][i] = (float) (cepstra[t][i] - mean[i]);
      }
    }
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < CEPSTRA; i++) {
        // deltas: c[t+2] - c[t-2]; double deltas: d[t+1] - d[t-1]; the edge frames repeated beyond the ends
        features[t][CEPSTRA + i] = at(features, t + 2, i) - at(features, t - 2, i);
        features[t][2 * CEPSTRA + i] = (at(features, t + 3, i) - at(features, t - 1, i))
            - (at(features, t + 1, i) - at(features, t - 3, i));
      }
    }
    return features;
  }

  private static float at(float[][] features, int t, int i) {
    return features[Math.max(0, Math.min(features.length - 1, t))][i];
  }

  /**
   * The sample, relative to the first one featurised, where the audio of frame {@code t - 1} gives way to that of
   * frame {@code t}: midway between the centres of their windows (a window is centred {@code FRAME_LENGTH / 2}
   * samples after it starts).
   */
  static double boundary(int t) {
    return t * FRAME_SHIFT + FRAME_LENGTH / 2.0 - FRAME_SHIFT / 2.0;
  }

  private static double[] hamming(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
    }
    return w;
  }

  private static double mel(double hz) {
    return 2595 * Math.log10(1 + hz / 700);
  }

  private static double hz(double mel) {
    return 700 * (Math.pow(10, mel / 2595) - 1);
  }

  /** Triangles equally spaced in mel, their corners rounded to FFT bins, each of unit area (Sphinx's defaults). */
  private static double[][] melFilters() {
    double binHz = (double) SAMPLE_RATE / FFT_SIZE;
    double low = mel(LOWER_HZ);
    double step = (mel(UPPER_HZ) - low) / (FILTERS + 1);
    double[][] weights = new double[FILTERS][FFT_SIZE / 2 + 1];
    for (int m = 0; m < FILTERS; m++) {
      double[] corner = new double[3];
      for (int j = 0; j < 3; j++) {
        corner[j] = Math.round(hz(low + (m + j) * step) / binHz) * binHz;
      }
      double height = 2 / (corner[2] - corner[0]);
      for (int k = 1; k < FFT_SIZE / 2; k++) {
        double f = k * binHz;
        if (f < corner[0] || f > corner[2]) {
          continue;
        }
        double rising = (f - corner[0]) / (corner[1] - corner[0]);
        double falling = (corner[2] - f) / (corner[2] - corner[1]);
        weights[m][k] = Math.min(rising, falling) * height;
      }
    }
    return weights;
  }

  /** Orthonormal DCT-II, then the sinusoidal lifter. */
  private static double[][] dct() {
    double[][] dct = new double[CEPSTRA][FILTERS];
    for (int i = 0; i < CEPSTRA; i++) {
      double scale = Math.sqrt((i == 0 ? 1.0 : 2.0) / FILTERS);
      double lifter = 1 + LIFTER / 2 * Math.sin(Math.PI * i / LIFTER);
      for (int m = 0; m < FILTERS; m++) {
        dct[i][m] = scale * lifter * Math.cos(Math.PI * i * (m + 0.5) / FILTERS);
      }
    }
    return dct;
  }
}
