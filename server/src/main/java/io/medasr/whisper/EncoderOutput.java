package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

/**
 * The encoder's hidden states for one 30 s window ({@code last_hidden_state}, [1, 1500, d]), kept
 * in native memory and fed to every decoder call of that window, with the {@link InferenceRun} of the call it
 * belongs to. Close it when the window is done.
 * Thread-safe for reading; closing while decoders still use it is an error of the caller.
 */
public final class EncoderOutput implements AutoCloseable {
  private final NativeTracker tracker;
  private final OrtSession.Result result;
  private final OnnxTensor hiddenStates;
  private final InferenceRun run;
  private boolean closed;

  EncoderOutput(NativeTracker tracker, OrtSession.Result result, OnnxTensor hiddenStates, InferenceRun run) {
    this.tracker = tracker;
    this.result = result;
    this.hiddenStates = hiddenStates;
    this.run = run;
  }

  /** The call's runs: every decoder run over this window passes its options, so cancelling stops them too. */
  InferenceRun run() {
    return run;
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
