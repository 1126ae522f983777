package io.medasr.engine;

/** The engine did not admit a call, or took back what it had admitted; the message says why in the client's terms. */
public final class CallRejectedException extends Exception {
  /** Why, so that the transport can pick its status. */
  public enum Reason {
    /** Every call slot is taken: retry later or elsewhere. */
    BUSY,
    /** The server is draining or closed: retry on another server. */
    SHUTTING_DOWN,
    /** The call's audio would exceed the engine's memory budget. */
    MEMORY
  }

  private final Reason reason;

  CallRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
