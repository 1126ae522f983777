package io.medasr.whisper;

/**
 * The decoder of one token sequence over one encoded window: each call appends tokens to what was
 * fed before and returns the logits of the appended positions. Not thread-safe; one per sequence.
 */
public interface IncrementalDecoder extends AutoCloseable {

  /**
   * Feeds {@code tokens} after the tokens of earlier calls.
   *
   * @return logits of the fed positions, valid until the next call or {@link #close()}
   * @throws InferenceException when ONNX Runtime fails
   */
  LogitRows append(int[] tokens);

  /**
   * A second decoder that continues from the same tokens (beam search). The cache is shared, not
   * copied; each decoder must be closed.
   */
  IncrementalDecoder fork();

  /** Releases the native tensors of the cache. */
  @Override
  void close();
}
