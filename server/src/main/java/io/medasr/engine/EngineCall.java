package io.medasr.engine;

import io.medasr.whisper.InferenceRun;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The light per-call state of a {@link RecognitionEngine}: the call's slot, its model runs, its share of the
 * memory budget and its lane on the engine's workers. Tasks submitted to a call run on an engine worker one
 * at a time, in order, each as its own turn on the shared pool (so streams take turns); the transport only
 * queues them. The call ends in exactly one way:
 * <ul>
 *   <li>{@link #end()}: no more tasks will come; the call is released once the queued ones have run;</li>
 *   <li>a task throws: later tasks are dropped and the {@link FailureHandler} gets the error;</li>
 *   <li>{@link #cancel}: the run in progress stops within one model run, queued tasks are dropped, and the
 *       failure handler gets a {@link CallCancelledException}.</li>
 * </ul>
 * Release frees the slot and the memory, and closes the call's run options, only once no task of the call is
 * running: the engine closes the model only after every call is released. A task may call {@link #release()}
 * itself once it is done with the model, so that a client that calls again right after its answer finds the
 * slot free; it must not touch the model after that.
 *
 * <p>Thread-safe: submit, end and cancel may come from any thread.
 */
public final class EngineCall {
  private static final Logger LOG = Logger.getLogger(EngineCall.class.getName());

  /** Work of a call, run on an engine worker. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  /** Learns how a call failed; runs once, after the call has been released, on a worker or the cancelling thread. */
  @FunctionalInterface
  public interface FailureHandler {
    void onFailure(Throwable error);
  }

  private final RecognitionEngine engine;
  private final long id;
  private final String client;
  private final InferenceRun run = InferenceRun.open();
  private final CompletableFuture<Void> released = new CompletableFuture<>();
  /** Null until {@link #onFailure} sets it. Guarded by this. */
  private FailureHandler failureHandler;
  /** A failure reported before there was a handler, for the handler when it comes. Guarded by this. */
  private Throwable unheardFailure;
  private volatile boolean urgent;

  // guarded by this
  private final ArrayDeque<Task> pending = new ArrayDeque<>();
  /** A turn of this call is queued on the workers or running. */
  private boolean scheduled;
  /** A task of this call is running on a worker. */
  private boolean running;
  private boolean ending;
  private boolean finished;
  private CallCancelledException cancellation;
  private long reservedBytes;
  private boolean isReleased;

  EngineCall(RecognitionEngine engine, long id, String client) {
    this.engine = engine;
    this.id = id;
    this.client = client;
  }

  /** Who the call comes from, as the transport named it (for the per-client limit). */
  String client() {
    return client;
  }

  /** The engine's number for this call, for logs: it says nothing about the caller or the audio. */
  public long id() {
    return id;
  }

  /** The call's model runs: pass them to the transcriber so that cancelling the call stops its decoding. */
  public InferenceRun run() {
    return run;
  }

  /**
   * Sets who hears of a failure or cancellation; set it before the first task. A failure that came before (the
   * server's shutdown cancelled the call while its caller was still setting it up) is handed to it at once, on the
   * caller's thread.
   */
  public void onFailure(FailureHandler handler) {
    Throwable earlier;
    synchronized (this) {
      failureHandler = handler;
      earlier = unheardFailure;
      unheardFailure = null;
    }
    if (earlier != null) {
      deliver(handler, earlier);
    }
  }

  /** Completes when the call has been released (its slot, memory and run options given back). */
  public CompletableFuture<Void> whenReleased() {
    return released;
  }

  /**
   * Whether the call's next turns on the workers go before those of calls that are not urgent: set by a stream
   * whose final results wait for its next decode (the speaker has paused), cleared when they no longer do.
   */
  public void setUrgent(boolean value) {
    urgent = value;
  }

  /** Queues a task; ignored once the call has ended, failed or been cancelled. */
  public void submit(Task task) {
    synchronized (this) {
      if (ending || finished || isReleased) {
        return;
      }
      pending.add(task);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    engine.execute(this::step, urgent);
  }

  /** No more tasks will come: the call is released after the queued ones. */
  public void end() {
    boolean releaseNow;
    synchronized (this) {
      ending = true;
      releaseNow = !scheduled && !finished;
      finished |= releaseNow;
    }
    if (releaseNow) {
      release();
    }
  }

  /**
   * Stops the call: the model run in progress returns at ONNX Runtime's next check, queued tasks are dropped,
   * and the failure handler gets a {@link CallCancelledException} with {@code cause}. Idempotent; no-op once the
   * call has ended.
   */
  public void cancel(CallCancelledException.Cause cause) {
    cancel(cause, switch (cause) {
      case CLIENT -> "the client cancelled the call";
      case SHUTDOWN -> "the server is shutting down and the call did not finish within the grace period";
      case IDLE -> "the stream sent nothing for too long";
    });
  }

  /** {@link #cancel(CallCancelledException.Cause)} with the message the client will see. */
  public void cancel(CallCancelledException.Cause cause, String message) {
    boolean idle;
    CallCancelledException cancelled;
    synchronized (this) {
      if (finished || cancellation != null) {
        return;
      }
      cancellation = new CallCancelledException(cause, message);
      cancelled = cancellation;
      pending.clear();
      idle = !running;
      finished |= idle;
    }
    run.cancel();
    if (idle) {
      // No task is running (a queued turn will find the call finished and do nothing), so nothing else uses
      // the call's transport: release the slot and report here and now rather than after the queue.
      release();
      report(cancelled);
    }
  }

  /**
   * Counts {@code bytes} of audio held by this call against the engine's memory budget, until release.
   *
   * @throws CallRejectedException with {@link CallRejectedException.Reason#MEMORY} when the budget would be
   *     exceeded
   */
  public void reserveMemory(long bytes) throws CallRejectedException {
    engine.reserve(bytes);
    boolean alreadyReleased;
    synchronized (this) {
      alreadyReleased = isReleased;
      if (!alreadyReleased) {
        reservedBytes += bytes;
      }
    }
    if (alreadyReleased) {
      engine.unreserve(bytes);
    }
  }

  /**
   * Gives back the slot, the memory and the run options. Idempotent. Called by the engine when the call ends;
   * a task may call it once it is done with the model.
   */
  public void release() {
    long bytes;
    synchronized (this) {
      if (isReleased) {
        return;
      }
      isReleased = true;
      bytes = reservedBytes;
      reservedBytes = 0;
    }
    run.close();
    engine.released(this, bytes);
    released.complete(null);
  }

  /** One turn on a worker: the next task, then either the next turn, or the end of the call. */
  private void step() {
    Task task;
    synchronized (this) {
      if (finished) {
        scheduled = false; // cancelled while this turn waited in the queue: already released and reported
        return;
      }
      running = true;
      task = cancellation == null ? pending.poll() : null;
    }
    Throwable failure = null;
    if (task != null) {
      try {
        task.run();
      } catch (Throwable t) {
        failure = t;
        if (t instanceof VirtualMachineError fatal) {
          engine.fatal(fatal);
        }
      }
    }
    Throwable report;
    boolean more;
    boolean endsHere;
    synchronized (this) {
      running = false;
      report = cancellation != null ? cancellation : failure;
      if (report != null) {
        pending.clear();
      }
      more = report == null && !pending.isEmpty();
      scheduled = more;
      endsHere = !more && (report != null || ending);
      finished |= endsHere;
    }
    if (more) {
      engine.execute(this::step, urgent);
    } else if (endsHere) {
      release();
      if (report != null) {
        report(report);
      }
    }
  }

  private void report(Throwable error) {
    FailureHandler handler;
    synchronized (this) {
      handler = failureHandler;
      if (handler == null) {
        unheardFailure = error;
        return;
      }
    }
    deliver(handler, error);
  }

  private void deliver(FailureHandler handler, Throwable error) {
    try {
      handler.onFailure(error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "call " + id + ": reporting its failure failed", e);
    }
  }
}
