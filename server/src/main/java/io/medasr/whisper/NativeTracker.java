package io.medasr.whisper;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the native ONNX Runtime values (tensors and run results) a model has handed out and not
 * yet closed, so that leaks show up in tests and metrics. Thread-safe.
 */
final class NativeTracker {
  private final AtomicInteger live = new AtomicInteger();

  <T extends AutoCloseable> T opened(T value) {
    live.incrementAndGet();
    return value;
  }

  void close(AutoCloseable value) {
    try {
      value.close();
    } catch (Exception e) {
      throw new InferenceException("closing a native ONNX Runtime value failed", e);
    } finally {
      live.decrementAndGet();
    }
  }

  int live() {
    return live.get();
  }
}
