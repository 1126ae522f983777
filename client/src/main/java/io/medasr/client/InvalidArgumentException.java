package io.medasr.client;


/**
 * The request was rejected as malformed: a bad config or audio that cannot be decoded
 * ({@code INVALID_ARGUMENT}). Also raised by the client itself, before sending, for audio whose encoding it
 * cannot tell.
 */
public final class InvalidArgumentException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String description, Throwable cause) {
    super(MedAsrStatus.INVALID_ARGUMENT, description, cause);
  }
}
