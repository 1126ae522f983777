package io.medasr.vad;

/**
 * How per-frame speech probabilities become speech segments: the rules of silero-vad's {@code
 * get_speech_timestamps} (v6.2.3, without its {@code max_speech_duration_s} split), run as a stream.
 *
 * <ul>
 *   <li>A segment starts at the first frame whose probability is {@code >= threshold} (hysteresis: once in
 *       speech, only frames {@code < negThreshold} count as silence; frames in between change nothing).
 *   <li>It ends where a silence began once that silence has lasted {@code minSilenceMs}; speech returning
 *       ({@code >= threshold}) before then cancels the silence.
 *   <li>A segment no longer than {@code minSpeechMs} is dropped.
 *   <li>Kept segments grow by {@code speechPadMs} on each side, clamped to the stream; where two segments
 *       are closer than twice the padding, each takes half of the gap instead.
 *   <li>A segment still open when the stream ends ends at the stream's last sample.
 * </ul>
 *
 * @param threshold probability at or above which a frame is speech
 * @param negThreshold probability below which a frame in speech is silence; silero's default is {@code
 *     threshold - 0.15}
 * @param minSpeechMs shortest segment kept (exclusive)
 * @param minSilenceMs silence that ends a segment
 * @param speechPadMs padding added to each side of a kept segment
 */
public record VadConfig(
    double threshold, double negThreshold, int minSpeechMs, int minSilenceMs, int speechPadMs) {

  public VadConfig {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    if (!(negThreshold >= 0 && negThreshold <= threshold)) {
      throw new IllegalArgumentException(
          "negThreshold must be in [0, threshold " + threshold + "], got " + negThreshold);
    }
    if (minSpeechMs < 0 || minSilenceMs < 0 || speechPadMs < 0) {
      throw new IllegalArgumentException(
          "durations must be >= 0 ms, got minSpeech=" + minSpeechMs + " minSilence=" + minSilenceMs
              + " speechPad=" + speechPadMs);
    }
  }

  /** silero-vad's defaults: 0.5 / 0.35, 250 ms speech, 100 ms silence, 30 ms padding. */
  public static VadConfig defaults() {
    return new VadConfig(0.5, 0.35, 250, 100, 30);
  }
}
