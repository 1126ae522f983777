package io.medasr.stream;

/** The stream sent more audio than the server accepts on one call. */
public final class AudioLimitExceededException extends Exception {
  public AudioLimitExceededException(double limitSeconds) {
    super(String.format("audio longer than the server's limit of %.0f s per call", limitSeconds));
  }
}
