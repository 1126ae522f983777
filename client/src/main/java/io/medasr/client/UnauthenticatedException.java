package io.medasr.client;


/** The API key was missing or wrong ({@code UNAUTHENTICATED}). */
public final class UnauthenticatedException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(String description, Throwable cause) {
    super(MedAsrStatus.UNAUTHENTICATED, description, cause);
  }
}
