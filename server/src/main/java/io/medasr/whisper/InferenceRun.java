package io.medasr.whisper;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.CancellationException;

/**
 * The ONNX Runtime runs of one recognition call, and the way to stop them. Every encoder and decoder run of
 * the call passes these run options, so {@link #cancel()} from any thread makes a run in progress return at
 * ONNX Runtime's next check (its terminate flag) and every later run refuse to start: a cancelled call stops
 * within one decoder step instead of finishing its window.
 *
 * <p>Ownership: whoever opens it closes it, after the last run that uses it has returned. {@link #cancel()}
 * may race with {@link #close()}; both are synchronized, and cancelling a closed run is a no-op.
 */
public final class InferenceRun implements AutoCloseable {
  /** For work that no one cancels (tools, benchmarks, reference checks): plain runs, no native options. */
  public static final InferenceRun UNCANCELLABLE = new InferenceRun(null);

  /** Null for {@link #UNCANCELLABLE}. */
  private final OrtSession.RunOptions options;
  private volatile boolean cancelled;
  private boolean closed;

  private InferenceRun(OrtSession.RunOptions options) {
    this.options = options;
  }

  /** Native run options for a new call. */
  public static InferenceRun open() {
    try {
      return new InferenceRun(new OrtSession.RunOptions());
    } catch (OrtException e) {
      throw new InferenceException("could not create ONNX Runtime run options", e);
    }
  }

  /** Stops the run in progress and every later one. Thread-safe, idempotent. */
  public synchronized void cancel() {
    if (options == null) {
      throw new UnsupportedOperationException("this run cannot be cancelled");
    }
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (!closed) {
      try {
        options.setTerminate(true);
      } catch (OrtException e) {
        // the flag checked before every run still stops the call at its next step
      }
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** @throws CancellationException when the call has been cancelled */
  public void checkCancelled() {
    if (cancelled) {
      throw new CancellationException("recognition cancelled");
    }
  }

  /** The options to pass to {@code OrtSession.run}, after checking that the call still runs. */
  OrtSession.RunOptions options() {
    checkCancelled();
    return options;
  }

  /** What a failed run means: a cancellation when this call was cancelled, else an inference failure. */
  RuntimeException failure(String what, OrtException e) {
    return cancelled ? new CancellationException("recognition cancelled") : new InferenceException(what, e);
  }

  @Override
  public synchronized void close() {
    if (!closed && options != null) {
      closed = true;
      options.close();
    }
  }
}
