package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tones at common rates, mono and stereo, through LINEAR16 and WAV: length, pitch and channel averaging. */
class ToneDecodingTest {
  private static final int OUTPUT_RATE = AudioDecoders.TARGET_SAMPLE_RATE;

  /** One second of output, analysed away from the edges: bin k is exactly k Hz. */
  private static final int WINDOW_START = 2_000;

  private static final int WINDOW = OUTPUT_RATE;

  @ParameterizedTest
  @ValueSource(ints = {8_000, 22_050, 44_100, 48_000})
  void monoToneKeepsItsPitchAndAmplitude(int rate) throws Exception {
    int frames = rate * 3 / 2 + 7;
    short[] pcm = TestAudio.toInt16(TestAudio.tones(rate, frames, 0.5f, 1000));
    for (float[] decoded : decodeAsLinear16AndWav(pcm, rate, 1)) {
      assertEquals(expectedLength(frames, rate), decoded.length);
      double[] spectrum = TestAudio.amplitudeSpectrum(decoded, WINDOW_START, WINDOW);
      assertEquals(1000, TestAudio.argMax(spectrum, 1, spectrum.length), 1);
      assertEquals(0.5, spectrum[1000], 0.01);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8_000, 22_050, 44_100, 48_000})
  void stereoChannelsAreAveraged(int rate) throws Exception {
    int frames = rate * 3 / 2 + 7;
    short[] pcm = TestAudio.toInt16(TestAudio.tones(rate, frames, 0.5f, 440, 1000));
    for (float[] decoded : decodeAsLinear16AndWav(pcm, rate, 2)) {
      assertEquals(expectedLength(frames, rate), decoded.length);
      double[] spectrum = TestAudio.amplitudeSpectrum(decoded, WINDOW_START, WINDOW);
      // each channel's tone at half its amplitude: the average, neither the sum nor one channel
      assertEquals(0.25, spectrum[440], 0.01);
      assertEquals(0.25, spectrum[1000], 0.01);
      int strongest = TestAudio.argMax(spectrum, 1, spectrum.length);
      assertTrue(
          Math.abs(strongest - 440) <= 1 || Math.abs(strongest - 1000) <= 1,
          "peak at " + strongest);
      spectrum[440] = 0;
      spectrum[1000] = 0;
      assertTrue(
          spectrum[TestAudio.argMax(spectrum, 1, spectrum.length)] < 0.01, "a third tone appeared");
    }
  }

  @Test
  void sixteenKilohertzMonoPassesThroughUnchanged() throws Exception {
    short[] pcm = TestAudio.toInt16(TestAudio.tones(OUTPUT_RATE, 12_345, 0.9f, 1234));
    float[] expected = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      expected[i] = pcm[i] / 32768f;
    }
    for (float[] decoded : decodeAsLinear16AndWav(pcm, OUTPUT_RATE, 1)) {
      assertArrayEquals(expected, decoded);
    }
  }

  @Test
  void eightChannelsAreAveraged() throws Exception {
    int rate = 48_000;
    // channel c carries a tone of 500 + 250c Hz; the average holds all eight at an eighth of the
    // amplitude
    double[] frequencies = new double[8];
    for (int channel = 0; channel < 8; channel++) {
      frequencies[channel] = 500 + 250 * channel;
    }
    short[] pcm = TestAudio.toInt16(TestAudio.tones(rate, rate * 3 / 2, 0.8f, frequencies));
    for (float[] decoded : decodeAsLinear16AndWav(pcm, rate, 8)) {
      double[] spectrum = TestAudio.amplitudeSpectrum(decoded, WINDOW_START, WINDOW);
      for (double frequency : frequencies) {
        assertEquals(0.1, spectrum[(int) frequency], 0.005, frequency + " Hz");
      }
    }
  }

  /** libresample emits one output sample per output period that starts inside the input. */
  private static int expectedLength(int frames, int rate) {
    return (int) Math.ceil((double) frames * OUTPUT_RATE / rate);
  }

  private static float[][] decodeAsLinear16AndWav(short[] pcm, int rate, int channels)
      throws Exception {
    byte[] raw = TestAudio.linear16(pcm);
    float[] linear16 =
        AudioDecoders.decodeAll(new AudioFormat(AudioEncoding.LINEAR16, rate, channels), raw);
    float[] wav =
        AudioDecoders.decodeAll(
            new AudioFormat(AudioEncoding.WAV, 0, 0), TestAudio.wav(1, channels, rate, 16, raw));
    assertArrayEquals(linear16, wav, "WAV and LINEAR16 of the same samples differ");
    return new float[][] {linear16, wav};
  }
}
