package io.medasr.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokenizers of the committed tiny test models (models/tiny): a 2121-token multilingual and a 2120-token
 * English-only vocabulary whose special ids differ from every real model. Expected ids come from Hugging Face
 * tokenizers 0.23.3 (src/test/resources/tokenizer/expected_ids.py).
 */
class TinyModelTokenizerTest {

  private static final Path TINY =
      Path.of(System.getProperty("medasr.repo.root")).resolve("models/tiny");

  @Test
  void multilingualSpecialIdsAndSotSequence() throws IOException {
    WhisperTokenizer tokenizer = WhisperTokenizer.load(TINY.resolve("whisper-tiny-random"));
    SpecialTokens s = tokenizer.specials();
    assertEquals(
        List.of(513, 514, 614, 615, 616, 617, 618, 619, 620),
        SpecialIds.of(s));
    assertEquals(99, s.languages().size());
    assertEquals(515, tokenizer.languageToken("en"));
    assertEquals(2121, tokenizer.vocabSize());
    assertTrue(tokenizer.isMultilingual());
    assertEquals(List.of(514, 515, 615), tokenizer.sotSequence("en", false));
  }

  @Test
  void englishOnlySpecialIdsAndSotSequence() throws IOException {
    WhisperTokenizer tokenizer = WhisperTokenizer.load(TINY.resolve("whisper-tiny-random.en"));
    SpecialTokens s = tokenizer.specials();
    assertEquals(
        List.of(512, 513, 613, 614, 615, 616, 617, 618, 619),
        SpecialIds.of(s));
    assertEquals(2120, tokenizer.vocabSize());
    assertFalse(tokenizer.isMultilingual());
    assertEquals(List.of(513), tokenizer.sotSequence("en", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"whisper-tiny-random", "whisper-tiny-random.en"})
  void encodesLikeHuggingFaceTokenizersAndRoundTrips(String model) throws IOException {
    WhisperTokenizer tokenizer = WhisperTokenizer.load(TINY.resolve(model));
    assertArrayEquals(
        new int[] {220, 39, 321, 302, 262, 275, 75, 67}, tokenizer.encode(" Hello world"));
    assertArrayEquals(
        new int[] {270, 348, 407, 281, 279, 367, 355, 81, 286, 286, 220, 17, 20, 378},
        tokenizer.encode(" the patient takes metoprolol 25 mg"));
    assertArrayEquals(
        new int[] {
          268, 64, 69, 127, 102, 220, 162, 251, 109, 160, 118, 105, 220, 172, 253, 102, 118
        },
        tokenizer.encode(" café 東京 🩺"));
    for (String text :
        List.of(" café 東京 🩺", " Patient denies chest pain; SpO2 98% on RA.", "  x\t\ny ")) {
      assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"whisper-tiny-random", "whisper-tiny-random.en"})
  void nonSpeechTokensPlusSpecialsAreTheGeneratorsSuppressTokens(String model) throws IOException {
    Path dir = TINY.resolve(model);
    WhisperTokenizer tokenizer = WhisperTokenizer.load(dir);
    SpecialTokens s = tokenizer.specials();
    List<Integer> expected = new ArrayList<>(tokenizer.nonSpeechTokens());
    expected.addAll(
        List.of(
            s.sot(), s.translate(), s.transcribe(), s.startOfLm(), s.startOfPrev(), s.noSpeech()));
    assertEquals(ints(generationConfig(dir), "suppress_tokens"), expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"whisper-tiny-random", "whisper-tiny-random.en"})
  void decodesTheReferenceGreedyOutputLikePython(String model) throws IOException {
    Path dir = TINY.resolve(model);
    JsonObject reference =
        JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject();
    int[] sampled =
        ints(reference, "sampled_tokens").stream().mapToInt(Integer::intValue).toArray();
    assertEquals(reference.get("text").getAsString(), WhisperTokenizer.load(dir).decode(sampled));
  }

  private static JsonObject generationConfig(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve("generation_config.json")))
        .getAsJsonObject();
  }

  private static List<Integer> ints(JsonObject object, String member) {
    List<Integer> values = new ArrayList<>();
    for (JsonElement e : object.getAsJsonArray(member)) {
      values.add(e.getAsInt());
    }
    return values;
  }
}
