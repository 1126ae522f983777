package io.medasr.vad;

import java.util.Arrays;

/**
 * One stream's Silero context and state, carried from frame to frame as silero-vad's {@code OnnxWrapper}
 * does: both start at zero, each call sees the last 64 samples of the previous call's input in front of its
 * 512 new samples, and the state is the {@code stateN} the previous call returned.
 */
final class SileroVoiceActivity implements VoiceActivity {
  private final SileroVadModel model;
  /** The model's input: the context (64 samples), then the frame. */
  private final float[] input = new float[VadFormat.SILERO_CONTEXT_SAMPLES + VadFormat.FRAME_SAMPLES];
  private final float[] state = new float[VadFormat.SILERO_STATE_SIZE];

  SileroVoiceActivity(SileroVadModel model) {
    this.model = model;
  }

  @Override
  public float score(float[] frame) {
    if (frame.length != VadFormat.FRAME_SAMPLES) {
      throw new IllegalArgumentException(
          "frame has " + frame.length + " samples, expected " + VadFormat.FRAME_SAMPLES);
    }
    System.arraycopy(frame, 0, input, VadFormat.SILERO_CONTEXT_SAMPLES, VadFormat.FRAME_SAMPLES);
    float probability = model.run(input, state);
    // the next context: this input's last 64 samples
    System.arraycopy(input, VadFormat.FRAME_SAMPLES, input, 0, VadFormat.SILERO_CONTEXT_SAMPLES);
    return probability;
  }

  @Override
  public void reset() {
    Arrays.fill(input, 0f);
    Arrays.fill(state, 0f);
  }
}
