package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same audio cut into random chunks (splitting samples, frames and WAV headers) decodes bit-identically. */
class ChunkingTest {
  private static final int CUTTINGS = 8;

  static Stream<Arguments> streams() {
    Random random = new Random(7);
    float[] stereo44k = TestAudio.tones(44_100, 11_011, 0.7f, 440, 3000);
    float[] mono22k = TestAudio.tones(22_050, 10_000, 0.7f, 1000);
    byte[] codes = new byte[9_003]; // odd: the WAV data chunk needs its pad byte
    random.nextBytes(codes);
    byte[] pcm16 = TestAudio.linear16(TestAudio.toInt16(stereo44k));
    byte[] pcm24 = new byte[3 * 2 * 6_001];
    random.nextBytes(pcm24);
    return Stream.of(
        Arguments.of(new AudioFormat(AudioEncoding.LINEAR16, 44_100, 2), pcm16),
        Arguments.of(new AudioFormat(AudioEncoding.LINEAR16, 16_000, 1), pcm16),
        Arguments.of(new AudioFormat(AudioEncoding.MULAW, 8_000, 1), codes),
        Arguments.of(new AudioFormat(AudioEncoding.ALAW, 11_025, 3), codes),
        Arguments.of(new AudioFormat(AudioEncoding.FLOAT32, 22_050, 1), TestAudio.float32(mono22k)),
        Arguments.of(
            new AudioFormat(AudioEncoding.FLOAT32, 96_000, 2), TestAudio.float32(stereo44k)),
        Arguments.of(
            new AudioFormat(AudioEncoding.WAV, 0, 0),
            new TestAudio.WavBuilder(1, 2, 44_100, 16)
                .chunkBeforeData("LIST", TestAudio.ascii("INFOISFTx"))
                .data(pcm16)
                .build()),
        Arguments.of(
            new AudioFormat(AudioEncoding.WAV, 48_000, 2),
            new TestAudio.WavBuilder(1, 2, 48_000, 24)
                .extensible(1)
                .data(pcm24)
                .declaredDataSize(0xFFFFFFFFL)
                .build()),
        Arguments.of(
            new AudioFormat(AudioEncoding.WAV, 0, 0), TestAudio.wav(7, 1, 8_000, 8, codes)));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void randomChunkingGivesIdenticalSamples(AudioFormat format, byte[] audio) throws Exception {
    float[] whole = AudioDecoders.decodeAll(format, audio);
    Random random = new Random(format.hashCode());
    for (int cutting = 0; cutting < CUTTINGS; cutting++) {
      float[] chunked =
          cutting % 2 == 0
              ? TestAudio.decodeInRandomChunks(
                  AudioDecoders.open(format), audio, random, 1 + random.nextInt(5_000))
              : TestAudio.decodeWithRandomCuts(
                  AudioDecoders.open(format), audio, random, 1 + random.nextInt(300));
      assertArrayEquals(whole, chunked, format + ", cutting " + cutting);
    }
  }
}
