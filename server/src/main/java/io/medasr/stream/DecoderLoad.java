package io.medasr.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * How busy the decoding workers that streams share are: one per engine, shared by all its streams. Thread-safe.
 */
public final class DecoderLoad {
  private final DoubleSupplier callsPerWorker;
  /** Decodes that final results wait for (at pauses and endpoints), running now in any stream. */
  private final AtomicInteger decodesBeforeFinals = new AtomicInteger();

  /** @param callsPerWorker calls in progress per decoding worker, the asking stream included */
  public DecoderLoad(DoubleSupplier callsPerWorker) {
    this.callsPerWorker = callsPerWorker;
  }

  /** The load of a stream with a worker to itself. */
  public static DecoderLoad alone() {
    return new DecoderLoad(() -> 1);
  }

  /** Calls in progress per decoding worker, the asking stream included: 1 when it has a worker to itself. */
  double callsPerWorker() {
    return callsPerWorker.getAsDouble();
  }

  /** Whether some stream is running a decode that its final results wait for. */
  boolean decodeBeforeFinalsRunning() {
    return decodesBeforeFinals.get() > 0;
  }

  void decodeBeforeFinalsStarted() {
    decodesBeforeFinals.incrementAndGet();
  }

  void decodeBeforeFinalsEnded() {
    decodesBeforeFinals.decrementAndGet();
  }
}
