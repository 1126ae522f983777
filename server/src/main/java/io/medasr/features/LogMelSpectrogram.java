package io.medasr.features;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.util.Arrays;

/**
 * Whisper's log-mel front end ({@code whisper/audio.py: log_mel_spectrogram}): periodic Hann window of 400,
 * centred STFT with reflect padding, power spectrum with the last frame dropped, Slaney mel filters,
 * {@code log10(max(x, 1e-10))}, clamp to (global max - 8), then {@code (x + 4) / 4}.
 *
 * <p>Inputs shorter than 201 samples (after padding) cannot be reflect-padded by 200 as torch does; they are
 * zero-extended to 201 samples first. The frame count is still {@code (samples + padding) / 160}, so such an
 * input gives one frame (160..200 samples) or none (under 160).
 *
 * <p>Thread-safe: the window and filters are immutable after construction; each {@link #compute} call owns its
 * FFT plan and buffers.
 */
public final class LogMelSpectrogram {

  public static final int SAMPLE_RATE = 16000,
      N_FFT = 400,
      HOP_LENGTH = 160,
      N_SAMPLES = 480000,
      N_FRAMES = 3000;

  private static final int N_BINS = N_FFT / 2 + 1;
  private static final int REFLECT_PAD = N_FFT / 2;
  private static final double LOG_FLOOR_POWER = 1e-10;
  private static final float SILENT_LOG = (float) Math.log10(LOG_FLOOR_POWER);

  /** Whisper keeps 8 decades (80 dB) below the loudest value of the whole spectrogram. */
  private static final float DYNAMIC_RANGE_DECADES = 8.0f;

  private static final float[] HANN = periodicHann(N_FFT);

  private final int nMels;

  /** Non-zero span of each mel filter: filters are triangles, so most of each row is zero. */
  private final int[] filterFirstBin;

  private final float[][] filterWeights;

  public LogMelSpectrogram(int nMels) {
    if (nMels < 1) {
      throw new IllegalArgumentException("nMels must be positive, got " + nMels);
    }
    this.nMels = nMels;
    float[][] dense = MelFilterBank.slaney(nMels, N_FFT, SAMPLE_RATE);
    filterFirstBin = new int[nMels];
    filterWeights = new float[nMels][];
    for (int band = 0; band < nMels; band++) {
      int first = 0;
      while (first < N_BINS && dense[band][first] == 0f) {
        first++;
      }
      int end = N_BINS;
      while (end > first && dense[band][end - 1] == 0f) {
        end--;
      }
      filterFirstBin[band] = first;
      filterWeights[band] = Arrays.copyOfRange(dense[band], first, end);
    }
  }

  public int nMels() {
    return nMels;
  }

