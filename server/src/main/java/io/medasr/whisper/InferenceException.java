package io.medasr.whisper;

/** An ONNX Runtime call failed while running a loaded model (not a problem of the caller's input). */
public final class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
