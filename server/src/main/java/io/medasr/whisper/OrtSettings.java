package io.medasr.whisper;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Objects;

/**
 * ONNX Runtime session settings shared by all sessions of one {@link WhisperModel}.
 *
 * @param intraOpThreads threads used inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads used across independent operators; 0 lets ONNX Runtime choose
 * @param optimizationLevel graph optimisation level applied when a session is created
 */
public record OrtSettings(int intraOpThreads, int interOpThreads, OptLevel optimizationLevel) {

  public OrtSettings {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0 (0 = ONNX Runtime default), got intra="
              + intraOpThreads + " inter=" + interOpThreads);
    }
    Objects.requireNonNull(optimizationLevel, "optimizationLevel");
  }

  /** ONNX Runtime's own thread defaults with all graph optimisations. */
  public static OrtSettings defaults() {
    return new OrtSettings(0, 0, OptLevel.ALL_OPT);
  }
}
