package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medasr.testing.TestAssets;
import io.medasr.tokenizer.SpecialTokens;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InitialTokensTest {

  @Test
  void promptKeepsItsLast223TokensAfterStartOfPrevious() throws IOException {
    try (WhisperModel model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT)) {
      GreedyDecoder decoder = new GreedyDecoder(model);
      SpecialTokens specials = model.tokenizer().specials();
      List<Integer> prompt = new ArrayList<>();
      IntStream.range(0, 300).forEach(i -> prompt.add(100 + i % 50));
      int[] initial = decoder.initialTokens(DecodingOptions.defaults().withPromptTokens(prompt).withLanguage("de"));

      assertEquals(1 + 223 + 3, initial.length);
      assertEquals(specials.startOfPrev(), initial[0]);
      assertArrayEquals(prompt.subList(77, 300).stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOfRange(initial, 1, 224));
      assertArrayEquals(new int[] {specials.sot(), specials.languages().get("de"), specials.transcribe()},
          Arrays.copyOfRange(initial, 224, 227));

      int[] noPrompt = decoder.initialTokens(DecodingOptions.defaults().withoutTimestamps(true));
      assertArrayEquals(new int[] {specials.sot(), specials.languages().get("en"), specials.transcribe(), specials.noTimestamps()}, noPrompt);
    }
  }

  @Test
  void englishOnlyModelsStartWithSotAlone() throws IOException {
    try (WhisperModel model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT)) {
      GreedyDecoder decoder = new GreedyDecoder(model);
      assertArrayEquals(new int[] {model.tokenizer().specials().sot()}, decoder.initialTokens(DecodingOptions.defaults()));
      assertThrows(IllegalArgumentException.class, () -> decoder.initialTokens(DecodingOptions.defaults().withLanguage("de")));
    }
  }
}
