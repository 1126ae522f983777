package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

/**
 * The encoder's hidden states for one 30 s window ({@code last_hidden_state}, [1, 1500, d]), kept
 * in native memory and fed to every decoder call of that window. Close it when the window is done.
 * Thread-safe for reading; closing while decoders still use it is an error of the caller.
 */
public final class EncoderOutput implements AutoCloseable {
  private final NativeTracker tracker;
  private final OrtSession.Result result;
  private final OnnxTensor hiddenStates;
  private boolean closed;

  EncoderOutput(NativeTracker tracker, OrtSession.Result result, OnnxTensor hiddenStates) {
    this.tracker = tracker;
    this.result = result;
    this.hiddenStates = hiddenStates;
  }

  /** Shape of the hidden states, e.g. [1, 1500, 384] for tiny. */
  public long[] shape() {
    return hiddenStates.getInfo().getShape();
  }

  OnnxTensor hiddenStates() {
    if (closed) {
      throw new IllegalStateException("encoder output already closed");
    }
    return hiddenStates;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      tracker.close(result);
    }
  }
}
