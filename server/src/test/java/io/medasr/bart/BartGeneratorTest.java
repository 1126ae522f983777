package io.medasr.bart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BART generation against the reference of the committed tiny model (models/tools/make_tiny_bart.py: the same
 * graphs run by onnxruntime in Python, checked there against a float64 numpy forward pass).
 */
class BartGeneratorTest {
  private static final Path MODEL = TestAssets.tinyBart();
  private static BartModel model;
  private static BartGenerator generator;

  @BeforeAll
  static void load() throws Exception {
    model = BartModel.load(MODEL, TestAssets.ORT);
    generator = new BartGenerator(model, reference().getAsJsonObject("decoding").get("max_new_tokens").getAsInt());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static JsonObject reference() throws Exception {
    return JsonParser.parseString(Files.readString(MODEL.resolve("reference.json"))).getAsJsonObject();
  }

  static Stream<JsonObject> cases() throws Exception {
    List<JsonObject> cases = new ArrayList<>();
    reference().getAsJsonArray("cases").forEach(c -> cases.add(c.getAsJsonObject()));
    return cases.stream();
  }

  private static int[] ints(JsonArray array) {
    return array.asList().stream().mapToInt(e -> e.getAsInt()).toArray();
  }

  private static List<Integer> list(JsonArray array) {
    return array.asList().stream().map(e -> e.getAsInt()).toList();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theTokenizerEncodesAndDecodesAsTheReference(JsonObject reference) {
    int[] ids = model.tokenizer().encode(reference.get("text").getAsString());
    assertArrayEquals(ints(reference.getAsJsonArray("input_ids")), ids);
    assertEquals(reference.get("text").getAsString(), model.tokenizer().decode(ids));
    assertEquals(reference.getAsJsonObject("greedy").get("text").getAsString(),
        model.tokenizer().decode(ints(reference.getAsJsonObject("greedy").getAsJsonArray("tokens"))));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theFirstStepsLogitsAreTheReferences(JsonObject reference) throws Exception {
    double tolerance = reference().getAsJsonObject("tolerance").get("logits").getAsDouble();
    try (BartModel.Run run = model.start(ints(reference.getAsJsonArray("input_ids")))) {
      float[] logits = run.step(new int[] {model.config().decoderStartToken()}, new int[] {0})[0];
      JsonArray expected = reference.getAsJsonArray("first_step_logits_first_8");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i).getAsDouble(), logits[i], tolerance, "logit " + i);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void greedyGenerationGivesTheReferenceTokens(JsonObject reference) {
    BartGenerator.Generation generation = generator.greedy(ints(reference.getAsJsonArray("input_ids")));
    assertEquals(list(reference.getAsJsonObject("greedy").getAsJsonArray("tokens")), generation.tokens());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void beamSearchGivesTheReferenceTokensAndScore(JsonObject reference) {
    JsonObject beam = reference.getAsJsonObject("beam");
    BartGenerator.Generation generation = generator.beamSearch(ints(reference.getAsJsonArray("input_ids")),
        beam.get("beam_size").getAsInt(), beam.get("length_penalty").getAsDouble());
    assertEquals(list(beam.getAsJsonArray("tokens")), generation.tokens());
    assertEquals(beam.get("score").getAsDouble(), generation.score(), 1e-4);
  }

  @Test
  void oneBeamIsGreedy() throws Exception {
    for (JsonObject reference : cases().toList()) {
      int[] input = ints(reference.getAsJsonArray("input_ids"));
      assertEquals(generator.greedy(input).tokens(), generator.beamSearch(input, 1, 0.0).tokens());
    }
  }

  @Test
  void sequencesInOneBatchGetTheLogitsTheyGetAlone() throws Exception {
    int[] input = ints(cases().findFirst().orElseThrow().getAsJsonArray("input_ids"));
    int start = model.config().decoderStartToken();
    int bos = model.config().forcedBosToken();
    float[] alone;
    try (BartModel.Run run = model.start(input)) {
      run.step(new int[] {start}, new int[] {0});
      run.step(new int[] {bos}, new int[] {0});
      alone = run.step(new int[] {87}, new int[] {0})[0];
    }
    try (BartModel.Run run = model.start(input)) {
      run.step(new int[] {start}, new int[] {0});
      run.step(new int[] {bos, bos}, new int[] {0, 0});
      // the rows swap places: the second row continues from the first and is fed the token fed alone above
      float[][] batch = run.step(new int[] {300, 87}, new int[] {1, 0});
      assertArrayEquals(alone, batch[1], 1e-5f);
      assertEquals(3, run.length());
    }
  }

  @Test
  void inputsAndOutputsAreHeldWithinTheModelsPositions() {
    int positions = model.config().maxPositions();
    assertThrows(IllegalArgumentException.class, () -> model.start(new int[positions + 1]));
    assertThrows(IllegalArgumentException.class, () -> model.start(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> new BartGenerator(model, positions));
    try (BartModel.Run run = model.start(new int[] {0, 2})) {
      assertThrows(IllegalArgumentException.class, () -> run.step(new int[] {2, 2}, new int[] {0, 0}));
      run.step(new int[] {2}, new int[] {0});
      assertThrows(IllegalArgumentException.class, () -> run.step(new int[] {2}, new int[] {1}));
    }
  }
}
