package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.DecoderLayout;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.IncrementalDecoder;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Token-for-token agreement with the Python (onnxruntime) greedy reference that
 * models/tools/make_tiny.py stores in each tiny model's reference.json: same mel input, no
 * timestamps, suppression every step, blank suppression at the first step.
 */
class PythonReferenceTest {

  static List<Path> models() {
    return List.of(TestAssets.tinyMultilingual(), TestAssets.tinyEnglish());
  }

  @ParameterizedTest
  @MethodSource("models")
  void greedyTokensEqualThePythonReference(Path dir) throws IOException {
    JsonObject reference = JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject();
    try (WhisperModel model = WhisperModel.load(dir, TestAssets.ORT)) {
      float[] window = referenceWindow(dir, reference, model.config().nMels());
      GreedyDecoder decoder = new GreedyDecoder(model);
      DecodingOptions options = DecodingOptions.defaults().withoutTimestamps(true);
      assertArrayEquals(ints(reference.getAsJsonArray("initial_tokens")), decoder.initialTokens(options));

      try (EncoderOutput audio = model.encode(window)) {
        JsonArray shape = reference.getAsJsonObject("encoder").getAsJsonArray("last_hidden_state_shape");
        assertArrayEquals(
            StreamSupport.stream(shape.spliterator(), false).mapToLong(e -> e.getAsLong()).toArray(),
            audio.shape());

        float[] firstRow = new float[model.logitsWidth()];
        try (IncrementalDecoder step = model.newDecoder(audio)) {
          int[] initial = decoder.initialTokens(options);
          step.append(initial, initial.length - 1).copyRow(0, firstRow);
        }
        JsonObject firstStep = reference.getAsJsonObject("first_step_logits");
        double[] expectedFirst8 = doubles(firstStep.getAsJsonArray("first_8"));
        double tolerance = reference.getAsJsonObject("tolerance").get("logits").getAsDouble();
        for (int i = 0; i < expectedFirst8.length; i++) {
          assertEquals(expectedFirst8[i], firstRow[i], tolerance, "first-step logit " + i);
        }
        assertEquals(firstStep.get("argmax_unfiltered").getAsInt(), Logits.argmax(firstRow));

        int[] expected = ints(reference.getAsJsonArray("sampled_tokens"));
        if (reference.get("ends_with_eot").getAsBoolean()) {
          expected = Arrays.copyOf(expected, expected.length - 1);
        }
        DecodingResult result = decoder.decode(audio, options, new Random(0));
        assertArrayEquals(expected, result.tokens());
        assertEquals(reference.get("text").getAsString().strip(), result.text());
      }
    }
  }

  @Test
  void int8VariantEqualsItsPythonReference() throws IOException {
    Path dir = TestAssets.tinyMultilingual();
    JsonObject reference = JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject();
    int[] sampled = ints(reference.getAsJsonArray("sampled_tokens_quantized"));
    for (DecoderLayout layout : DecoderLayout.values()) {
      try (WhisperModel model = WhisperModel.load(dir, TestAssets.ORT, layout, WhisperModel.INT8)) {
        assertEquals("whisper-tiny-random_quantized", model.name());
        boolean endsWithEot = sampled[sampled.length - 1] == model.tokenizer().specials().eot();
        int[] expected = endsWithEot ? Arrays.copyOf(sampled, sampled.length - 1) : sampled;
        try (EncoderOutput audio = model.encode(referenceWindow(dir, reference, model.config().nMels()))) {
          DecodingResult result = new GreedyDecoder(model).decode(audio, DecodingOptions.defaults().withoutTimestamps(true), new Random(0));
          assertArrayEquals(expected, result.tokens(), layout.toString());
        }
      }
    }
  }

  /** The stored [n_mels, frames] log-mel, zero-padded to 3000 frames. */
  private static float[] referenceWindow(Path dir, JsonObject reference, int nMels) throws IOException {
    JsonObject mel = reference.getAsJsonObject("mel");
    byte[] bytes = Files.readAllBytes(dir.resolve(mel.get("file").getAsString()).normalize());
    int frames = mel.getAsJsonArray("shape").get(1).getAsInt();
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] window = new float[nMels * 3000];
    for (int m = 0; m < nMels; m++) {
      for (int f = 0; f < frames; f++) {
        window[m * 3000 + f] = buffer.getFloat((m * frames + f) * Float.BYTES);
      }
    }
    return window;
  }

  private static int[] ints(JsonArray array) {
    return StreamSupport.stream(array.spliterator(), false).mapToInt(e -> e.getAsInt()).toArray();
  }

  private static double[] doubles(JsonArray array) {
    return StreamSupport.stream(array.spliterator(), false).mapToDouble(e -> e.getAsDouble()).toArray();
  }
}
