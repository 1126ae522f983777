package io.medasr.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A chunk of a RIFF/WAVE file held in memory: where its body starts and the size its header declares (which a
 * file cut short, or written by a streaming encoder, may not reach). An immutable value.
 *
 * @param bodyOffset index of the chunk's first body byte in the file
 * @param declaredSize the size in the chunk header, unsigned
 */
record RiffChunk(int bodyOffset, long declaredSize) {
  private static final int RIFF_HEADER_BYTES = 12; // "RIFF", the RIFF size, "WAVE"
  private static final int CHUNK_HEADER_BYTES = 8;

  /** The first chunk called {@code id} (e.g. {@code "fmt "}), walking the chunks from the start of the file. */
  static Optional<RiffChunk> find(byte[] file, String id) {
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long offset = RIFF_HEADER_BYTES;
    while (offset + CHUNK_HEADER_BYTES <= file.length) {
      int at = (int) offset;
      long size = Integer.toUnsignedLong(buffer.getInt(at + 4));
      if (new String(file, at, 4, StandardCharsets.US_ASCII).equals(id)) {
        return Optional.of(new RiffChunk(at + CHUNK_HEADER_BYTES, size));
      }
      offset += CHUNK_HEADER_BYTES + size + (size & 1); // chunks are padded to an even size
    }
    return Optional.empty();
  }
}
