package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-check with jiwer 4.0.0 / rapidfuzz 3.14.6 (vectors.json from make_vectors.py): counts, every measure to
 * the last bit of the double, and the alignment chunks of every utterance, words and characters.
 */
class JiwerVectorsTest {
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = JiwerVectorsTest.class.getResourceAsStream("/wer/vectors.json")) {
      JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      return root.getAsJsonArray("cases").asList().stream().map(e -> e.getAsJsonObject())
          .map(c -> Arguments.of(c.get("name").getAsString(), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesJiwer(String name, JsonObject c) {
    List<String> refs = strings(c.getAsJsonArray("references"));
    List<String> hyps = strings(c.getAsJsonArray("hypotheses"));
    JsonObject words = c.getAsJsonObject("words");
    JsonObject chars = c.getAsJsonObject("chars");
    ErrorCounts wordTotal = ErrorCounts.ZERO;
    ErrorCounts charTotal = ErrorCounts.ZERO;
    for (int u = 0; u < refs.size(); u++) {
      Alignment w = Alignment.of(JiwerTokens.words(refs.get(u)), JiwerTokens.words(hyps.get(u)));
      Alignment ch = Alignment.of(JiwerTokens.characters(refs.get(u)), JiwerTokens.characters(hyps.get(u)));
      assertEquals(chunks(words.getAsJsonArray("chunks").get(u).getAsJsonArray()), describe(w), "word chunks " + u);
      assertEquals(chunks(chars.getAsJsonArray("chunks").get(u).getAsJsonArray()), describe(ch), "char chunks " + u);
      wordTotal = wordTotal.plus(w.counts());
      charTotal = charTotal.plus(ch.counts());
    }
    assertCounts(words, wordTotal);
    assertCounts(chars, charTotal);
    assertEquals(words.get("wer").getAsDouble(), wordTotal.errorRate(), 0.0, "wer");
    assertEquals(words.get("mer").getAsDouble(), wordTotal.matchErrorRate(), 0.0, "mer");
    assertEquals(words.get("wil").getAsDouble(), wordTotal.wordInformationLost(), 0.0, "wil");
    assertEquals(words.get("wip").getAsDouble(), wordTotal.wordInformationPreserved(), 0.0, "wip");
    assertEquals(chars.get("cer").getAsDouble(), charTotal.errorRate(), 0.0, "cer");
  }

  private static void assertCounts(JsonObject expected, ErrorCounts actual) {
    assertEquals(expected.get("hits").getAsLong(), actual.hits(), "hits");
    assertEquals(expected.get("substitutions").getAsLong(), actual.substitutions(), "substitutions");
    assertEquals(expected.get("deletions").getAsLong(), actual.deletions(), "deletions");
    assertEquals(expected.get("insertions").getAsLong(), actual.insertions(), "insertions");
  }

  private static List<String> strings(JsonArray array) {
    return array.asList().stream().map(e -> e.getAsString()).toList();
  }

  private static List<String> chunks(JsonArray array) {
    List<String> out = new ArrayList<>();
    for (var e : array) {
      JsonArray c = e.getAsJsonArray();
      out.add(c.get(0).getAsString() + " " + c.get(1) + " " + c.get(2) + " " + c.get(3) + " " + c.get(4));
    }
    return out;
  }

  private static List<String> describe(Alignment alignment) {
    return alignment.chunks().stream().map(c -> c.type().name().toLowerCase(Locale.ROOT) + " " + c.refStart() + " "
        + c.refEnd() + " " + c.hypStart() + " " + c.hypEnd()).toList();
  }
}
