package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FLAC "bomb": about 56 KB that decode to 120 s of 8 channels at 192 kHz (737 MB as ffmpeg's float WAV). The
 * output limit must stop it in the reader thread. Skipped without ffmpeg.
 */
class FfmpegOutputLimitTest {
  private static final int RATE = AudioDecoders.TARGET_SAMPLE_RATE;
  private static final AudioFormat FLAC = new AudioFormat(AudioEncoding.FLAC, 0, 0);
  private static final int CHUNK_BYTES = 4_096;

  @TempDir static Path folder;
  private static Ffmpeg ffmpeg;
  private static byte[] bomb;

  @BeforeAll
  static void makeBomb() throws Exception {
    ffmpeg = TestAudio.requireFfmpeg();
    Path file = folder.resolve("bomb.flac");
    TestAudio.runFfmpeg(
        ffmpeg, "-f", "lavfi", "-i", "anullsrc=r=192000:cl=7.1", "-t", "120", "-c:a", "flac",
        file.toString());
    bomb = Files.readAllBytes(file);
  }

  @Test
  void overTheLimitIsRefused() throws Exception {
    long[] returned = {0};
    try (AudioDecoder decoder = AudioDecoders.open(FLAC, ffmpeg, 10 * RATE)) {
      AudioLimitExceededException error =
          assertThrows(
              AudioLimitExceededException.class,
              () -> {
                for (int position = 0; position < bomb.length; position += CHUNK_BYTES) {
                  int length = Math.min(CHUNK_BYTES, bomb.length - position);
                  returned[0] += decoder.decode(bomb, position, length).length;
                }
                returned[0] += decoder.finish().length;
              });
      assertEquals(
          "audio is longer than this server accepts per call (at most 10 s)", error.getMessage());
    }
    assertTrue(returned[0] <= 10 * RATE, returned[0] + " samples returned");
  }

  @Test
  void withoutALimitItDecodesToAllOfItsSilence() throws Exception {
    float[] decoded =
        TestAudio.decodeInRandomChunks(
            AudioDecoders.open(FLAC, ffmpeg), bomb, new Random(23), CHUNK_BYTES);
    assertArrayEquals(new float[120 * RATE], decoded);
  }
}
