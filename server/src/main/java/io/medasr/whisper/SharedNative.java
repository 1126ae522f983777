package io.medasr.whisper;

/**
 * A native value with several users (a decoder and its forks, a window and its decoders), closed when the last
 * one lets go. Not thread-safe: its users run on one thread.
 */
final class SharedNative<T extends AutoCloseable> {
  final T value;
  private final NativeTracker tracker;
  private int users = 1;

  SharedNative(T value, NativeTracker tracker) {
    this.value = value;
    this.tracker = tracker;
  }

  SharedNative<T> retain() {
    if (users == 0) {
      throw new IllegalStateException("native value already closed");
    }
    users++;
    return this;
  }

  void release() {
    if (--users == 0) {
      tracker.close(value);
    }
  }
}