  /**
   * Whisper's {@code log_mel_spectrogram(audio, padding)}: returns {@code [nMels][frames]} with
   * {@code frames = (samples.length + paddingSamples) / 160}, normalised over the whole result.
   *
   * @param samples        16 kHz mono audio in [-1, 1] (int16 / 32768); every value must be finite
   * @param paddingSamples zero samples appended before the STFT (openai's transcribe() passes 480000)
   * @throws IllegalArgumentException for a negative padding, a non-finite sample or a too long input
   */
  public float[][] compute(float[] samples, int paddingSamples) {
    if (paddingSamples < 0) {
      throw new IllegalArgumentException("paddingSamples must be >= 0, got " + paddingSamples);
    }
    long total = (long) samples.length + paddingSamples;
    if (total + 2L * REFLECT_PAD + N_FFT > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "audio too long for one spectrogram: " + total + " samples");
    }
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        throw new IllegalArgumentException("audio sample " + i + " is not finite: " + samples[i]);
      }
    }
    int frames = (int) (total / HOP_LENGTH);
    float[][] mel = new float[nMels][frames];
    if (frames == 0) {
      return mel;
    }
    float[] padded = reflectPadded(samples, (int) total);
    float maxLog = logMel(padded, frames, mel);
    normalise(mel, maxLog);
    return mel;
  }

  /**
   * The model input for one window: frames {@code [startFrame, startFrame + frameCount)} of a computed
   * spectrogram, zero-padded (0.0, as openai's transcribe() pads the log-mel) to 3000 frames, as a flat
   * row-major {@code [nMels * 3000]} array for an ORT tensor of shape {@code [1, nMels, 3000]}.
   *
   * @throws IllegalArgumentException if the range is empty of rows, longer than 3000 frames or outside the
   *                                  spectrogram
   */
  public static float[] window(float[][] mel, int startFrame, int frameCount) {
    return window(mel, startFrame, frameCount, N_FRAMES);
  }

  /**
   * As {@link #window(float[][], int, int)}, zero-padded to {@code windowFrames} instead of 3000: the input of
   * an encoder with a shortened audio context.
   *
   * @throws IllegalArgumentException also if {@code windowFrames} is not in [frameCount, 3000]
   */
  public static float[] window(float[][] mel, int startFrame, int frameCount, int windowFrames) {
    if (mel.length == 0) {
      throw new IllegalArgumentException("spectrogram has no mel bands");
    }
    int available = mel[0].length;
    if (frameCount < 0
        || frameCount > windowFrames
        || windowFrames > N_FRAMES
        || startFrame < 0
        || startFrame > available - frameCount) {
      throw new IllegalArgumentException("window [" + startFrame + ", " + ((long) startFrame + frameCount)
          + ") is not within the " + available + " frames of the spectrogram or longer than " + windowFrames
          + " (at most " + N_FRAMES + ")");
    }
    float[] input = new float[mel.length * windowFrames];
    for (int band = 0; band < mel.length; band++) {
      System.arraycopy(mel[band], startFrame, input, band * windowFrames, frameCount);
    }
    return input;
  }

  /**
   * Fills {@code mel} with log10 mel energies and returns their maximum. Each frame is windowed, transformed
   * with a real FFT, squared to power and projected onto the mel filters.
   */
  private float logMel(float[] padded, int frames, float[][] mel) {
    FloatFFT fft = new FloatFFT(N_FFT);
    float[] frame = new float[N_FFT];
    float[] power = new float[N_BINS];
    float maxLog = Float.NEGATIVE_INFINITY;
    for (int t = 0; t < frames; t++) {
      int offset = t * HOP_LENGTH;
      boolean silent = true;
      for (int i = 0; i < N_FFT; i++) {
        frame[i] = padded[offset + i] * HANN[i];
        silent &= padded[offset + i] == 0f;
      }
      if (silent) {
        // transcribe() appends 30 s of zeros: skip their FFTs, every band sits at the log floor
        for (int band = 0; band < nMels; band++) {
          mel[band][t] = SILENT_LOG;
        }
        maxLog = Math.max(maxLog, SILENT_LOG);
        continue;
      }
      // realForward packs Re[0], Re[n/2], then (Re[k], Im[k]) for k = 1 .. n/2 - 1
      fft.realForward(frame);
      power[0] = frame[0] * frame[0];
      power[N_BINS - 1] = frame[1] * frame[1];
      for (int k = 1; k < N_BINS - 1; k++) {
        float re = frame[2 * k];
        float im = frame[2 * k + 1];
        power[k] = re * re + im * im;
      }
      for (int band = 0; band < nMels; band++) {
        float[] weights = filterWeights[band];
        int first = filterFirstBin[band];
        double energy = 0;
        for (int j = 0; j < weights.length; j++) {
          energy += weights[j] * power[first + j];
        }
        float log = (float) Math.log10(Math.max(energy, LOG_FLOOR_POWER));
        mel[band][t] = log;
        maxLog = Math.max(maxLog, log);
      }
    }
    return maxLog;
  }

  private static void normalise(float[][] mel, float maxLog) {
    float floor = maxLog - DYNAMIC_RANGE_DECADES;
    for (float[] band : mel) {
      for (int t = 0; t < band.length; t++) {
        band[t] = (Math.max(band[t], floor) + 4.0f) / 4.0f;
      }
    }
  }

  /**
   * The signal (samples, then zeros up to {@code total}) with {@code N_FFT/2} samples mirrored on each side,
   * excluding the edge sample (numpy/torch "reflect"). Signals under {@code N_FFT/2 + 1} samples are
   * zero-extended to that length so that the mirror exists.
   */
  private static float[] reflectPadded(float[] samples, int total) {
    int length = Math.max(total, REFLECT_PAD + 1);
    float[] padded = new float[length + 2 * REFLECT_PAD];
    System.arraycopy(samples, 0, padded, REFLECT_PAD, samples.length);
    int lastSignal = REFLECT_PAD + length - 1;
    for (int j = 1; j <= REFLECT_PAD; j++) {
      padded[REFLECT_PAD - j] = padded[REFLECT_PAD + j];
      padded[lastSignal + j] = padded[lastSignal - j];
    }
    return padded;
  }

  /** torch.hann_window(n) with periodic=True: 0.5 - 0.5 cos(2 pi i / n). */
  private static float[] periodicHann(int n) {
    float[] window = new float[n];
    for (int i = 0; i < n; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n));
    }
    return window;
  }
}
