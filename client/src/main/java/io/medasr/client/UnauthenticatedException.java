package io.medasr.client;

import io.grpc.Status;

/** The API key was missing or wrong ({@code UNAUTHENTICATED}). */
public final class UnauthenticatedException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(String description, Throwable cause) {
    super(Status.Code.UNAUTHENTICATED, description, cause);
  }
}
