package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.testing.TestAssets;
import io.medasr.tokenizer.WhisperTokenizer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WordSplitterTest {
  private static WhisperTokenizer tokenizer;
  private static WordSplitter splitter;

  @BeforeAll
  static void load() throws IOException {
    tokenizer = WhisperTokenizer.load(TestAssets.tinyMultilingual());
    splitter = new WordSplitter(tokenizer);
  }

  private static int[] withEot(String text) {
    int[] tokens = tokenizer.encode(text);
    int[] result = Arrays.copyOf(tokens, tokens.length + 1);
    result[tokens.length] = tokenizer.specials().eot();
    return result;
  }

  private static List<String> words(String text, String language) {
    return splitter.split(withEot(text), language).stream().map(WordSplitter.Word::text).toList();
  }

  @Test
  void splitsOnSpacesAndPunctuation() {
    // this tiny vocabulary has no "'s" token: "'" is punctuation and starts a word that "s" joins
    assertEquals(List.of(" Hello", ",", " world", "!", " It", "'s", " fine", ""), words(" Hello, world! It's fine", "en"));
  }

  @Test
  void multiByteCharactersStayWhole() {
    assertEquals(List.of(" café", " déjà", " vu", ""), words(" café déjà vu", "fr"));
  }

  @Test
  void languagesWithoutSpacesSplitEveryCharacter() {
    assertEquals(List.of("日", "本", "語", ""), words("日本語", "ja"));
  }

  @Test
  void brokenUtf8LosesNoToken() {
    // a lone lead byte, then a character split over two tokens, then plain text
    int leadByte = tokenOfBytes(0xC3);
    int[] e9 = tokenizer.encode("é");
    int[] tokens = Stream.of(new int[] {leadByte}, tokenizer.encode(" a"), e9, tokenizer.encode(" b"),
        new int[] {tokenizer.specials().eot()}).flatMapToInt(IntStream::of).toArray();
    List<WordSplitter.Word> words = splitter.split(tokens, "en");
    assertEquals(Arrays.toString(tokens), Arrays.toString(
        words.stream().flatMap(w -> w.tokens().stream()).mapToInt(Integer::intValue).toArray()));
    assertEquals(List.of("\uFFFD", " aé", " b", ""), words.stream().map(WordSplitter.Word::text).toList());
  }

  private static int tokenOfBytes(int singleByte) {
    for (int id = 0; id < tokenizer.specials().eot(); id++) {
      byte[] bytes = tokenizer.tokenBytes(id);
      if (bytes.length == 1 && (bytes[0] & 0xFF) == singleByte) {
        return id;
      }
    }
    throw new AssertionError("no single-byte token " + singleByte);
  }

  @Test
  void everyTokenBelongsToExactlyOneWordInOrder() {
    int[] tokens = withEot(" Dr. Smith prescribed 20 mg of amoxicillin (twice daily).");
    int[] joined = splitter.split(tokens, "en").stream()
        .flatMap(w -> w.tokens().stream()).mapToInt(Integer::intValue).toArray();
    assertEquals(Arrays.toString(tokens), Arrays.toString(joined));
    assertEquals(IntStream.of(tokens).count(), joined.length);
  }
}
