package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output limit of raw and WAV decoders: exceeded exactly when the 16 kHz output would pass it. */
class OutputLimitTest {
  private static final int RATE = AudioDecoders.TARGET_SAMPLE_RATE;
  private static final AudioFormat MONO_16K = new AudioFormat(AudioEncoding.LINEAR16, RATE, 1);
  private static final String FIVE_SECONDS =
      "audio is longer than this server accepts per call (at most 5 s)";

  @Test
  void linear16OverTheLimitIsRefused() {
    byte[] tenSeconds = linear16Noise(10 * RATE, 1);
    AudioLimitExceededException error =
        assertThrows(
            AudioLimitExceededException.class,
            () -> AudioDecoders.decodeAll(MONO_16K, tenSeconds, 5 * RATE));
    assertEquals(FIVE_SECONDS, error.getMessage());
    assertEquals(5.0, error.maxSeconds());
  }

  @Test
  void linear16ExactlyAtTheLimitPassesAndOneFrameMoreDoesNot() throws Exception {
    byte[] fiveSeconds = linear16Noise(5 * RATE, 2);
    float[] decoded = AudioDecoders.decodeAll(MONO_16K, fiveSeconds, 5 * RATE);
    assertEquals(5 * RATE, decoded.length);
    assertArrayEquals(AudioDecoders.decodeAll(MONO_16K, fiveSeconds), decoded);
    byte[] oneFrameMore = linear16Noise(5 * RATE + 1, 3);
    assertThrows(
        AudioLimitExceededException.class,
        () -> AudioDecoders.decodeAll(MONO_16K, oneFrameMore, 5 * RATE));
  }

  @Test
  void randomChunksHitTheLimitAtTheSamePlace() throws Exception {
    Random random = new Random(17);
    byte[] fiveSeconds = linear16Noise(5 * RATE, 4);
    float[] chunked =
        TestAudio.decodeInRandomChunks(
            AudioDecoders.open(MONO_16K, 5 * RATE), fiveSeconds, random, 5_000);
    assertArrayEquals(AudioDecoders.decodeAll(MONO_16K, fiveSeconds), chunked);

    byte[] tenSeconds = linear16Noise(10 * RATE, 5);
    try (AudioDecoder decoder = AudioDecoders.open(MONO_16K, 5 * RATE)) {
      int position = 0;
      long returned = 0;
      int length = 1 + random.nextInt(5_000);
      while ((position + length) / 2 <= 5 * RATE) {
        returned += decoder.decode(tenSeconds, position, length).length;
        position += length;
        length = 1 + random.nextInt(5_000);
      }
      // the chunk that crosses the limit is refused whole, having returned nothing of itself
      int crossingChunk = position;
      int crossingLength = length;
      AudioLimitExceededException error =
          assertThrows(
              AudioLimitExceededException.class,
              () -> decoder.decode(tenSeconds, crossingChunk, crossingLength));
      assertEquals(FIVE_SECONDS, error.getMessage());
      assertEquals(position / 2, returned);
    }
  }

  /**
   * The limit counts the resampler's actual output, which for some rates and lengths is one or two samples more
   * than ceil(frames * 16000 / rate): exactly that many passes, one less does not.
   */
  @ParameterizedTest
  @ValueSource(ints = {8_000, 11_025, 22_050, 44_100, 48_000, 96_000, 192_000})
  void resampledOutputIsCountedExactly(int rate) throws Exception {
    int frames = rate * 3 / 2 + 7;
    AudioFormat stereo = new AudioFormat(AudioEncoding.LINEAR16, rate, 2);
    byte[] audio = linear16Noise(2 * frames, rate);
    float[] unlimited = AudioDecoders.decodeAll(stereo, audio);
    float[] atTheLimit = AudioDecoders.decodeAll(stereo, audio, unlimited.length);
    assertArrayEquals(unlimited, atTheLimit);
    assertThrows(
        AudioLimitExceededException.class,
        () -> AudioDecoders.decodeAll(stereo, audio, unlimited.length - 1));
  }

  @Test
  void jfkWavIsRefusedOverTheLimitAndUnchangedUnderIt() throws Exception {
    byte[] jfk = Files.readAllBytes(TestAudio.speechData("general").resolve("wav/jfk.wav"));
    AudioFormat wav = new AudioFormat(AudioEncoding.WAV, 0, 0);
    AudioLimitExceededException error =
        assertThrows(
            AudioLimitExceededException.class, () -> AudioDecoders.decodeAll(wav, jfk, 5 * RATE));
    assertEquals(FIVE_SECONDS, error.getMessage());
    float[] unlimited = AudioDecoders.decodeAll(wav, jfk);
    assertEquals(11 * RATE, unlimited.length);
    assertArrayEquals(unlimited, AudioDecoders.decodeAll(wav, jfk, 20 * RATE));
  }

  private static byte[] linear16Noise(int samples, long seed) {
    byte[] bytes = new byte[2 * samples];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
