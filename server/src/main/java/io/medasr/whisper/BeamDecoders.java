package io.medasr.whisper;

/**
 * The decoders of a beam search's hypotheses over one window, stepped together: each step continues some of the
 * previous step's hypotheses (one may go on several times, another not at all) by one token each. Made by {@link
 * IncrementalDecoder#beams()}. Not thread-safe.
 */
public interface BeamDecoders extends AutoCloseable {

  /**
   * Feeds {@code tokens[i]} after hypothesis {@code sources[i]} of the previous step (on the first step the one
   * hypothesis is the decoder the beams came from: every source 0), and writes the next position's logits of each
   * new hypothesis into {@code logits[i]}; the new hypotheses are those of the next step.
   *
   * @throws InferenceException when ONNX Runtime fails
   */
  void step(int[] sources, int[] tokens, float[][] logits);

  /** Releases the hypotheses' caches; the decoder the beams came from stays open. */
  @Override
  void close();
}
