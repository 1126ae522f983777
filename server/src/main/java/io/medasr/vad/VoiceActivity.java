package io.medasr.vad;

/**
 * Scores the frames of one audio stream for speech. Stateful (one instance per stream, fed its frames in
 * order) and not thread-safe; see {@link VadBackend#newVoiceActivity()}.
 */
public interface VoiceActivity {
  /**
   * The speech probability, in [0, 1], of the stream's next frame.
   *
   * @param frame exactly {@link VadFormat#FRAME_SAMPLES} samples, read before this returns
   */
  float score(float[] frame);

  /** Forgets the stream: the next frame is scored as the first of a new stream. */
  void reset();
}
