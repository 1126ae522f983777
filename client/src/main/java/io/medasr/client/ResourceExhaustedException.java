package io.medasr.client;

import io.grpc.Status;

/**
 * A server limit was reached, such as concurrent streams or audio length ({@code RESOURCE_EXHAUSTED});
 * retrying later may succeed.
 */
public final class ResourceExhaustedException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public ResourceExhaustedException(String description, Throwable cause) {
    super(Status.Code.RESOURCE_EXHAUSTED, description, cause);
  }
}
