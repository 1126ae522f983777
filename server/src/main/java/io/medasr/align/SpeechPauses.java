package io.medasr.align;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pauses of a recording, from its energy, and word times made to respect them. Cross-attention places words
 * well in running speech but not at its edges: a word after a pause starts in the pause (the first word of a clip
 * with leading silence at the window's start), and a word before a pause ends early. Measured on timing-synth
 * (docs/word-timing.md), the attention also leads the sound, by about 80 ms at word starts and 60 ms at ends.
 *
 * <p>{@link #refine} therefore moves each word later by those leads, then out of the pauses: a start inside a pause
 * (or before a pause the word spans) goes to where the speech resumes, an end inside a pause goes back to where it
 * began, and an end followed by a pause within {@value #END_REACH_SECONDS} s runs on to it. A pause is
 * {@value #MIN_PAUSE_SECONDS} s or more of 10 ms frames {@value #SILENCE_BELOW_LOUD_DB} dB or more below the
 * recording's loud frames (its 95th percentile of frame energy), so it holds for quiet and loud recordings alike.
 * Immutable; thread-safe.
 */
public final class SpeechPauses {
  static final int SAMPLE_RATE = 16000;
  static final double FRAME_SECONDS = 0.01;
  static final double SILENCE_BELOW_LOUD_DB = 40;
  static final double MIN_PAUSE_SECONDS = 0.06;
  static final double END_REACH_SECONDS = 0.2;
  /** How far cross-attention leads a word's start and end (docs/word-timing.md). */
  static final double START_LEAD_SECONDS = 0.08;
  static final double END_LEAD_SECONDS = 0.06;
  private static final double LOUD_PERCENTILE = 0.95;

  /** Pause {@code i} lasts from {@code starts[i]} to {@code ends[i]} seconds, in order. */
  private final double[] starts;
  private final double[] ends;
  /** Where the audio ends: no word is moved past it. */
  private final double audioEnd;

  private SpeechPauses(double[] starts, double[] ends, double audioEnd) {
    this.starts = starts;
    this.ends = ends;
    this.audioEnd = audioEnd;
  }

  /**
   * The pauses of {@code samples} (16 kHz mono) that begins {@code offsetSeconds} into the recording; times are
   * in the recording's seconds.
   */
  public static SpeechPauses of(float[] samples, double offsetSeconds) {
    return of(samples, 0, samples.length, offsetSeconds);
  }

  /** As {@link #of(float[], double)}, for {@code samples[from, from + length)}. */
  public static SpeechPauses of(float[] samples, int from, int length, double offsetSeconds) {
    int frameLength = (int) Math.round(FRAME_SECONDS * SAMPLE_RATE);
    int frames = length / frameLength;
    double audioEnd = offsetSeconds + (double) length / SAMPLE_RATE;
    if (frames == 0) {
      return new SpeechPauses(new double[0], new double[0], audioEnd);
    }
    double[] decibels = new double[frames];
    for (int f = 0; f < frames; f++) {
      double power = 0;
      for (int i = from + f * frameLength; i < from + (f + 1) * frameLength; i++) {
        power += samples[i] * samples[i];
      }
      decibels[f] = 10 * Math.log10(power / frameLength + 1e-10);
    }
    double[] sorted = decibels.clone();
    Arrays.sort(sorted);
    double threshold = sorted[(int) Math.min(frames - 1, Math.floor(LOUD_PERCENTILE * frames))]
        - SILENCE_BELOW_LOUD_DB;
    int minFrames = (int) Math.round(MIN_PAUSE_SECONDS / FRAME_SECONDS);
    List<double[]> pauses = new ArrayList<>();
    for (int f = 0; f < frames; ) {
      if (decibels[f] > threshold) {
        f++;
        continue;
      }
      int end = f;
      while (end < frames && decibels[end] <= threshold) {
        end++;
      }
      if (end - f >= minFrames) {
        pauses.add(new double[] {offsetSeconds + f * FRAME_SECONDS, offsetSeconds + end * FRAME_SECONDS});
      }
      f = end;
    }
    return new SpeechPauses(pauses.stream().mapToDouble(p -> p[0]).toArray(),
        pauses.stream().mapToDouble(p -> p[1]).toArray(), audioEnd);
  }

  /**
   * {@code words} with their times moved by the attention's leads and out of the pauses (see the class comment).
   * Words without aligned times are left as they are; a word never ends before it starts, and is not moved past
   * the end of the audio.
   */
  public List<WordTiming> refine(List<WordTiming> words) {
    List<WordTiming> refined = new ArrayList<>(words.size());
    for (WordTiming word : words) {
      if (!word.aligned()) {
        refined.add(word);
        continue;
      }
      double start = Math.min(word.start() + START_LEAD_SECONDS, Math.max(word.start(), audioEnd));
      double end = Math.max(start, Math.min(word.end() + END_LEAD_SECONDS, Math.max(word.end(), audioEnd)));
      for (int i = 0; i < starts.length && starts[i] < end; i++) {
        if (ends[i] > start && ends[i] < end) {
          start = ends[i];
        }
      }
      for (int i = 0; i < starts.length; i++) {
        boolean endInPause = starts[i] < end && end <= ends[i];
        boolean pauseJustAfter = end < starts[i] && starts[i] <= end + END_REACH_SECONDS;
        if (starts[i] > start && (endInPause || pauseJustAfter)) {
          end = starts[i];
          break;
        }
      }
      refined.add(new WordTiming(word.word(), WordTiming.toHundredths(start), WordTiming.toHundredths(end),
          word.probability(), true));
    }
    return refined;
  }
}
