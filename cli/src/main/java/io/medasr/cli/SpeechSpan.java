package io.medasr.cli;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the speech of a recording starts and ends, by a simple energy detector: the recording is cut into 10 ms
 * frames (frame {@code i} holds samples {@code floor(i * rate / 100)} up to {@code floor((i + 1) * rate / 100)}, a
 * last partial frame left out), each frame's RMS is taken, and speech runs from the first frame whose RMS is
 * above the threshold to the end of the last such frame. The threshold is the highest of: 40 dB below the
 * loudest frame (a hundredth of its RMS); 15 dB above the recording's noise floor (the 5th percentile of the
 * frames' RMS, nearest rank), so that the breath and room noise around the speech of a real recording does not
 * count as speech, but never above 20 dB below the loudest frame (a recording without pauses has no noise
 * floor); and an RMS of 1e-4 (-80 dBFS), so that a file of digital silence or near-silence has no speech. Not
 * a voice-activity detector: meant for test recordings with some silence or steady noise around the speech. On
 * the shared speech sets it agrees with Silero VAD's first and last speech frames within a few hundredths of a
 * second at the median (docs/streaming.md, bench). An immutable value.
 *
 * @param startSeconds start of the first frame above the threshold
 * @param endSeconds end of the last frame above the threshold
 */
record SpeechSpan(double startSeconds, double endSeconds) {
  /** How {@code bench} states the definition in its output. */
  static final String DEFINITION = "speech start/end: first/last 10 ms frame of the file whose RMS is"
      + " above 40 dB below the loudest frame's, 15 dB above the noise floor (5th percentile of the frames' RMS;"
      + " at most 20 dB below the loudest) and 1e-4";

  static final int FRAMES_PER_SECOND = 100;
  static final double RELATIVE_THRESHOLD = 0.01; // -40 dB in amplitude
  static final double FLOOR_RMS = 1e-4;
  static final int NOISE_FLOOR_PERCENT = 5;
  static final double ABOVE_NOISE_FLOOR = Math.pow(10, 15 / 20.0); // +15 dB in amplitude
  static final double NOISE_CAP = 0.1; // -20 dB in amplitude

  /** The speech in mono samples in [-1, 1]; empty when no frame is above the threshold. */
  static Optional<SpeechSpan> detect(float[] samples, int sampleRate) {
    int frames = (int) ((long) samples.length * FRAMES_PER_SECOND / sampleRate);
    double[] rms = new double[frames];
    double loudest = 0;
    for (int frame = 0; frame < frames; frame++) {
      int from = frameStart(frame, sampleRate);
      int to = frameStart(frame + 1, sampleRate);
      double energy = 0;
      for (int i = from; i < to; i++) {
        energy += (double) samples[i] * samples[i];
      }
      rms[frame] = Math.sqrt(energy / (to - from));
      loudest = Math.max(loudest, rms[frame]);
    }
    if (frames == 0) {
      return Optional.empty();
    }
    double noiseFloor = Percentiles.nearestRank(Arrays.stream(rms).boxed().toList(), NOISE_FLOOR_PERCENT);
    double aboveNoise = Math.min(noiseFloor * ABOVE_NOISE_FLOOR, loudest * NOISE_CAP);
    double threshold = Math.max(Math.max(loudest * RELATIVE_THRESHOLD, aboveNoise), FLOOR_RMS);
    int first = -1;
    int last = -1;
    for (int frame = 0; frame < frames; frame++) {
      if (rms[frame] > threshold) {
        first = first < 0 ? frame : first;
        last = frame;
      }
    }
    return first < 0 ? Optional.empty()
        : Optional.of(new SpeechSpan((double) first / FRAMES_PER_SECOND, (double) (last + 1) / FRAMES_PER_SECOND));
  }

  private static int frameStart(int frame, int sampleRate) {
    return (int) ((long) frame * sampleRate / FRAMES_PER_SECOND);
  }
}
