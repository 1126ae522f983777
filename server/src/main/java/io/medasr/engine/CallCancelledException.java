package io.medasr.engine;

import java.util.concurrent.CancellationException;

/** A call's work was stopped before it finished: by its client, or by the server's shutdown. */
public final class CallCancelledException extends CancellationException {
  /** Who stopped the call. */
  public enum Cause {
    /** The client cancelled, disconnected or passed its deadline. */
    CLIENT,
    /** The server's shutdown grace period ended before the call did. */
    SHUTDOWN,
    /** The client sent nothing for longer than the server's idle timeout. */
    IDLE
  }

  private final Cause cause;

  CallCancelledException(Cause cause, String message) {
    super(message);
    this.cause = cause;
  }

  public Cause cancelledBy() {
    return cause;
  }
}
