package io.medasr.decoding;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Repetition score of a decoded text: UTF-8 bytes over zlib-compressed bytes (openai {@code
 * compression_ratio}; Python's {@code zlib.compress} default level 6 with header = {@link
 * Deflater}'s defaults). Looping hallucinations compress well and score high. Stateless.
 */
public final class CompressionRatio {
  private CompressionRatio() {}

  public static double of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] chunk = new byte[Math.max(64, bytes.length + 64)];
      int compressed = 0;
      while (!deflater.finished()) {
        compressed += deflater.deflate(chunk);
      }
      return (double) bytes.length / compressed;
    } finally {
      deflater.end();
    }
  }
}
