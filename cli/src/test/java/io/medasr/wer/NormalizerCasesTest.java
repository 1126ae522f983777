package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of normalizer_cases.json, produced by running the reference normalizers (make_normalizer_cases.py). */
class NormalizerCasesTest {
  static JsonObject table() throws IOException {
    try (InputStream in = NormalizerCasesTest.class.getResourceAsStream("/wer/normalizer_cases.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  static Stream<Arguments> rows(String section) throws IOException {
    return table().getAsJsonArray(section).asList().stream().map(e -> e.getAsJsonObject())
        .map(o -> Arguments.of(o.get("input").getAsString(), o.get("expected").getAsString()));
  }

  static Stream<Arguments> whisperRows() throws IOException {
    return rows("whisper");
  }

  static Stream<Arguments> basicRows() throws IOException {
    return rows("basic");
  }

  @ParameterizedTest
  @MethodSource("whisperRows")
  void whisperNormalizerAgreesWithOpenAiWhisper(String input, String expected) {
    assertEquals(expected, WhisperEnglishNormalizer.instance().normalize(input), () -> "input: " + input);
  }

  @ParameterizedTest
  @MethodSource("basicRows")
  void basicNormalizerAgreesWithJiwerComposition(String input, String expected) {
    assertEquals(expected, new BasicNormalizer().normalize(input), () -> "input: " + input);
  }
}
