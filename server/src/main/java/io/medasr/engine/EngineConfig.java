package io.medasr.engine;

/**
 * Limits and pool size of one {@link RecognitionEngine}.
 *
 * @param decodeWorkers threads that run model work; each run uses up to the model's intra-op threads, so
 *     {@code decodeWorkers x intra-op threads <= cores} keeps the CPU from being oversubscribed
 * @param maxCalls calls admitted at once (streaming and unary); each has at most one task queued or running,
 *     so this also bounds the decode queue
 * @param memoryBudgetBytes audio (samples and features) that all admitted calls together may hold
 * @param maxCallsPerClient calls one client (an API key, else an IP address) may have admitted at once
 */
public record EngineConfig(int decodeWorkers, int maxCalls, long memoryBudgetBytes, int maxCallsPerClient) {

  /** No limit per client beyond the server's. */
  public EngineConfig(int decodeWorkers, int maxCalls, long memoryBudgetBytes) {
    this(decodeWorkers, maxCalls, memoryBudgetBytes, maxCalls);
  }

  public EngineConfig {
    if (decodeWorkers < 1) {
      throw new IllegalArgumentException("decode workers must be >= 1, got " + decodeWorkers);
    }
    if (maxCalls < 1) {
      throw new IllegalArgumentException("max calls must be >= 1, got " + maxCalls);
    }
    if (maxCallsPerClient < 1) {
      throw new IllegalArgumentException("max calls per client must be >= 1, got " + maxCallsPerClient);
    }
    if (memoryBudgetBytes < 1) {
      throw new IllegalArgumentException("memory budget must be > 0, got " + memoryBudgetBytes);
    }
  }

  /**
   * The documented default split of {@code cores}: below 4 cores one worker per core, each run on one thread,
   * so that two streams decode at once (on 2 cores one stream's decode is about as fast on one thread as on
   * two, and four real-time streams keep up only with two workers; docs/streaming.md); from 4 cores on,
   * workers of two intra-op threads each ({@code cores / 2} workers).
   */
  public static int defaultDecodeWorkers(int cores) {
    return cores < 4 ? cores : cores / 2;
  }

  /** ONNX Runtime intra-op threads per run that fill {@code cores} with {@code workers} runs at once. */
  public static int threadsPerWorker(int cores, int workers) {
    return Math.max(1, cores / workers);
  }
}
