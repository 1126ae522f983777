package io.medasr.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes real 16 kHz 16-bit mono PCM WAV files (a tone, with silence around it on request) for tests. */
final class TestWavs {
  static final int RATE = 16_000;
  static final int HEADER_BYTES = 44;
  private static final double AMPLITUDE = 8000;

  private TestWavs() {}

  /** A WAV of {@code seconds} of a tone at {@code hertz}; different tones make files with different bytes. */
  static Path tone(Path file, double seconds, double hertz) throws IOException {
    return toneBetweenSilences(file, 0, seconds, 0, hertz, AMPLITUDE);
  }

  /** A WAV of digital silence, then a tone of the given peak amplitude (of 32767), then digital silence. */
  static Path toneBetweenSilences(Path file, double leadSeconds, double toneSeconds, double tailSeconds,
      double hertz, double amplitude) throws IOException {
    int lead = samples(leadSeconds);
    int tone = samples(toneSeconds);
    short[] pcm = new short[lead + tone + samples(tailSeconds)];
    for (int i = 0; i < tone; i++) {
      pcm[lead + i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hertz * i / RATE));
    }
    return write(file, pcm);
  }

  static Path write(Path file, short[] pcm) throws IOException {
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + 2 * pcm.length).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
        .putInt(2 * RATE).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(2 * pcm.length);
    for (short sample : pcm) {
      wav.putShort(sample);
    }
    Files.createDirectories(file.getParent());
    return Files.write(file, wav.array());
  }

  private static int samples(double seconds) {
    return (int) Math.round(seconds * RATE);
  }

  /** The duration of a file written here from its size in bytes. */
  static double seconds(long fileBytes) {
    return (fileBytes - HEADER_BYTES) / (2.0 * RATE);
  }
}
