package io.medasr.wer;

/** A transcript, manifest or term file that cannot be used, with the file and line that are wrong. */
public class WerInputException extends Exception {
  public WerInputException(String message) {
    super(message);
  }

  public WerInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
