package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Random;

/**
 * Fuzz tests of the decoders a client's bytes reach first: WAV headers and raw PCM, G.711 and float samples. Every
 * build runs them on their regression inputs (src/test/resources/io/medasr/audio/AudioFuzzTestInputs); fuzzing
 * them: docs/fuzzing.md.
 */
class AudioFuzzTest {
  private static final List<AudioEncoding> DECODED_HERE =
      List.of(AudioEncoding.WAV, AudioEncoding.LINEAR16, AudioEncoding.MULAW, AudioEncoding.ALAW, AudioEncoding.FLOAT32);
  /** Common rates, and any other the fuzzer likes. */
  private static final List<Integer> RATES = List.of(8_000, 11_025, 16_000, 22_050, 44_100, 48_000, 96_000);
  /** Small enough that the fuzzer reaches the limit. */
  private static final long MAX_OUTPUT_SAMPLES = 48_000;

  /**
   * Any bytes, in any encoding decoded in the server, at any rate and channel count, cut into any chunks: the
   * decoder either gives the same samples as for the bytes in one piece, or refuses them as invalid audio or over
   * the limit, whichever way they were cut. Nothing else may be thrown.
   */
  @FuzzTest(maxDuration = "24h")
  void anyBytesDecodeAlikeHoweverCutOrAreRefused(FuzzedDataProvider data) {
    AudioEncoding encoding = data.pickValue(DECODED_HERE);
    int rate = data.consumeBoolean() ? data.pickValue(RATES)
        : data.consumeInt(AudioFormat.MIN_SAMPLE_RATE_HZ, AudioFormat.MAX_SAMPLE_RATE_HZ);
    int channels = data.consumeInt(1, AudioFormat.MAX_CHANNELS);
    long cutting = data.consumeLong();
    byte[] audio = data.consumeRemainingAsBytes();
    AudioFormat format = encoding.isRaw() ? new AudioFormat(encoding, rate, channels)
        : new AudioFormat(encoding, 0, 0);

    float[] whole = decode(format, audio, new Random(0), true);
    float[] cut = decode(format, audio, new Random(cutting), false);
    if (whole == null || cut == null) {
      assertEquals(whole == null, cut == null, "refused one way and not the other");
    } else {
      assertArrayEquals(whole, cut);
    }
  }

  /** The samples, or null when the decoder refused the audio. */
  private static float[] decode(AudioFormat format, byte[] audio, Random cuts, boolean inOnePiece) {
    FloatList samples = new FloatList(1024);
    try (AudioDecoder decoder = AudioDecoders.open(format, MAX_OUTPUT_SAMPLES)) {
      int offset = 0;
      while (offset < audio.length) {
        int length = inOnePiece ? audio.length : Math.min(audio.length - offset, 1 + cuts.nextInt(64));
        samples.addAll(decoder.decode(audio, offset, length));
        offset += length;
      }
      samples.addAll(decoder.finish());
      return samples.toArray();
    } catch (InvalidAudioException | AudioLimitExceededException refused) {
      return null;
    }
  }
}
