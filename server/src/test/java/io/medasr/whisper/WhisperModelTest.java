package io.medasr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medasr.decoding.BeamSearchDecoder;
import io.medasr.decoding.DecodingDraft;
import io.medasr.decoding.DecodingOptions;
import io.medasr.decoding.DecodingResult;
import io.medasr.decoding.GreedyDecoder;
import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.OnnxOutputs;
import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperModelTest {
  private static WhisperModel model;
  private static float[] window;

  @BeforeAll
  static void load() throws IOException {
    model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT);
    LogMelSpectrogram frontEnd = new LogMelSpectrogram(model.config().nMels());
    float[][] mel = frontEnd.compute(TestAssets.syntheticAudio(8), 0);
    window = LogMelSpectrogram.window(mel, 0, mel[0].length);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void encoderOutputIsOneBy1500ByModelWidth() {
    try (EncoderOutput audio = model.encode(window)) {
      assertArrayEquals(new long[] {1, 1500, model.config().dModel()}, audio.shape());
    }
  }

  @Test
  void aShortenedWindowGivesHalfItsFramesOfOutputAndKVCacheDecodingStillMatchesRecomputing() {
    assertTrue(model.acceptsShortAudioContext(), "the committed tiny models are built with a dynamic frame count");
    LogMelSpectrogram frontEnd = new LogMelSpectrogram(model.config().nMels());
    float[][] mel = frontEnd.compute(TestAssets.syntheticAudio(8), 0);
    float[] shortWindow = LogMelSpectrogram.window(mel, 0, mel[0].length, 1000);
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options = DecodingOptions.defaults().withSampleLen(60);
    try (EncoderOutput audio = model.encode(shortWindow)) {
      assertArrayEquals(new long[] {1, 500, model.config().dModel()}, audio.shape());
      DecodingResult cached = decoder.decode(audio, options, new Random(0));
      try (IncrementalDecoder reference = new RecomputingDecoder(model, audio)) {
        assertArrayEquals(decoder.decode(reference, options, new Random(0), DecodingDraft.NONE).tokens(),
            cached.tokens());
      }
      assertTrue(cached.tokens().length > 3, "decoding produced tokens");
    }
    // an odd frame count cannot be halved by the strided convolution
    float[] odd = LogMelSpectrogram.window(mel, 0, mel[0].length, 999);
    assertThrows(IllegalArgumentException.class, () -> model.encode(odd));
  }

  @Test
  void wrongWindowSizeIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.encode(new float[100]));
    assertTrue(e.getMessage().contains("3000"), e.getMessage());
  }

  @Test
  void theInt8VariantAnswersToItsOwnNameAndToTheModelsName() throws IOException {
    Path dir = TestAssets.tinyMultilingual();
    String directory = dir.getFileName().toString();
    try (WhisperModel int8 = WhisperModel.load(dir, TestAssets.ORT, WhisperModel.INT8)) {
      assertEquals(directory + "_quantized", int8.name());
      assertTrue(int8.answersTo(directory + "_quantized"));
      assertTrue(int8.answersTo(directory));
      assertFalse(int8.answersTo("whisper-large"));
      assertFalse(int8.answersTo(""));
    }
    assertFalse(model.answersTo(directory + "_quantized"));
    assertTrue(model.answersTo(directory));
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) throws IOException {
    OnnxOutputs.copyDirectory(TestAssets.tinyMultilingual(), dir);
    Files.delete(dir.resolve("encoder_model.onnx"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> WhisperModel.load(dir, TestAssets.ORT));
    assertTrue(e.getMessage().contains("encoder_model.onnx"), e.getMessage());
  }

  @Test
  void kvCacheGivesTheSameTokensAsRecomputingEveryStep() {
    GreedyDecoder decoder = new GreedyDecoder(model);
    for (boolean withoutTimestamps : new boolean[] {true, false}) {
      DecodingOptions options = DecodingOptions.defaults().withoutTimestamps(withoutTimestamps).withSampleLen(100);
      try (EncoderOutput audio = model.encode(window)) {
        DecodingResult cached = decoder.decode(audio, options, new Random(0));
        DecodingResult recomputed;
        try (IncrementalDecoder reference = new RecomputingDecoder(model, audio)) {
          recomputed = decoder.decode(reference, options, new Random(0), DecodingDraft.NONE);
        }
        assertTrue(cached.tokens().length > 3, "decoding produced tokens");
        assertArrayEquals(recomputed.tokens(), cached.tokens());
        assertEquals(recomputed.avgLogprob(), cached.avgLogprob(), 1e-3);
        assertEquals(recomputed.noSpeechProb(), cached.noSpeechProb(), 1e-5);
      }
    }
  }

  @Test
  void aRewoundDecoderContinuesAsIfTheTokensHadNeverBeenFed() {
    float[] rewound = new float[model.logitsWidth()];
    float[] direct = new float[model.logitsWidth()];
    int[] initial = new GreedyDecoder(model).initialTokens(DecodingOptions.defaults());
    try (EncoderOutput audio = model.encode(window)) {
      try (IncrementalDecoder decoder = model.newDecoder(audio)) {
        decoder.append(initial, initial.length - 1);
        decoder.append(new int[] {300, 301, 302, 303}, 3);
        decoder.rewind(3);
        decoder.append(new int[] {400, 401}, 1).copyRow(0, rewound);
        assertThrows(IllegalArgumentException.class, () -> decoder.rewind(initial.length + 4));
      }
      try (IncrementalDecoder decoder = model.newDecoder(audio)) {
        decoder.append(initial, initial.length - 1);
        decoder.append(new int[] {300, 400, 401}, 2).copyRow(0, direct);
      }
    }
    assertArrayEquals(direct, rewound, 1e-4f);
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void beamSearchInOneRunPerStepEqualsRecomputingEveryStep() {
    assertTrue(model.stepsBeamsTogether(), "the multilingual tiny model's decoders have a beam_index input");
    assertBeamSearchEqualsRecomputing(model);
  }

  @Test
  void beamSearchOnForkedCachesEqualsRecomputingEveryStep() throws IOException {
    try (WhisperModel optimumLayout = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT)) {
      assertFalse(optimumLayout.stepsBeamsTogether(), "the English tiny model has optimum's inputs only");
      assertBeamSearchEqualsRecomputing(optimumLayout);
    }
  }

  /** Beams of the model's own decoders, and forks of a decoder that recomputes every position, agree. */
  private static void assertBeamSearchEqualsRecomputing(WhisperModel tested) {
    BeamSearchDecoder beams = new BeamSearchDecoder(tested, 3, 1.0);
    DecodingOptions options = DecodingOptions.defaults().withSampleLen(40);
    float[][] mel = new LogMelSpectrogram(tested.config().nMels()).compute(TestAssets.syntheticAudio(8), 0);
    try (EncoderOutput audio = tested.encode(LogMelSpectrogram.window(mel, 0, mel[0].length))) {
      DecodingResult cached = beams.decode(audio, options);
      DecodingResult recomputed;
      try (IncrementalDecoder reference = new RecomputingDecoder(tested, audio)) {
        recomputed = beams.decode(reference, options);
      }
      assertTrue(cached.tokens().length > 3, "a search that goes beyond its first steps");
      assertArrayEquals(recomputed.tokens(), cached.tokens());
      assertEquals(recomputed.avgLogprob(), cached.avgLogprob(), 1e-3);
      assertArrayEquals(recomputed.tokenProbs(), cached.tokenProbs(), 1e-3f);
    }
    assertEquals(0, tested.liveNativeValues());
  }

  @Test
  void fullPrecisionPrefersTheMergedDecoderAndInt8TheSplitPair() throws IOException {
    Path dir = TestAssets.tinyMultilingual();
    assertTrue(Files.isRegularFile(dir.resolve("decoder_model_quantized.onnx")));
    assertTrue(Files.isRegularFile(dir.resolve("decoder_model_merged_quantized.onnx")));
    assertEquals(DecoderLayout.MERGED, model.layout());
    try (WhisperModel int8 = WhisperModel.load(dir, TestAssets.ORT, WhisperModel.INT8)) {
      assertEquals(DecoderLayout.SPLIT, int8.layout());
    }
  }

  @Test
  void mergedAndSplitLayoutsGiveTheSameTokens() throws IOException {
    Path dir = TestAssets.tinyMultilingual();
    assumeTrue(Files.isRegularFile(dir.resolve("decoder_model_merged.onnx")), "no merged decoder exported");
    try (WhisperModel splitModel = WhisperModel.load(dir, TestAssets.ORT, DecoderLayout.SPLIT);
        WhisperModel merged = WhisperModel.load(dir, TestAssets.ORT, DecoderLayout.MERGED)) {
      assertEquals(DecoderLayout.SPLIT, splitModel.layout());
      assertEquals(DecoderLayout.MERGED, merged.layout());
      DecodingOptions options = DecodingOptions.defaults();
      DecodingResult split;
      DecodingResult fromMerged;
      try (EncoderOutput audio = splitModel.encode(window)) {
        split = new GreedyDecoder(splitModel).decode(audio, options, new Random(0));
      }
      try (EncoderOutput audio = merged.encode(window)) {
        fromMerged = new GreedyDecoder(merged).decode(audio, options, new Random(0));
      }
      assertArrayEquals(split.tokens(), fromMerged.tokens());
      assertEquals(split.avgLogprob(), fromMerged.avgLogprob(), 1e-4);

      // the teacher-forced pass (word timing) runs merged's no-cache branch: same logits and attention
      int[] forced = new GreedyDecoder(splitModel).initialTokens(options.withoutTimestamps(true));
      ForcedDecoding splitPass;
      ForcedDecoding mergedPass;
      try (EncoderOutput audio = splitModel.encode(window)) {
        splitPass = splitModel.forcedDecode(audio, forced);
      }
      try (EncoderOutput audio = merged.encode(window)) {
        mergedPass = merged.forcedDecode(audio, forced);
      }
      assertArrayEquals(splitPass.logits(), mergedPass.logits(), 1e-4f);
      assertArrayEquals(splitPass.alignmentAttention()[0][1], mergedPass.alignmentAttention()[0][1], 1e-6f);
      assertEquals(0, splitModel.liveNativeValues());
      assertEquals(0, merged.liveNativeValues());
    }
  }

  @Test
  void laterRunsOfAWindowStartFromItsCachedCrossAttentionAndComputeExactlyWhatAFreshWindowDoes() throws IOException {
    try (WhisperModel split = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT, DecoderLayout.SPLIT);
        WhisperModel merged = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT, DecoderLayout.MERGED)) {
      for (WhisperModel layout : List.of(split, merged)) {
        GreedyDecoder decoder = new GreedyDecoder(layout);
        DecodingOptions options = DecodingOptions.defaults().withSampleLen(40);
        List<Integer> prompt = new ArrayList<>();
        for (int token : layout.tokenizer().encode(" the patient")) {
          prompt.add(token);
        }
        DecodingOptions prompted = options.withPromptTokens(prompt);
        int[] forced = decoder.initialTokens(options.withoutTimestamps(true));
        DecodingResult freshPrompted;
        ForcedDecoding freshPass;
        try (EncoderOutput audio = layout.encode(window)) {
          freshPrompted = decoder.decode(audio, prompted, new Random(0));
        }
        try (EncoderOutput audio = layout.encode(window)) {
          freshPass = layout.forcedDecode(audio, forced);
        }
        try (EncoderOutput audio = layout.encode(window)) {
          decoder.decode(audio, options, new Random(0));
          assertNotNull(audio.crossAttention(), "the first decode keeps the window's cross-attention");
          DecodingResult cachedPrompted = decoder.decode(audio, prompted, new Random(0));
          ForcedDecoding cachedPass = layout.forcedDecode(audio, forced);
          assertArrayEquals(freshPrompted.tokens(), cachedPrompted.tokens());
          assertEquals(freshPrompted.avgLogprob(), cachedPrompted.avgLogprob());
          assertEquals(freshPrompted.noSpeechProb(), cachedPrompted.noSpeechProb());
          assertArrayEquals(freshPass.logits(), cachedPass.logits());
          for (int head = 0; head < freshPass.alignmentAttention().length; head++) {
            for (int row = 0; row < forced.length; row++) {
              assertArrayEquals(freshPass.alignmentAttention()[head][row], cachedPass.alignmentAttention()[head][row]);
            }
          }
        }
        assertEquals(0, layout.liveNativeValues());
      }
    }
  }

  @Test
  void theAskedLogitRowsAreThoseOfAFullPassWithAndWithoutTheLogitsRowsInput() throws IOException {
    // the multilingual tiny model's decoders have logits_rows; the English one's compute every row, as optimum's
    for (Path dir : List.of(TestAssets.tinyMultilingual(), TestAssets.tinyEnglish())) {
      try (WhisperModel tiny = WhisperModel.load(dir, TestAssets.ORT)) {
        assertEquals(dir.equals(TestAssets.tinyEnglish())
            ? List.of("logits_rows (every fed token is projected to the vocabulary)",
                "beam_index (beam search runs the decoder once per beam and step)")
            : List.of(),
            tiny.missingSpeedups(), dir.toString());
        float[][] mel = new LogMelSpectrogram(tiny.config().nMels()).compute(TestAssets.syntheticAudio(8), 0);
        int[] tokens = new GreedyDecoder(tiny).initialTokens(
            DecodingOptions.defaults().withPromptTokens(List.of(5, 6, 7, 8, 9)));
        int last = tokens.length - 1;
        float[] expectedFirst = new float[tiny.logitsWidth()];
        float[] expectedLast = new float[tiny.logitsWidth()];
        try (EncoderOutput audio = tiny.encode(LogMelSpectrogram.window(mel, 0, mel[0].length))) {
          ForcedDecoding pass = tiny.forcedDecode(audio, tokens);
          System.arraycopy(pass.logits(), 0, expectedFirst, 0, tiny.logitsWidth());
          System.arraycopy(pass.logits(), last * tiny.logitsWidth(), expectedLast, 0, tiny.logitsWidth());
        }
        try (EncoderOutput audio = tiny.encode(LogMelSpectrogram.window(mel, 0, mel[0].length));
            IncrementalDecoder decoder = tiny.newDecoder(audio)) {
          LogitRows rows = decoder.append(tokens, last, 0);
          assertEquals(2, rows.rows());
          float[] row = new float[tiny.logitsWidth()];
          rows.copyRow(0, row);
          assertArrayEquals(expectedLast, row, 1e-5f, dir.toString());
          rows.copyRow(1, row);
          assertArrayEquals(expectedFirst, row, 1e-5f, dir.toString());
          assertThrows(IllegalArgumentException.class, () -> decoder.append(new int[] {5}, 1));
        }
      }
    }
  }

  @Test
  void withoutCrossAttentionOutputsTheModelSaysSo(@TempDir Path dir) throws IOException {
    assertTrue(model.hasCrossAttentions());
    OnnxOutputs.copyDirectory(TestAssets.tinyMultilingual(), dir);
    OnnxOutputs.removeOutputsStartingWith(dir.resolve("decoder_model.onnx"), "cross_attentions.");
    try (WhisperModel plain = WhisperModel.load(dir, TestAssets.ORT, DecoderLayout.SPLIT);
        EncoderOutput audio = plain.encode(window)) {
      assertFalse(plain.hasCrossAttentions());
      ForcedDecoding pass = plain.forcedDecode(audio, new int[] {plain.tokenizer().specials().sot()});
      assertFalse(pass.hasAttention());
      assertEquals(plain.logitsWidth(), pass.logits().length);
    }
  }

  @Test
  void forcedPassReturnsTheAlignmentHeadsAsProbabilities() {
    try (EncoderOutput audio = model.encode(window)) {
      int[] tokens = new GreedyDecoder(model).initialTokens(DecodingOptions.defaults());
      ForcedDecoding pass = model.forcedDecode(audio, tokens);
      assertEquals(model.config().alignmentHeads().size(), pass.alignmentAttention().length);
      for (float[][] head : pass.alignmentAttention()) {
        assertEquals(tokens.length, head.length);
        for (float[] row : head) {
          assertEquals(1500, row.length);
          double sum = 0;
          for (float p : row) {
            sum += p;
          }
          assertEquals(1.0, sum, 1e-4);
        }
      }
    }
  }

  @Test
  void decodingTwiceGivesTheSameResult() {
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options = DecodingOptions.defaults();
    try (EncoderOutput audio = model.encode(window)) {
      DecodingResult first = decoder.decode(audio, options, new Random(0));
      DecodingResult second = decoder.decode(audio, options, new Random(0));
      assertArrayEquals(first.tokens(), second.tokens());
      assertEquals(first.text(), second.text());
      assertEquals(first.avgLogprob(), second.avgLogprob());
      DecodingResult warm = decoder.decode(audio, options.withTemperature(0.7), new Random(3));
      DecodingResult warmAgain = decoder.decode(audio, options.withTemperature(0.7), new Random(3));
      assertArrayEquals(warm.tokens(), warmAgain.tokens());
    }
  }

  @Test
  void concurrentDecodingOnOneModelMatchesSequentialDecoding() throws Exception {
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options = DecodingOptions.defaults().withSampleLen(60);
    DecodingResult expected;
    try (EncoderOutput audio = model.encode(window)) {
      expected = decoder.decode(audio, options, new Random(0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> {
          try (EncoderOutput audio = model.encode(window)) {
            return decoder.decode(audio, options, new Random(0)).tokens();
          }
        }));
      }
      for (Future<int[]> run : runs) {
        assertArrayEquals(expected.tokens(), run.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void everyNativeValueIsClosedAfterFiftyWindows() {
    GreedyDecoder decoder = new GreedyDecoder(model);
    int baseline = model.liveNativeValues();
    for (int i = 0; i < 50; i++) {
      try (EncoderOutput audio = model.encode(window)) {
        DecodingOptions options = DecodingOptions.defaults().withSampleLen(20).withTemperature(i % 2 == 0 ? 0 : 0.5);
        decoder.decode(audio, options, new Random(i));
        assertFalse(model.liveNativeValues() == baseline, "the open encoder output is counted");
      }
      assertEquals(baseline, model.liveNativeValues(), "after window " + i);
    }
  }
}
