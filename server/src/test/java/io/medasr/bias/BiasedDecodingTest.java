package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.decoding.BeamSearchDecoder;
import io.medasr.decoding.DecodingOptions;
import io.medasr.decoding.DecodingResult;
import io.medasr.decoding.GreedyDecoder;
import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.WhisperModel;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Biasing inside greedy and beam decoding, on the random-weight tiny model, where only the boost can explain a phrase. */
class BiasedDecodingTest {
  private static final String PHRASE = "metoprolol succinate";
  private static WhisperModel model;
  private static EncoderOutput audio;

  @BeforeAll
  static void encode() throws Exception {
    model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT);
    float[][] mel = new LogMelSpectrogram(model.config().nMels()).compute(TestAssets.syntheticAudio(5), 480000);
    audio = model.encode(LogMelSpectrogram.window(mel, 0, 3000));
  }

  @AfterAll
  static void close() {
    audio.close();
    model.close();
  }

  private static DecodingOptions biasedToward(String phrase, float boost) {
    int eot = model.tokenizer().specials().eot();
    PhraseTrie trie = PhraseTrie.of(Biasing.entries(model.tokenizer(), phrase, boost));
    return DecodingOptions.defaults().withoutTimestamps(true).withSampleLen(12)
        .withBiasing(Biasing.of(List.of(trie), eot, List.of(), 0));
  }

  @Test
  void aStrongBoostMakesGreedyDecodingSpellThePhraseAndReportIt() {
    DecodingResult plain = new GreedyDecoder(model).decode(audio,
        DecodingOptions.defaults().withoutTimestamps(true).withSampleLen(12), new Random(0));
    DecodingResult biased = new GreedyDecoder(model).decode(audio, biasedToward(PHRASE, 50f), new Random(0));
    assertFalse(plain.text().toLowerCase().contains(PHRASE));
    assertTrue(biased.text().toLowerCase().startsWith(PHRASE), biased.text());
    assertEquals(Set.of(PHRASE), biased.vocabulary());
    assertEquals(Set.of(), plain.vocabulary());
    // the reported probabilities stay the model's: a boosted token keeps its own (low) probability
    for (float p : biased.tokenProbs()) {
      assertTrue(p > 0 && p <= 1, String.valueOf(p));
    }
    assertTrue(biased.avgLogprob() < plain.avgLogprob());
  }

  @Test
  void aStrongBoostSteersBeamSearchToo() {
    DecodingResult biased = new BeamSearchDecoder(model, 3, 1.0).decode(audio, biasedToward(PHRASE, 50f));
    assertTrue(biased.text().toLowerCase().startsWith(PHRASE), biased.text());
    assertEquals(Set.of(PHRASE), biased.vocabulary());
  }

  @Test
  void withoutBiasingDecodingIsUnchanged() {
    DecodingOptions options = DecodingOptions.defaults().withoutTimestamps(true).withSampleLen(12);
    DecodingResult a = new GreedyDecoder(model).decode(audio, options, new Random(0));
    DecodingResult b = new GreedyDecoder(model).decode(audio, options.withBiasing(Biasing.NONE), new Random(0));
    assertEquals(a.text(), b.text());
    assertEquals(a.avgLogprob(), b.avgLogprob());
  }
}
