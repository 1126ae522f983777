package io.medasr.stream;

/** How busy the decoding workers that a stream shares with other calls are. Implementations are thread-safe. */
@FunctionalInterface
public interface DecoderLoad {
  /** A stream with a worker to itself. */
  DecoderLoad ALONE = () -> 1;

  /** Calls in progress per decoding worker, the asking stream included: 1 when it has a worker to itself. */
  double callsPerWorker();
}
