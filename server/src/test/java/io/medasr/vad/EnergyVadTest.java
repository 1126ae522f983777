package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.audio.AudioDecoders;
import io.medasr.testing.TestAssets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyVadTest {
  private static final VadBackend ENERGY = new EnergyVadBackend(EnergyVadConfig.defaults());

  /**
   * Tolerances on timing-synth: first segment start within 0.1 s of the first word's start (30 ms padding
   * plus the 32 ms frame and the truth's own ~20 ms), last segment end within 0.25 s of the last word's end
   * (weak final consonants read late or early by the level).
   */
  @Test
  void speechStartsAndEndsNearTheTrueWordTimesOfTimingSynth() throws Exception {
    List<SpeechTiming.Error> errors = new ArrayList<>();
    for (SpeechTiming.Clip clip : SpeechTiming.timingSynth()) {
      errors.add(SpeechTiming.error(ENERGY, clip));
    }
    String summary = SpeechTiming.assertWithin(errors, 0.1, 0.25);
    System.out.println("EnergyVad on timing-synth: " + summary);
  }

  /**
   * jfk.wav has no word times; read from its 10 ms level: 60 ms of digital silence, room noise at about -43
   * dBFS, the first word's onset at 0.32 s, the last word's last loud frame at 10.16 s and a reverberant tail
   * to about 10.6 s.
   */
  @Test
  void jfkSpeechStartsAtTheFirstWordAndEndsInTheTailOfTheLast() throws Exception {
    List<SpeechSegment> segments =
        SpeechTiming.segments(ENERGY, AudioDecoders.readFile(TestAssets.speech("general/wav/jfk.wav")));
    double start = segments.get(0).startSeconds();
    double end = segments.get(segments.size() - 1).endSeconds();
    assertTrue(Math.abs(start - 0.32) <= 0.1, "start " + start);
    assertTrue(end >= 10.1 && end <= 10.7, "end " + end);
    System.out.println("EnergyVad on jfk.wav: " + segments);
  }

  @Test
  void digitalSilenceIsNotSpeech() {
    VoiceActivityDetector detector = ENERGY.newDetector(VadConfig.defaults());
    VadUpdate update = detector.accept(new float[10 * VadFormat.SAMPLE_RATE]);
    for (float p : update.probabilities()) {
      assertEquals(0f, p);
    }
    assertEquals(List.of(), update.events());
    assertEquals(List.of(), detector.finish().segments());
  }

  @Test
  void tenSecondsOfSteadyNoiseAreNotSpeech() {
    for (double dbfs : new double[] {-70, -55, -45, -30}) {
      float[] noise = noise(10 * VadFormat.SAMPLE_RATE, dbfs, 11);
      assertEquals(List.of(), SpeechTiming.segments(ENERGY, noise), dbfs + " dBFS");
    }
  }

  @Test
  void noiseAfterDigitalSilenceIsNotSpeech() {
    float[] samples = new float[10 * VadFormat.SAMPLE_RATE];
    float[] noise = noise(9 * VadFormat.SAMPLE_RATE, -45, 12);
    System.arraycopy(noise, 0, samples, VadFormat.SAMPLE_RATE, noise.length);
    assertEquals(List.of(), SpeechTiming.segments(ENERGY, samples));
  }

  @Test
  void scoresGrowLinearlyWithTheLevelAboveTheFloor() {
    EnergyVad vad = new EnergyVad(EnergyVadConfig.defaults());
    float[] quiet = constantFrame(Math.pow(10, -40 / 20.0)); // -40 dBFS: the floor
    float[] loud = constantFrame(Math.pow(10, -28 / 20.0)); // 12 dB above it
    assertEquals(0f, vad.score(quiet));
    assertEquals(0.5f, vad.score(loud), 1e-6f);
    vad.reset();
    assertEquals(0f, vad.score(loud), "after reset the floor is unknown again");
  }

  private static float[] constantFrame(double rms) {
    float[] frame = new float[VadFormat.FRAME_SAMPLES];
    Arrays.fill(frame, (float) rms);
    return frame;
  }

  static float[] noise(int n, double dbfs, long seed) {
    Random random = new Random(seed);
    double rms = Math.pow(10, dbfs / 20);
    float[] samples = new float[n];
    for (int i = 0; i < n; i++) {
      samples[i] = (float) (rms * random.nextGaussian());
    }
    return samples;
  }
}
