package io.medasr.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-written tokenizer.json with a small vocabulary, merges in the older "left right" string form, the
 * older {@code <|nocaptions|>} spelling and two languages: checks the BPE rule itself and that nothing depends on
 * the ids of the real vocabularies.
 */
class SmallVocabularyTest {

  private static final int T = 't', H = 'h', E = 'e';
  private static final int SPACE_T = 256, HE = 257, SPACE_THE = 258, SPACE_TH = 259;
  private static final Map<String, Integer> MERGED_IDS =
      Map.of("Ġt", SPACE_T, "he", HE, "Ġthe", SPACE_THE, "Ġth", SPACE_TH);
  private static final int EOT = 300,
      SOT = 301,
      EN = 302,
      DE = 303,
      TRANSLATE = 304,
      TRANSCRIBE = 305,
      NO_CAPTIONS = 308,
      NO_TIMESTAMPS = 309,
      TIMESTAMP_BEGIN = 310;

  @TempDir Path dir;

  @Test
  void mergesTheLowestRankedPairFirstWhereverItIs() throws IOException {
    WhisperTokenizer tokenizer = load(List.of("Ġ t", "h e", "Ġt he"));
    assertArrayEquals(new int[] {SPACE_THE}, tokenizer.encode(" the"));
    assertArrayEquals(
        new int[] {T, HE}, tokenizer.encode("the"), "(h, e) merges although (t, h) comes first");
    assertArrayEquals(new int[] {SPACE_T, H}, tokenizer.encode(" th"));
    assertArrayEquals(
        new int[] {SPACE_THE, SPACE_THE, ' ', SPACE_T, E}, tokenizer.encode(" the the  te"));
    assertEquals(" the the  te", tokenizer.decode(tokenizer.encode(" the the  te")));
  }

  @Test
  void rankOrderDecidesBetweenOverlappingPairs() throws IOException {
    // with (Ġt, h) ranked above (h, e) the word " the" ends as Ġth + e; the other way round as Ġthe
    WhisperTokenizer tokenizer = load(List.of("Ġ t", "Ġt h", "h e", "Ġt he"));
    assertArrayEquals(new int[] {SPACE_TH, E}, tokenizer.encode(" the"));
    WhisperTokenizer other = load(List.of("Ġ t", "h e", "Ġt h", "Ġt he"));
    assertArrayEquals(new int[] {SPACE_THE}, other.encode(" the"));
  }

  @Test
  void specialsComeFromTheirContentNotFromFixedIds() throws IOException {
    WhisperTokenizer tokenizer = load(List.of("Ġ t"));
    SpecialTokens s = tokenizer.specials();
    assertEquals(
        List.of(
            EOT, SOT, TRANSLATE, TRANSCRIBE, 306, 307, NO_CAPTIONS, NO_TIMESTAMPS, TIMESTAMP_BEGIN),
        SpecialIds.of(s));
    assertEquals(List.of("en", "de"), List.copyOf(s.languages().keySet()));
    assertEquals(TIMESTAMP_BEGIN + 1501, tokenizer.vocabSize());
    assertFalse(tokenizer.isMultilingual(), "small vocabulary and no generation_config.json");
    assertEquals(List.of(SOT), tokenizer.sotSequence("de", true));
    assertEquals(
        " the<|0.04|>",
        tokenizer.decodeWithTimestamps(new int[] {SOT, SPACE_T, H, E, TIMESTAMP_BEGIN + 2, EOT}));
  }

  @Test
  void generationConfigMakesItMultilingual() throws IOException {
    Files.writeString(
        dir.resolve("generation_config.json"), "{\"is_multilingual\": true, \"max_length\": 448}");
    WhisperTokenizer tokenizer = load(List.of("Ġ t"));
    assertTrue(tokenizer.isMultilingual());
    assertEquals(List.of(SOT, DE, TRANSLATE), tokenizer.sotSequence("de", true));
    assertEquals(List.of(SOT, EN, TRANSCRIBE), tokenizer.sotSequence(null, false));
  }

  @Test
  void aMergeOfUnknownTokensIsReportedWithItsRank() {
    IOException e = assertThrows(IOException.class, () -> load(List.of("Ġ t", "x y")));
    assertTrue(
        e.getMessage().endsWith("merge 1 'x y' uses a token missing from the vocabulary"),
        e.getMessage());
  }

  @Test
  void byteLevelAlphabetCoversEveryByteReversibly() {
    assertEquals("Ġ", ByteLevel.toToken(new byte[] {' '}));
    assertEquals("Ċ", ByteLevel.toToken(new byte[] {'\n'}));
    assertEquals("A", ByteLevel.toToken(new byte[] {'A'}));
    for (int b = 0; b < 256; b++) {
      byte[] single = {(byte) b};
      String token = ByteLevel.toToken(single);
      assertEquals(1, token.length());
      assertArrayEquals(single, ByteLevel.toBytes(token));
    }
    assertThrows(IllegalArgumentException.class, () -> ByteLevel.toBytes("東"));
  }

  private WhisperTokenizer load(List<String> merges) throws IOException {
    JsonObject vocab = new JsonObject();
    for (int b = 0; b < 256; b++) {
      vocab.addProperty(ByteLevel.toToken(new byte[] {(byte) b}), b);
    }
    for (String merge : merges) {
      String merged = merge.replace(" ", "");
      if (MERGED_IDS.containsKey(merged)) {
        vocab.addProperty(merged, MERGED_IDS.get(merged));
      }
    }
    JsonArray mergeArray = new JsonArray();
    merges.forEach(mergeArray::add);
    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("vocab", vocab);
    model.add("merges", mergeArray);

    JsonArray added = new JsonArray();
    String[] specials = {
      "<|endoftext|>",
      "<|startoftranscript|>",
      "<|en|>",
      "<|de|>",
      "<|translate|>",
      "<|transcribe|>",
      "<|startoflm|>",
      "<|startofprev|>",
      "<|nocaptions|>",
      "<|notimestamps|>"
    };
    for (int i = 0; i < specials.length; i++) {
      added.add(addedToken(EOT + i, specials[i], true));
    }
    for (int i = 0; i <= 1500; i++) {
      added.add(
          addedToken(
              TIMESTAMP_BEGIN + i, String.format("<|%d.%02d|>", i * 2 / 100, i * 2 % 100), false));
    }
    JsonObject root = new JsonObject();
    root.add("added_tokens", added);
    root.add("model", model);
    Files.writeString(dir.resolve("tokenizer.json"), root.toString(), StandardCharsets.UTF_8);
    return WhisperTokenizer.load(dir);
  }

  private static JsonObject addedToken(int id, String content, boolean special) {
    JsonObject token = new JsonObject();
    token.addProperty("id", id);
    token.addProperty("content", content);
    token.addProperty("special", special);
    return token;
  }
}
