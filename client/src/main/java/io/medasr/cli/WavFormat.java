package io.medasr.cli;

import io.medasr.client.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

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
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 12; // after "RIFF", the RIFF size and "WAVE"
    while (offset + 8 <= file.length) {
      String id = new String(file, offset, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(buffer.getInt(offset + 4));
      if (id.equals("fmt ") && size >= 16 && offset + 24 <= file.length) {
        int byteRate = buffer.getInt(offset + 16);
        int blockAlign = Short.toUnsignedInt(buffer.getShort(offset + 20));
        if (byteRate <= 0 || blockAlign == 0) {
          throw new InvalidArgumentException("the WAV header gives no byte rate", null);
        }
        return new WavFormat(byteRate, blockAlign);
      }
      offset += 8 + size + (size & 1); // chunks are padded to an even size
    }
    throw new InvalidArgumentException("the WAV header has no fmt chunk", null);
  }

  /** Bytes holding {@code millis} of audio, a whole number of sample frames (at least one). */
  int bytesFor(int millis) {
    long bytes = (long) byteRate * millis / 1000;
    return (int) Math.max(blockAlign, bytes - bytes % blockAlign);
  }
}
