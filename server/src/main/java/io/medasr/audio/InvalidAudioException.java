package io.medasr.audio;

/**
 * Thrown for anything wrong with the audio bytes or their declared format. The message says exactly what is
 * wrong and is safe to return to the client (it never contains audio content).
 */
public class InvalidAudioException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidAudioException(String message) {
    super(message);
  }

  public InvalidAudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
