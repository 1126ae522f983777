package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Silero plumbing on models/tiny/silero-vad-tiny/silero_vad.onnx, whose output is {@code 1/4
 * mean|context| + 1/4 mean|new| + 1/2 mean(state) + (sr - 16000)} and whose next state is {@code mean|new|}
 * (models/tools/make_tiny_vad.py): exact for samples that are multiples of 1/8.
 */
class TinySileroModelTest {
  private static SileroVadModel model;

  @BeforeAll
  static void load() throws IOException {
    model = SileroVadModel.load(tinyModel(), TestAssets.ORT);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static Path tinyModel() {
    return TestAssets.repoRoot().resolve("models/tiny/silero-vad-tiny/silero_vad.onnx");
  }

  /** A frame of {@code body} with its last 64 samples (the next frame's context) set to {@code tail}. */
  static float[] frame(float body, float tail) {
    float[] frame = new float[512];
    for (int i = 0; i < 512; i++) {
      // alternate signs: the model takes magnitudes
      frame[i] = (i % 2 == 0 ? 1 : -1) * (i < 448 ? body : tail);
    }
    return frame;
  }

  @Test
  void eachCallSeesThePreviousTailAsContextAndThePreviousStateAndSampleRate16000() {
    float[][] bodyAndTail = {{0.5f, 0.25f}, {0.125f, 0.75f}, {1f, 0f}, {0f, 0.375f}, {0.625f, 0.125f}};
    VoiceActivity activity = model.newVoiceActivity();
    for (int round = 0; round < 2; round++) {
      double context = 0; // zeros before the first frame
      double state = 0;
      for (float[] frame : bodyAndTail) {
        double level = (7 * frame[0] + frame[1]) / 8.0;
        float expected = (float) (context / 4 + level / 4 + state / 2);
        assertEquals(expected, activity.score(frame(frame[0], frame[1])), 0f);
        context = frame[1];
        state = level;
      }
      activity.reset(); // the second round must start from zeros again
    }
  }

  @Test
  void wrongFrameSizeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> model.newVoiceActivity().score(new float[576]));
  }

  /** 12 s of bursts of noise separated by pauses: the tiny model's output crosses both thresholds. */
  static float[] bursts(long seed) {
    Random random = new Random(seed);
    float[] samples = new float[12 * VadFormat.SAMPLE_RATE + 123];
    int at = 0;
    boolean loud = false;
    while (at < samples.length) {
      int length = Math.min(samples.length - at, 2000 + random.nextInt(20000));
      float amplitude = loud ? 0.6f + 0.8f * random.nextFloat() : 0.05f * random.nextFloat();
      for (int i = at; i < at + length; i++) {
        samples[i] = (float) (amplitude * random.nextGaussian());
      }
      at += length;
      loud = !loud;
    }
    return samples;
  }

  @Test
  void anyChunkingGivesBitIdenticalProbabilitiesEventsAndSegments() {
    float[] samples = bursts(7);
    VoiceActivityDetector reference = model.newDetector(VadConfig.defaults());
    List<VadUpdate> whole = List.of(reference.accept(samples), reference.finish());
    float[] probabilities = VoiceActivityDetectorTest.probabilities(whole);
    List<SpeechSegment> segments = VoiceActivityDetectorTest.segments(whole);
    assertTrue(segments.size() >= 3, "the test audio has speech and pauses: " + segments);
    for (int maxChunk : new int[] {1, 100, 511, 513, 1600, 40000}) {
      VoiceActivityDetector detector = model.newDetector(VadConfig.defaults());
      List<VadUpdate> chunked = VoiceActivityDetectorTest.feedInRandomChunks(detector, samples, maxChunk, maxChunk);
      assertArrayEquals(probabilities, VoiceActivityDetectorTest.probabilities(chunked), "max chunk " + maxChunk);
      assertEquals(VoiceActivityDetectorTest.events(whole), VoiceActivityDetectorTest.events(chunked));
      assertEquals(segments, VoiceActivityDetectorTest.segments(chunked));
    }
  }

  @Test
  void resetGivesTheSameResultsAsANewDetector() {
    float[] samples = bursts(8);
    VoiceActivityDetector detector = model.newDetector(VadConfig.defaults());
    detector.accept(bursts(9)); // a different stream first
    detector.reset();
    List<VadUpdate> afterReset = List.of(detector.accept(samples), detector.finish());
    VoiceActivityDetector fresh = model.newDetector(VadConfig.defaults());
    List<VadUpdate> expected = List.of(fresh.accept(samples), fresh.finish());
    assertArrayEquals(VoiceActivityDetectorTest.probabilities(expected), VoiceActivityDetectorTest.probabilities(afterReset));
    assertEquals(VoiceActivityDetectorTest.segments(expected), VoiceActivityDetectorTest.segments(afterReset));
  }

  @Test
  void streamsSharingTheModelKeepTheirOwnState() throws Exception {
    float[] a = bursts(1);
    float[] b = bursts(2);
    float[] aAlone = probabilitiesOf(a);
    float[] bAlone = probabilitiesOf(b);
    // interleaved on one thread
    VoiceActivityDetector da = model.newDetector(VadConfig.defaults());
    VoiceActivityDetector db = model.newDetector(VadConfig.defaults());
    List<VadUpdate> ua = new ArrayList<>();
    List<VadUpdate> ub = new ArrayList<>();
    for (int from = 0; from < a.length; from += 1000) {
      ua.add(da.accept(a, from, Math.min(1000, a.length - from)));
      ub.add(db.accept(b, from, Math.min(1000, b.length - from)));
    }
    assertArrayEquals(aAlone, VoiceActivityDetectorTest.probabilities(ua));
    assertArrayEquals(bAlone, VoiceActivityDetectorTest.probabilities(ub));
    // concurrently on four threads
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        float[] samples = i % 2 == 0 ? a : b;
        results.add(pool.submit(() -> probabilitiesOf(samples)));
      }
      for (int i = 0; i < 8; i++) {
        assertArrayEquals(i % 2 == 0 ? aAlone : bAlone, results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static float[] probabilitiesOf(float[] samples) {
    VoiceActivityDetector detector = model.newDetector(VadConfig.defaults());
    return detector.accept(samples).probabilities();
  }

  @Test
  void aModelWithOtherInputsIsRejectedByName() {
    Path encoder = TestAssets.tinyMultilingual().resolve("encoder_model.onnx");
    IOException e = assertThrows(IOException.class, () -> SileroVadModel.load(encoder, TestAssets.ORT));
    assertTrue(e.getMessage().contains("input 'input'"), e.getMessage());
  }

  @Test
  void backendIsSileroWhenTheFileExistsElseEnergy(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    try (VadBackend silero = VadBackend.open(tinyModel(), TestAssets.ORT)) {
      assertInstanceOf(SileroVadModel.class, silero);
      assertEquals("silero-vad", silero.name());
    }
    Path missing = dir.resolve(SileroVadModel.FILE_NAME);
    try (VadBackend energy = VadBackend.open(missing, TestAssets.ORT)) {
      assertEquals("energy", energy.name());
      assertInstanceOf(EnergyVad.class, energy.newVoiceActivity());
    }
    assertThrows(NoSuchFileException.class, () -> SileroVadModel.load(missing, TestAssets.ORT));
  }
}
