package io.medasr.client;


/** The server could not be reached or is shutting down ({@code UNAVAILABLE}); retrying later may succeed. */
public final class UnavailableException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String description, Throwable cause) {
    super(MedAsrStatus.UNAVAILABLE, description, cause);
  }
}
