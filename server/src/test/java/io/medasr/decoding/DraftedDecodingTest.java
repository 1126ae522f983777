package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.DecoderLayout;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.IncrementalDecoder;
import io.medasr.whisper.LogitRows;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A draft changes how many decoder calls a greedy decode takes, never what it chooses. */
class DraftedDecodingTest {
  private static final int SAMPLE_LEN = 60;
  private static WhisperModel split;
  private static WhisperModel merged;
  private static WhisperModel int8;
  private static float[] window;

  @BeforeAll
  static void load() throws IOException {
    Path dir = TestAssets.tinyMultilingual();
    split = WhisperModel.load(dir, TestAssets.ORT);
    merged = WhisperModel.load(dir, TestAssets.ORT, DecoderLayout.MERGED);
    int8 = WhisperModel.load(dir, TestAssets.ORT, WhisperModel.INT8);
    LogMelSpectrogram frontEnd = new LogMelSpectrogram(split.config().nMels());
    float[][] mel = frontEnd.compute(TestAssets.syntheticAudio(8), 0);
    window = LogMelSpectrogram.window(mel, 0, mel[0].length);
  }

  @AfterAll
  static void close() {
    split.close();
    merged.close();
    int8.close();
  }

  static Stream<Arguments> layoutsAndTimestamps() {
    return Stream.of(Arguments.of("split", false), Arguments.of("split", true), Arguments.of("merged", false),
        Arguments.of("int8", false));
  }

  private static WhisperModel model(String layout) {
    return switch (layout) {
      case "split" -> split;
      case "merged" -> merged;
      default -> int8;
    };
  }

  @Test
  void float32GraphsAndInt8GraphsQuantizedPerRowAcceptDrafts() {
    // models/tools/quantize.py marks its int8 decoders; float32 arithmetic needs no mark
    assertTrue(split.acceptsDrafts());
    assertTrue(merged.acceptsDrafts());
    assertTrue(int8.acceptsDrafts());
    assertEquals(List.of(), int8.missingSpeedups());
  }

  @ParameterizedTest
  @MethodSource("layoutsAndTimestamps")
  void everyDraftGivesTheTokensOfADecodeWithoutOne(String layout, boolean withoutTimestamps) {
    WhisperModel model = model(layout);
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options =
        DecodingOptions.defaults().withoutTimestamps(withoutTimestamps).withSampleLen(SAMPLE_LEN);
    int timestampBegin = model.tokenizer().specials().timestampBegin();
    try (EncoderOutput audio = model.encode(window)) {
      Counted plain = decode(decoder, model, audio, options, DecodingDraft.NONE);
      int[] hypothesis = plain.result.tokens();
      assertTrue(hypothesis.length > 40, "the random model decodes " + hypothesis.length + " tokens");
      // the tokens chosen: the hypothesis, and the end-of-text token unless the sample length ended it
      int chosen = hypothesis.length + (hypothesis.length < SAMPLE_LEN ? 1 : 0);
      assertEquals(chosen, plain.calls, "one call per token without a draft");

      int[] changed = hypothesis.clone();
      changed[10] = changed[10] == 300 ? 301 : 300;
      changed[40] = changed[40] == 300 ? 301 : 300;
      int[] shifted = Arrays.copyOfRange(hypothesis, 5, hypothesis.length);
      int[] textOnly = Arrays.stream(hypothesis).filter(t -> t < timestampBegin).toArray();
      int[] unrelated = new Random(7).ints(SAMPLE_LEN, 0, timestampBegin).toArray();
      for (int[] draftTokens : List.of(hypothesis, changed, shifted, textOnly, unrelated)) {
        Counted drafted = decode(decoder, model, audio, options, DecodingDraft.of(draftTokens, timestampBegin));
        assertArrayEquals(hypothesis, drafted.result.tokens());
        // the same tokens; float32 sums over rows fed together differ in their last digits, int8 ones (activations
        // quantized per row and block) by up to about 1 % of a probability
        float tolerance = model == int8 ? 0.02f : 1e-4f;
        assertEquals(plain.result.avgLogprob(), drafted.result.avgLogprob(), tolerance);
        assertEquals(plain.result.noSpeechProb(), drafted.result.noSpeechProb(), 1e-5);
        assertArrayEquals(plain.result.tokenProbs(), drafted.result.tokenProbs(), tolerance);
        assertTrue(drafted.calls <= plain.calls, drafted.calls + " calls");
      }
      // the exact hypothesis: each call settles the tokens it feeds and the one after them
      Counted exact = decode(decoder, model, audio, options, DecodingDraft.of(hypothesis, timestampBegin));
      int perCall = GreedyDecoder.DRAFT_TOKENS_PER_CALL + 1;
      assertEquals((chosen + perCall - 1) / perCall, exact.calls);
    }
    assertEquals(0, model.liveNativeValues());
  }

  @ParameterizedTest
  @MethodSource("layoutsAndTimestamps")
  void sampledDecodesIgnoreTheDraft(String layout, boolean withoutTimestamps) {
    WhisperModel model = model(layout);
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options = DecodingOptions.defaults().withoutTimestamps(withoutTimestamps)
        .withSampleLen(SAMPLE_LEN).withTemperature(0.8);
    try (EncoderOutput audio = model.encode(window)) {
      Counted plain = decode(decoder, model, audio, options, DecodingDraft.NONE);
      DecodingDraft draft = DecodingDraft.of(plain.result.tokens(), model.tokenizer().specials().timestampBegin());
      Counted drafted = decode(decoder, model, audio, options, draft);
      assertArrayEquals(plain.result.tokens(), drafted.result.tokens());
      assertEquals(plain.calls, drafted.calls);
    }
  }

  private record Counted(DecodingResult result, int calls) {}

  private static Counted decode(GreedyDecoder decoder, WhisperModel model, EncoderOutput audio,
      DecodingOptions options, DecodingDraft draft) {
    try (CountingDecoder counting = new CountingDecoder(model.newDecoder(audio))) {
      DecodingResult result = decoder.decode(counting, options, new Random(0), draft);
      return new Counted(result, counting.calls);
    }
  }

  /** Counts the calls that feed tokens to the model. */
  private static final class CountingDecoder implements IncrementalDecoder {
    private final IncrementalDecoder inner;
    private int calls;

    CountingDecoder(IncrementalDecoder inner) {
      this.inner = inner;
    }

    @Override
    public LogitRows append(int[] tokens, int... logitRows) {
      calls++;
      return inner.append(tokens, logitRows);
    }

    @Override
    public void rewind(int tokens) {
      inner.rewind(tokens);
    }

    @Override
    public IncrementalDecoder fork() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
