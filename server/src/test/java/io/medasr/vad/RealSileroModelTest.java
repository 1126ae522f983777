package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Silero model, where models/vad/fetch-vad.sh has put it in models/vad-silero (not committed: the
 * tests are skipped without it).
 */
class RealSileroModelTest {
  private static SileroVadModel model;

  @BeforeAll
  static void load() throws IOException {
    Path file = TestAssets.repoRoot().resolve("models/vad-silero").resolve(SileroVadModel.FILE_NAME);
    assumeTrue(Files.isRegularFile(file), "Silero VAD model not fetched: " + file);
    model = SileroVadModel.load(file, TestAssets.ORT);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  /**
   * models/reference/silero-vad.jfk.json: the probabilities and timestamps of silero's own framing (Python
   * onnxruntime 1.32, models/tools/silero_vad.py), against ours in 100 ms chunks on ONNX Runtime 1.23.2 Java.
   */
  @Test
  void jfkGivesSilerosOwnProbabilitiesAndSegments() throws Exception {
    JsonObject reference =
        JsonParser.parseString(
                Files.readString(TestAssets.repoRoot().resolve("models/reference/silero-vad.jfk.json")))
            .getAsJsonObject();
    float[] samples = AudioDecoders.readFile(TestAssets.speech("general/wav/jfk.wav"));
    assertEquals(reference.get("samples").getAsInt(), samples.length);
    VoiceActivityDetector detector = model.newDetector(VadConfig.defaults());
    List<VadUpdate> updates = new ArrayList<>();
    for (int from = 0; from < samples.length; from += 1600) {
      updates.add(detector.accept(samples, from, Math.min(1600, samples.length - from)));
    }
    updates.add(detector.finish());
    float[] probabilities = VoiceActivityDetectorTest.probabilities(updates);
    JsonArray expected = reference.getAsJsonArray("probabilities");
    assertEquals(expected.size(), probabilities.length);
    double largestDifference = 0;
    for (int i = 0; i < probabilities.length; i++) {
      assertEquals(expected.get(i).getAsFloat(), probabilities[i], 1e-5f, "frame " + i);
      largestDifference = Math.max(largestDifference, Math.abs(expected.get(i).getAsFloat() - probabilities[i]));
    }
    System.out.println("Silero VAD on jfk.wav: largest probability difference to Python " + largestDifference);
    List<SpeechSegment> segments = new ArrayList<>();
    for (JsonElement s : reference.getAsJsonArray("segments")) {
      segments.add(new SpeechSegment(s.getAsJsonArray().get(0).getAsLong(), s.getAsJsonArray().get(1).getAsLong()));
    }
    assertEquals(segments, VoiceActivityDetectorTest.segments(updates));
  }

  /** Tolerances: start within 0.15 s of the first word, end within 0.2 s of the last word's end. */
  @Test
  void speechStartsAndEndsNearTheTrueWordTimesOfTimingSynth() throws Exception {
    List<SpeechTiming.Error> errors = new ArrayList<>();
    for (SpeechTiming.Clip clip : SpeechTiming.timingSynth()) {
      errors.add(SpeechTiming.error(model, clip));
    }
    String summary = SpeechTiming.assertWithin(errors, 0.15, 0.2);
    System.out.println("Silero VAD on timing-synth: " + summary);
  }
}
