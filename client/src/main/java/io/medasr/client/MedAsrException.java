package io.medasr.client;

import io.grpc.Status;

/**
 * A failed MedASR call: its {@link MedAsrStatus} and the server's description of what went wrong.
 *
 * <p>Unchecked, like OkHttp's and gRPC's own call failures. The common codes have their own subclasses so
 * that callers can catch the ones they handle ({@link InvalidArgumentException},
 * {@link UnauthenticatedException}, {@link ResourceExhaustedException}, {@link DeadlineExceededException},
 * {@link UnavailableException}); any other code arrives as this base class. Immutable and thread-safe.
 */
public class MedAsrException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final MedAsrStatus status;
  private final String description;

  public MedAsrException(MedAsrStatus status, String description, Throwable cause) {
    super(status + (description.isEmpty() ? "" : ": " + description), cause);
    this.status = status;
    this.description = description;
  }

  /** Why the call failed. */
  public MedAsrStatus status() {
    return status;
  }

  /** The failure as gRPC's status, for callers that work with gRPC directly. */
  public Status grpcStatus() {
    return status.grpcCode().toStatus().withDescription(description.isEmpty() ? null : description);
  }

  /** What went wrong, as the server (or the client, for failures detected before sending) put it; may be empty. */
  public String description() {
    return description;
  }

  /**
   * The one place where gRPC failures become typed exceptions: maps the status carried by {@code failure}
   * (a {@code StatusRuntimeException} or anything else, which counts as {@code UNKNOWN}).
   */
  static MedAsrException fromGrpc(Throwable failure) {
    if (failure instanceof MedAsrException already) {
      return already;
    }
    Status status = Status.fromThrowable(failure);
    String description = status.getDescription() == null ? "" : status.getDescription();
    return switch (status.getCode()) {
      case INVALID_ARGUMENT -> new InvalidArgumentException(description, failure);
      case UNAUTHENTICATED -> new UnauthenticatedException(description, failure);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(description, failure);
      case DEADLINE_EXCEEDED -> new DeadlineExceededException(description, failure);
      case UNAVAILABLE -> new UnavailableException(description, failure);
      default -> new MedAsrException(MedAsrStatus.of(status.getCode()), description, failure);
    };
  }
}
