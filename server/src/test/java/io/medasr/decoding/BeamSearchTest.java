package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
  private static WhisperModel model;
  private static float[] window;

  @BeforeAll
  static void load() throws IOException {
    model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT);
    float[][] mel = new LogMelSpectrogram(model.config().nMels()).compute(TestAssets.syntheticAudio(6), 480000);
    window = LogMelSpectrogram.window(mel, 0, 600);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void oneBeamIsGreedy() {
    for (boolean withoutTimestamps : new boolean[] {true, false}) {
      DecodingOptions options = DecodingOptions.defaults().withoutTimestamps(withoutTimestamps);
      try (EncoderOutput audio = model.encode(window)) {
        DecodingResult greedy = new GreedyDecoder(model).decode(audio, options, new Random(0));
        DecodingResult beam = new BeamSearchDecoder(model, 1, 1.0).decode(audio, options);
        assertArrayEquals(greedy.tokens(), beam.tokens());
        assertEquals(greedy.avgLogprob(), beam.avgLogprob(), 1e-9);
        assertEquals(greedy.noSpeechProb(), beam.noSpeechProb(), 1e-12);
        assertArrayEquals(greedy.tokenProbs(), beam.tokenProbs(), 1e-7f);
      }
    }
  }

  @Test
  void fiveBeamsAreReproducibleAndReleaseEveryCache() {
    int baseline = model.liveNativeValues();
    BeamSearchDecoder beams = new BeamSearchDecoder(model, 5, 1.0);
    try (EncoderOutput audio = model.encode(window)) {
      DecodingResult first = beams.decode(audio, DecodingOptions.defaults());
      DecodingResult second = beams.decode(audio, DecodingOptions.defaults());
      assertArrayEquals(first.tokens(), second.tokens());
      assertTrue(first.tokens().length > 0);
      assertEquals(first.tokens().length, first.tokenProbs().length);
    }
    assertEquals(baseline, model.liveNativeValues());
  }

  @Test
  void topKKeepsTheBestFiniteScoresInOrder() {
    float neg = Float.NEGATIVE_INFINITY;
    assertArrayEquals(new int[] {3, 1, 4}, BeamSearchDecoder.topK(new float[] {0f, 2f, neg, 5f, 2f, 1f}, 3));
    assertArrayEquals(new int[] {1}, BeamSearchDecoder.topK(new float[] {neg, 0f, neg}, 3));
  }
}
