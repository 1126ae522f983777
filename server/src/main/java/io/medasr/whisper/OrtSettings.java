package io.medasr.whisper;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Objects;

/**
 * ONNX Runtime session settings shared by all sessions of one model.
 *
 * @param intraOpThreads threads used inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads used across independent operators; 0 lets ONNX Runtime choose
 * @param optimizationLevel graph optimisation level applied when a session is created
 * @param sharedPool run on the thread pool of the ONNX Runtime environment (created with global threads by
 *     {@link #createSharedPool}) instead of threads of each session's own: a run alone on the machine uses every
 *     thread of the pool, runs at once share them. The thread counts above are then unused.
 */
public record OrtSettings(int intraOpThreads, int interOpThreads, OptLevel optimizationLevel, boolean sharedPool) {

  public OrtSettings {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0 (0 = ONNX Runtime default), got intra="
              + intraOpThreads + " inter=" + interOpThreads);
    }
    Objects.requireNonNull(optimizationLevel, "optimizationLevel");
  }

  /** Sessions with threads of their own. */
  public OrtSettings(int intraOpThreads, int interOpThreads, OptLevel optimizationLevel) {
    this(intraOpThreads, interOpThreads, optimizationLevel, false);
  }

  /** New session options with these settings; the caller owns them and closes them after its sessions. */
  public OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      if (sharedPool) {
        options.disablePerSessionThreads();
      } else {
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(interOpThreads);
      }
      options.setOptimizationLevel(optimizationLevel);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /** ONNX Runtime's own thread defaults with all graph optimisations. */
  public static OrtSettings defaults() {
    return new OrtSettings(0, 0, OptLevel.ALL_OPT);
  }

  /** Sessions on the environment's pool ({@link #createSharedPool} first), with all graph optimisations. */
  public static OrtSettings onSharedPool() {
    return new OrtSettings(0, 0, OptLevel.ALL_OPT, true);
  }

  /**
   * Creates the process's ONNX Runtime environment with a pool of {@code threads} intra-op threads that sessions
   * with {@link #sharedPool()} run on (the threads sleep instead of spinning between runs: on a small machine
   * spinning takes a core from the other runs). Must come before anything else uses ONNX Runtime: the environment
   * is created once per process.
   *
   * @throws IllegalStateException when the environment exists already
   */
  public static void createSharedPool(int threads) {
    try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
      pool.setGlobalIntraOpNumThreads(threads);
      pool.setGlobalInterOpNumThreads(1);
      pool.setGlobalSpinControl(false);
      OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "medasr", pool);
    } catch (OrtException e) {
      throw new IllegalStateException("could not create the ONNX Runtime thread pool: " + e.getMessage(), e);
    }
  }
}
