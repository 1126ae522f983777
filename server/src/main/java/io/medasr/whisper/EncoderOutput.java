package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

/**
 * The encoder's hidden states for one window ({@code last_hidden_state}, [1, frames / 2, d]), kept
 * in native memory and fed to every decoder call of that window, with the {@link InferenceRun} of the call it
 * belongs to. It also keeps the window's first decoder run, whose {@code present.*.encoder.*} (the
 * cross-attention keys and values) serve every later decoder run over the window: a second decode, a fallback
 * or the alignment pass then starts from them instead of projecting the hidden states again. Close it when the
 * window is done. Thread-safe for reading; closing while decoders still use it is an error of the caller.
 */
public final class EncoderOutput implements AutoCloseable {
  private final NativeTracker tracker;
  private final OrtSession.Result result;
  private final OnnxTensor hiddenStates;
  private final InferenceRun run;
  private SharedNative<Presents> crossAttention;
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

  /** The window's first decoder run (its cross-attention keys and values), or null before it. */
  Presents crossAttention() {
    return crossAttention == null ? null : crossAttention.value;
  }

  /** Keeps {@code firstRun} (a reference of its own) for the later decoder runs of this window; once per window. */
  void keepCrossAttention(SharedNative<Presents> firstRun) {
    if (crossAttention != null) {
      throw new IllegalStateException("the window's cross-attention is already kept");
    }
    crossAttention = firstRun.retain();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (crossAttention != null) {
        crossAttention.release();
      }
      tracker.close(result);
    }
  }
}
