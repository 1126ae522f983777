package io.medasr.client;

import io.grpc.Status;

/**
 * Why a MedASR call failed. The values are gRPC's status codes, so that they mean what the API documentation
 * says, without making callers depend on gRPC's types ({@link MedAsrException#grpcStatus()} gives gRPC's own).
 */
public enum MedAsrStatus {
  /** The call was cancelled, by this client or because it was interrupted. */
  CANCELLED,
  UNKNOWN,
  /** The request or its audio was refused: the message says which field or what in the audio. */
  INVALID_ARGUMENT,
  DEADLINE_EXCEEDED,
  NOT_FOUND,
  ALREADY_EXISTS,
  /** The API key is valid but may not make this call. */
  PERMISSION_DENIED,
  /** A limit was reached (concurrent calls, audio length, the server's memory); the message says which. */
  RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION,
  ABORTED,
  OUT_OF_RANGE,
  UNIMPLEMENTED,
  INTERNAL,
  /** The server could not be reached or is shutting down; retrying later may succeed. */
  UNAVAILABLE,
  DATA_LOSS,
  /** No API key, or one the server does not know. */
  UNAUTHENTICATED;

  /** The status of a failed gRPC call ({@code OK} is not a failure and maps to {@link #UNKNOWN}). */
  static MedAsrStatus of(Status.Code code) {
    return code == Status.Code.OK ? UNKNOWN : valueOf(code.name());
  }

  Status.Code grpcCode() {
    return Status.Code.valueOf(name());
  }
}
