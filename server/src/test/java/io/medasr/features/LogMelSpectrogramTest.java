package io.medasr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogMelSpectrogramTest {

  private static final double TOLERANCE = 1e-4;

  static Stream<Named<JsonObject>> referenceCases() throws Exception {
    return ReferenceData.cases().asList().stream()
        .map(JsonElement::getAsJsonObject)
        .map(c -> Named.of(c.get("name").getAsString(), c));
  }

  @ParameterizedTest
  @MethodSource("referenceCases")
  void matchesEveryValueOfTheNumpyReference(JsonObject c) throws Exception {
    String name = c.get("name").getAsString();
    float[] source = source(c.get("source").getAsString());
    int first = c.get("firstSample").getAsInt();
    float[] audio = Arrays.copyOfRange(source, first, first + c.get("sampleCount").getAsInt());
    int nMels = c.get("nMels").getAsInt();
    int frames = c.get("frames").getAsInt();
    float[] expected = ReferenceData.floats(c.get("file").getAsString());

    float[][] mel = new LogMelSpectrogram(nMels).compute(audio, c.get("paddingSamples").getAsInt());

    assertEquals(nMels, mel.length);
    double worst = 0;
    for (int band = 0; band < nMels; band++) {
      assertEquals(frames, mel[band].length);
      for (int t = 0; t < frames; t++) {
        double error = Math.abs(mel[band][t] - expected[band * frames + t]);
        worst = Math.max(worst, error);
        assertEquals(
            expected[band * frames + t], mel[band][t], TOLERANCE, "band " + band + " frame " + t);
      }
    }
    System.out.printf("log-mel %s: max |java - numpy| = %.2e%n", name, worst);
  }

  @Test
  void matchesTheTinyModelsReferenceInputWithTranscribePadding() throws Exception {
    // models/tiny/reference-mel.f32: another helper's implementation, openai transcribe()'s recipe
    // on the first
    // 5 s of a LibriSpeech clip (clip + 480000 zero samples, frames [0, 500))
    Path clip = ReferenceData.speechData().resolve("librispeech-sample/wav/1089-134686-0000.wav");
    assumeTrue(Files.isRegularFile(clip), "shared speech data not present: " + clip);
    Path referenceFile =
        Path.of(System.getProperty("medasr.repo.root")).resolve("models/tiny/reference-mel.f32");
    float[] expected = ReferenceData.floats(Files.readAllBytes(referenceFile));
    float[] audio = Arrays.copyOf(ReferenceData.wav(clip), 80000);

    float[][] mel = new LogMelSpectrogram(80).compute(audio, LogMelSpectrogram.N_SAMPLES);
    float[] input = LogMelSpectrogram.window(mel, 0, 500);

    assertEquals(80 * 500, expected.length);
    for (int band = 0; band < 80; band++) {
      for (int t = 0; t < 500; t++) {
        assertEquals(
            expected[band * 500 + t],
            input[band * 3000 + t],
            TOLERANCE,
            "band " + band + " t " + t);
      }
      assertEquals(0f, input[band * 3000 + 500]);
    }
  }

  @Test
  void frameCountIsSamplesPlusPaddingOverHop() {
    LogMelSpectrogram features = new LogMelSpectrogram(80);
    assertEquals(3000, features.compute(new float[480000], 0)[0].length);
    assertEquals(3001, features.compute(new float[480000], 160)[0].length);
    assertEquals(1, features.compute(new float[100], 60)[0].length);
    assertEquals(0, features.compute(new float[159], 0)[0].length);
    assertEquals(0, features.compute(new float[0], 0)[0].length);
  }

  /** 1.5 s of a modulated tone: energy in a few mel bands that varies over time. */
  private static float[] speechLike() {
    float[] samples = new float[24000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0007));
    }
    return samples;
  }

  @Test
  void appendedSilenceMatchesComputingTheZerosExplicitly() {
    float[] speechLike = speechLike();
    LogMelSpectrogram features = new LogMelSpectrogram(80);
    float[][] padded = features.compute(speechLike, 16000);
    float[][] explicit = features.compute(Arrays.copyOf(speechLike, 40000), 0);
    for (int band = 0; band < 80; band++) {
      assertArrayEquals(explicit[band], padded[band], "band " + band);
    }
  }

  @Test
  void framesBeforeThePaddingDoNotDependOnHowMuchPaddingFollows() {
    float[] speechLike = speechLike();
    LogMelSpectrogram features = new LogMelSpectrogram(80);
    float[][] full = features.compute(speechLike, LogMelSpectrogram.N_SAMPLES);
    float[][] shortPadding = features.compute(speechLike, 400 * 160);
    assertEquals(150 + 400, shortPadding[0].length);
    for (int band = 0; band < 80; band++) {
      assertArrayEquals(Arrays.copyOf(full[band], 550), shortPadding[band], "band " + band);
    }
  }

  @Test
  void oneInstanceGivesIdenticalResultsFromConcurrentThreads() throws Exception {
    LogMelSpectrogram features = new LogMelSpectrogram(80);
    float[] chirp = ReferenceData.floats("chirp.f32");
    float[][] expected = features.compute(chirp, 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> features.compute(chirp, 0)));
      }
      for (Future<float[][]> result : results) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void silenceIsTheLogFloorEverywhere() {
    float[][] mel = new LogMelSpectrogram(80).compute(new float[1600], 0);
    for (float[] band : mel) {
      for (float v : band) {
        assertEquals((-10f + 4f) / 4f, v);
      }
    }
  }

  @Test
  void valuesAreClampedToEightDecadesBelowTheGlobalMaximum() {
    float[] audio = new float[32000];
    for (int i = 0; i < 16000; i++) {
      audio[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    float[][] mel = new LogMelSpectrogram(80).compute(audio, 0);
    float max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    for (float[] band : mel) {
      for (float v : band) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
    // (L + 4) / 4 maps the 8-decade range to exactly 2.0
    assertEquals(max - 2.0f, min, 1e-6f);
    assertEquals(min, mel[40][150], "the silent second half sits at the clamp");
  }

  @Test
  void rejectsNonFiniteSamplesAndNegativePadding() {
    LogMelSpectrogram features = new LogMelSpectrogram(80);
    float[] audio = new float[1000];
    audio[17] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> features.compute(audio, 0));
    assertEquals("audio sample 17 is not finite: NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> features.compute(new float[1000], -1));
  }

  @Test
  void windowCopiesTheFramesAndZeroPadsToThreeThousand() {
    float[][] mel = new float[2][3500];
    for (int band = 0; band < 2; band++) {
      for (int t = 0; t < 3500; t++) {
        mel[band][t] = band * 10000 + t + 1;
      }
    }
    float[] input = LogMelSpectrogram.window(mel, 1000, 2500);
    assertEquals(2 * 3000, input.length);
    assertEquals(1001f, input[0]);
    assertEquals(3500f, input[2499]);
    assertEquals(0f, input[2500]);
    assertEquals(0f, input[2999]);
    assertEquals(11001f, input[3000]);
    assertEquals(13500f, input[3000 + 2499]);
    assertEquals(0f, input[5999]);

    float[] full = LogMelSpectrogram.window(mel, 500, 3000);
    assertArrayEquals(Arrays.copyOfRange(mel[1], 500, 3500), Arrays.copyOfRange(full, 3000, 6000));
  }

  @Test
  void windowRejectsRangesOutsideTheSpectrogramOrLongerThanThirtySeconds() {
    float[][] mel = new float[80][3500];
    assertThrows(IllegalArgumentException.class, () -> LogMelSpectrogram.window(mel, 0, 3001));
    assertThrows(IllegalArgumentException.class, () -> LogMelSpectrogram.window(mel, 1000, 2501));
    assertThrows(IllegalArgumentException.class, () -> LogMelSpectrogram.window(mel, -1, 10));
  }

  private static float[] source(String name) throws Exception {
    if (name.endsWith(".f32")) {
      return ReferenceData.floats(name);
    }
    Path wav = ReferenceData.speechData().resolve(name);
    assumeTrue(Files.isRegularFile(wav), "shared speech data not present: " + wav);
    return ReferenceData.wav(wav);
  }
}
