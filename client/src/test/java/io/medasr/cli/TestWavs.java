package io.medasr.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes real 16 kHz 16-bit mono PCM WAV files (a tone) for tests. */
final class TestWavs {
  private static final int RATE = 16_000;
  private static final int HEADER_BYTES = 44;

  private TestWavs() {}

  /** A WAV of {@code seconds} of a tone at {@code hertz}; different tones make files with different bytes. */
  static Path tone(Path file, double seconds, double hertz) throws IOException {
    int samples = (int) Math.round(seconds * RATE);
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
        .putInt(2 * RATE).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(2 * samples);
    for (int i = 0; i < samples; i++) {
      wav.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * hertz * i / RATE)));
    }
    Files.createDirectories(file.getParent());
    return Files.write(file, wav.array());
  }

  /** The duration of a file written by {@link #tone} from its size in bytes. */
  static double seconds(long fileBytes) {
    return (fileBytes - HEADER_BYTES) / (2.0 * RATE);
  }
}
