package io.medasr.whisper;

/**
 * The decoder of one token sequence over one encoded window: each call appends tokens to what was
 * fed before and returns the logits of the appended positions. Not thread-safe; one per sequence.
 */
public interface IncrementalDecoder extends AutoCloseable {

  /**
   * Feeds {@code tokens} after the tokens of earlier calls.
   *
   * @param logitRows the positions of {@code tokens} whose logits are wanted (at least one), e.g. the SOT
   *     row and the last row of a prompt; a graph with a {@code logits_rows} input computes only these
   * @return the logits of {@code logitRows} in that order, valid until the next call or {@link #close()}
   * @throws InferenceException when ONNX Runtime fails
   */
  LogitRows append(int[] tokens, int... logitRows);

  /**
   * Forgets the last {@code tokens} fed tokens, as if they had never been appended (speculative decoding: the
   * draft tokens after the first one the decoder would not have chosen).
   *
   * @throws IllegalArgumentException when fewer tokens were fed
   * @throws InferenceException when ONNX Runtime fails
   */
  void rewind(int tokens);

  /**
   * A second decoder that continues from the same tokens (beam search). The cache is shared, not
   * copied; each decoder must be closed.
   */
  IncrementalDecoder fork();

  /**
   * The decoders of beam search hypotheses that continue from this decoder's tokens, stepped together. This
   * decoder must have been fed, stays unchanged, and must outlive them.
   */
  default BeamDecoders beams() {
    return new ForkedBeams(this);
  }

  /** Releases the native tensors of the cache. */
  @Override
  void close();
}
