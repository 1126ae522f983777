package io.medasr.audio;

/**
 * Streaming decoder: encoded bytes in chunks of any size (a chunk may split a sample, a frame or a container
 * header anywhere) to 16 kHz mono float samples in [-1, 1]. Cutting the same stream into different chunks gives
 * bit-identical output. Memory stays bounded whatever the stream length.
 *
 * <p>A decoder may be opened with a limit on its output ({@link AudioDecoders#open(AudioFormat, long)}): it
 * throws {@link AudioLimitExceededException} as soon as the stream would decode to more samples, before they
 * are buffered.
 *
 * <p>Not thread-safe: one decoder per stream, fed from one thread at a time. After an
 * {@link InvalidAudioException} or an {@link AudioLimitExceededException} the stream cannot continue: close
 * the decoder.
 */
public interface AudioDecoder extends AutoCloseable {

  /** Decodes the next chunk; returns the samples ready so far (may be empty: the resampler holds a few back). */
  float[] decode(byte[] chunk, int offset, int length)
      throws InvalidAudioException, AudioLimitExceededException;

  /** Decodes a whole array as the next chunk. */
  default float[] decode(byte[] chunk) throws InvalidAudioException, AudioLimitExceededException {
    return decode(chunk, 0, chunk.length);
  }

  /**
   * Ends the stream: returns the samples still held (resampler tail, ffmpeg output) and throws when the stream
   * ends badly (a partial sample frame, a truncated header, a stream ffmpeg rejects).
   */
  float[] finish() throws InvalidAudioException, AudioLimitExceededException;

  /** Releases what the decoder owns (an ffmpeg process); safe to call more than once. */
  @Override
  void close();
}
