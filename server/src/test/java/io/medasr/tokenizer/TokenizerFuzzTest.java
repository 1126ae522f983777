package io.medasr.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz tests of the tokenizer: client phrases and prompts are encoded, and every decode's tokens decoded. Regression
 * inputs in src/test/resources/io/medasr/tokenizer/TokenizerFuzzTestInputs; fuzzing: docs/fuzzing.md.
 */
class TokenizerFuzzTest {
  private static final WhisperTokenizer TOKENIZER = load();

  private static WhisperTokenizer load() {
    try {
      return WhisperTokenizer.load(TestAssets.tinyEnglish());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any text encodes, and decodes back to itself (as UTF-8 carries it: a lone surrogate becomes '?'). */
  @FuzzTest(maxDuration = "24h")
  void anyTextEncodesAndDecodesBack(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    String expected = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertEquals(expected, TOKENIZER.decode(TOKENIZER.encode(text)));
  }

  /** Any ids of the vocabulary decode, with and without timestamps; an id outside it is refused by name. */
  @FuzzTest(maxDuration = "24h")
  void anyTokensDecodeAndOthersAreRefused(FuzzedDataProvider data) {
    int vocabulary = TOKENIZER.vocabSize();
    int[] ids = new int[data.consumeInt(0, 300)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = data.consumeInt(0, vocabulary - 1);
    }
    TOKENIZER.decode(ids);
    TOKENIZER.decodeWithTimestamps(ids);
    // below or above the vocabulary (consumeInt(MIN_VALUE, -1) of Jazzer 0.24 can return 0: its range overflows)
    int beyond = data.consumeInt(0, Integer.MAX_VALUE - vocabulary);
    int outside = data.consumeBoolean() ? vocabulary + beyond : -1 - beyond;
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> TOKENIZER.decode(new int[] {outside}));
    assertEquals("token id " + outside + " is outside the vocabulary of " + vocabulary, refused.getMessage());
  }
}
