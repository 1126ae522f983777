package io.medasr.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Whisper base (multilingual) tokenizer. Expected ids were computed with Hugging Face tokenizers 0.23.3
 * by src/test/resources/tokenizer/expected_ids.py (see its docstring for the command).
 */
class WhisperTokenizerTest {

  @TempDir static Path baseDir;
  static String baseJson;
  static WhisperTokenizer base;

  @BeforeAll
  static void loadBase() throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            WhisperTokenizerTest.class.getResourceAsStream(
                "/tokenizer/whisper-base-tokenizer.json.gz"))) {
      baseJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.writeString(baseDir.resolve("tokenizer.json"), baseJson);
    long start = System.nanoTime();
    base = WhisperTokenizer.load(baseDir);
    System.out.printf(
        "tokenizer.json (base) loaded in %.0f ms%n", (System.nanoTime() - start) / 1e6);
  }

  @Test
  void encodesLikeHuggingFaceTokenizers() {
    assertArrayEquals(new int[] {2425, 1002}, base.encode(" Hello world"));
    assertArrayEquals(new int[] {15947, 1002}, base.encode("Hello world"));
    assertArrayEquals(
        new int[] {
          1131, 404, 6623, 401, 3552, 49566, 11, 25118, 11, 220, 18413, 31375, 11, 31595, 7385, 102,
          118, 32220, 232
        },
        base.encode(" metoprolol 25 mg, café, 東京, emoji 🩺💊"));
    assertArrayEquals(
        new int[] {
          2278, 4537, 311, 40533, 390, 10411, 14, 4702, 11169, 39, 70, 26, 750, 603, 747, 568, 13,
          20, 76, 70, 9505, 13, 67, 13
        },
        base.encode("The patient's BP was 120/80 mmHg; she'll take 2.5mg q.d."));
    assertArrayEquals(
        new int[] {220, 3866, 220, 220, 7673, 198, 198, 7686, 11045, 197, 4421, 220},
        base.encode("  multiple   spaces\n\nnewlines\t tab "));
    assertArrayEquals(new int[] {9061}, base.encode(" ♪♪"));
    assertArrayEquals(
        new int[] {
          10713, 77, 15487, 66, 29747, 526, 18793, 138, 240, 138, 241, 25600, 859, 18863, 25513,
          10632, 37139, 33279, 35082, 27099, 3941, 99, 31881
        },
        base.encode(" Ünïcödé ΑΒΓ абв العربية हिन्दी"));
    assertArrayEquals(new int[0], base.encode(""));
  }

  @Test
  void specialTokenSpellingsInTextAreEncodedAsPlainText() {
    int[] ids = base.encode("<|endoftext|>");
    assertTrue(ids.length > 1);
    for (int id : ids) {
      assertTrue(id < base.specials().eot(), "id " + id);
    }
    assertEquals("<|endoftext|>", new String(concatBytes(ids), StandardCharsets.UTF_8));
  }

  @Test
  void specialIdsMatchTheMultilingualTable() {
    SpecialTokens s = base.specials();
    assertEquals(50257, s.eot());
    assertEquals(50258, s.sot());
    assertEquals(50358, s.translate());
    assertEquals(50359, s.transcribe());
    assertEquals(50360, s.startOfLm());
    assertEquals(50361, s.startOfPrev());
    assertEquals(50362, s.noSpeech());
    assertEquals(50363, s.noTimestamps());
    assertEquals(50364, s.timestampBegin());
    assertEquals(99, s.languages().size());
    assertEquals(List.of("en", "zh", "de"), s.languages().keySet().stream().limit(3).toList());
    assertEquals(50259, base.languageToken("en"));
    assertEquals(50264, base.languageToken("ko"));
    assertEquals(50265, base.languageToken("fr"));
    assertEquals(50266, base.languageToken("ja"));
    assertEquals(50357, base.languageToken("su"));
    assertEquals(51865, base.vocabSize());
    assertTrue(base.isMultilingual());
  }

  @Test
  void sotSequenceNamesLanguageAndTask() {
    assertEquals(List.of(50258, 50259, 50359), base.sotSequence("en", false));
    assertEquals(List.of(50258, 50265, 50358), base.sotSequence("fr", true));
    assertEquals(List.of(50258, 50259, 50359), base.sotSequence(null, false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> base.sotSequence("xx", false));
    assertTrue(e.getMessage().contains("'xx'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base.languageToken("english"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metoprolol 25 mg, café, 東京, emoji 🩺💊",
        " Patient denies chest pain; SpO2 98% on RA.",
        "  tabs\tand\n\nnewlines  ",
        "ß ﬁ Ω ½ — “quotes” 𝄞",
        " acetylsalicylic-acid 81mg/day x3"
      })
  void decodeInvertsEncode(String text) {
    assertEquals(text, base.decode(base.encode(text)));
  }

  @Test
  void aCodePointSplitAcrossTokensDecodesWhole() {
    int[] ids = base.encode("🩺");
    assertTrue(ids.length > 1, "the emoji takes several byte tokens");
    assertArrayEquals("🩺".getBytes(StandardCharsets.UTF_8), concatBytes(ids));
    assertEquals("🩺", base.decode(ids));
    assertTrue(
        base.decode(Arrays.copyOf(ids, 1)).contains("\uFFFD"), "half a character is not text");
  }

  @Test
  void decodeDropsSpecialAndTimestampTokens() {
    int[] ids = {50258, 50259, 50359, 50364, 2425, 1002, 50418, 50257};
    assertEquals(" Hello world", base.decode(ids));
  }

  @Test
  void decodeWithTimestampsRendersTimesWithTwoDecimals() {
    int[] ids = {50258, 50259, 50359, 50364, 2425, 50418, 50418, 1002, 51864, 50257};
    assertEquals("<|0.00|> Hello<|1.08|><|1.08|> world<|30.00|>", base.decodeWithTimestamps(ids));
    assertEquals(1.08, base.specials().timestampSeconds(50418));
    assertEquals(30.0, base.specials().timestampSeconds(51864));
    assertTrue(base.specials().isTimestamp(50364));
    assertFalse(base.specials().isTimestamp(50363));
    assertThrows(IllegalArgumentException.class, () -> base.specials().timestampSeconds(50363));
  }

  @Test
  void tokenBytesAreTheRawBytesOfTextTokens() {
    assertArrayEquals(" Hello".getBytes(StandardCharsets.UTF_8), base.tokenBytes(2425));
    assertArrayEquals(new byte[] {'!'}, base.tokenBytes(0));
    assertArrayEquals(new byte[0], base.tokenBytes(base.specials().eot()));
    assertArrayEquals(new byte[0], base.tokenBytes(50364));
    base.tokenBytes(2425)[0] = 'X';
    assertArrayEquals(
        " Hello".getBytes(StandardCharsets.UTF_8), base.tokenBytes(2425), "returns a copy");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> base.tokenBytes(51865));
    assertEquals("token id 51865 is outside the vocabulary of 51865", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base.decode(new int[] {-1}));
  }

  @Test
  void nonSpeechTokensAreOpenaisMultilingualList() {
    assertEquals(
        List.of(
            1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93,
            359, 503, 522, 542, 873, 893, 902, 918, 922, 931, 1350, 1853, 1982, 2460, 2627, 3246,
            3253, 3268, 3536, 3846, 3961, 4183, 4667, 6585, 6647, 7273, 9061, 9383, 10428, 10929,
            11938, 12033, 12331, 12562, 13793, 14157, 14635, 15265, 15618, 16553, 16604, 18362,
            18956, 20075, 21675, 22520, 26130, 26161, 26435, 28279, 29464, 31650, 32302, 32470,
            36865, 42863, 47425, 49870, 50254),
        base.nonSpeechTokens());
  }

  @Test
  void concurrentEncodingAgreesWithSequentialEncoding() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add(
          " dose " + i + " mg of drug" + (i % 37) + " twice daily, café " + (char) ('a' + i % 26));
    }
    List<int[]> expected = texts.stream().map(base::encode).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<int[]>>> results = new ArrayList<>();
      for (int worker = 0; worker < 4; worker++) {
        results.add(pool.submit(() -> texts.stream().map(base::encode).toList()));
      }
      for (Future<List<int[]>> result : results) {
        List<int[]> actual = result.get();
        for (int i = 0; i < texts.size(); i++) {
          assertArrayEquals(expected.get(i), actual.get(i), texts.get(i));
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void generationConfigMarksEnglishOnlyModels(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), baseJson);
    Files.writeString(dir.resolve("generation_config.json"), "{\"is_multilingual\": false}");
    WhisperTokenizer englishOnly = WhisperTokenizer.load(dir);
    assertFalse(englishOnly.isMultilingual());
    assertEquals(List.of(50258), englishOnly.sotSequence("en", false));
    assertEquals(List.of(50258), englishOnly.sotSequence(null, true));
  }

  @Test
  void acceptsTheOlderNoCaptionsSpelling(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("tokenizer.json"), baseJson.replace("<|nospeech|>", "<|nocaptions|>"));
    assertEquals(50362, WhisperTokenizer.load(dir).specials().noSpeech());
  }

  @Test
  void rejectsMissingAndMalformedFilesWithSpecificMessages(@TempDir Path dir) throws IOException {
    assertThrows(NoSuchFileException.class, () -> WhisperTokenizer.load(dir));

    Files.writeString(
        dir.resolve("tokenizer.json"), baseJson.replace("<|startoflm|>", "<|startofthing|>"));
    IOException noSpecial = assertThrows(IOException.class, () -> WhisperTokenizer.load(dir));
    assertTrue(
        noSpecial.getMessage().endsWith("added_tokens has no <|startoflm|>"),
        noSpecial.getMessage());

    Files.writeString(dir.resolve("tokenizer.json"), "[1, 2]");
    assertThrows(IOException.class, () -> WhisperTokenizer.load(dir));

    Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
    assertThrows(IOException.class, () -> WhisperTokenizer.load(dir));
  }

  private static byte[] concatBytes(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      bytes.writeBytes(base.tokenBytes(id));
    }
    return bytes.toByteArray();
  }
}
