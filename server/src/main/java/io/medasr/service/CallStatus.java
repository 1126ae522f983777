package io.medasr.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import io.medasr.engine.CallCancelledException;
import io.medasr.engine.CallRejectedException;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The gRPC status that tells a client how its call ended, for every way a call can fail. */
final class CallStatus {
  private static final Logger LOG = Logger.getLogger(CallStatus.class.getName());

  private CallStatus() {}

  /** Maps any {@link Throwable} of a call; unexpected ones are logged (never with audio or text) as INTERNAL. */
  static Status of(Throwable error) {
    if (error instanceof InvalidRequestException || error instanceof InvalidAudioException) {
      return Status.INVALID_ARGUMENT.withDescription(error.getMessage());
    }
    if (error instanceof AudioLimitExceededException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(error.getMessage());
    }
    if (error instanceof CallRejectedException rejected) {
      Status status = rejected.reason() == CallRejectedException.Reason.SHUTTING_DOWN
          ? Status.UNAVAILABLE
          : Status.RESOURCE_EXHAUSTED;
      return status.withDescription(rejected.getMessage());
    }
    if (error instanceof CallCancelledException cancelled) {
      Status status = switch (cancelled.cancelledBy()) {
        case SHUTDOWN -> Status.UNAVAILABLE;
        case IDLE -> Status.OUT_OF_RANGE;
        case CLIENT -> Status.CANCELLED;
      };
      return status.withDescription(cancelled.getMessage());
    }
    if (error instanceof CancellationException) {
      return Status.CANCELLED.withDescription("call cancelled");
    }
    if (error instanceof StatusRuntimeException status) {
      return status.getStatus();
    }
    if (error instanceof OutOfMemoryError) {
      LOG.severe("a call ran out of memory; it was ended with RESOURCE_EXHAUSTED");
      return Status.RESOURCE_EXHAUSTED.withDescription(
          "the server ran out of memory for this call; retry later or send shorter audio");
    }
    LOG.log(Level.SEVERE, "call failed", error);
    return Status.INTERNAL.withDescription("internal error while recognizing; the server log has details");
  }
}
