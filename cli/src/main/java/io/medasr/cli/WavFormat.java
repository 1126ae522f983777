package io.medasr.cli;

import io.medasr.client.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The pace of a WAV file, read from its {@code fmt } chunk: what {@code stream} needs to cut it into chunks
 * of a given length of audio.
 *
 * @param byteRate bytes of audio per second
 * @param blockAlign bytes per sample frame (all channels); chunks are cut at multiples of it
 */
record WavFormat(int byteRate, int blockAlign) {

  /**
   * Reads the format of a RIFF/WAVE file held in {@code file}.
   *
   * @throws InvalidArgumentException when the header has no usable {@code fmt } chunk
   */
  static WavFormat read(byte[] file) {
    RiffChunk fmt = RiffChunk.find(file, "fmt ")
        .filter(chunk -> chunk.declaredSize() >= 16 && chunk.bodyOffset() + 16 <= file.length)
        .orElseThrow(() -> new InvalidArgumentException("the WAV header has no fmt chunk", null));
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int byteRate = buffer.getInt(fmt.bodyOffset() + 8);
    int blockAlign = Short.toUnsignedInt(buffer.getShort(fmt.bodyOffset() + 12));
    if (byteRate <= 0 || blockAlign == 0) {
      throw new InvalidArgumentException("the WAV header gives no byte rate", null);
    }
    return new WavFormat(byteRate, blockAlign);
  }

  /** Bytes holding {@code millis} of audio, a whole number of sample frames (at least one). */
  int bytesFor(int millis) {
    long bytes = (long) byteRate * millis / 1000;
    return (int) Math.max(blockAlign, bytes - bytes % blockAlign);
  }
}
