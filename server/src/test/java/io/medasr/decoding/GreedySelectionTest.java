package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GreedySelectionTest {
  private static final float NEG = Float.NEGATIVE_INFINITY;

  @Test
  void argmaxTakesTheFirstOfEqualMaxima() {
    assertEquals(1, Logits.argmax(new float[] {0f, 3f, 1f, 3f}));
    assertEquals(2, Logits.argmax(new float[] {NEG, NEG, -5f}));
  }

  @Test
  void logSumExpIsStableForLargeValues() {
    assertEquals(1000 + Math.log(2), Logits.logSumExp(new float[] {1000f, 1000f, NEG}), 1e-9);
    assertEquals(NEG, Logits.logSumExp(new float[] {NEG, NEG}));
  }

  @Test
  void samplingNeverPicksMaskedTokensAndFollowsTheTemperature() {
    float[] logits = {NEG, 0f, (float) Math.log(3), NEG};
    int[] counts = new int[4];
    Random random = new Random(42);
    for (int i = 0; i < 20000; i++) {
      counts[GreedyDecoder.sample(logits, 1.0, random)]++;
    }
    assertEquals(0, counts[0]);
    assertEquals(0, counts[3]);
    // p(2) = 3/4 at temperature 1
    assertEquals(0.75, counts[2] / 20000.0, 0.015);

    int[] cold = new int[4];
    for (int i = 0; i < 20000; i++) {
      cold[GreedyDecoder.sample(logits, 0.25, random)]++;
    }
    // p(2) = 81/82 at temperature 1/4
    assertTrue(cold[2] / 20000.0 > 0.98, "low temperature concentrates on the best token");
  }

  @Test
  void samplingIsReproducibleWithTheSameSeed() {
    float[] logits = {0.1f, 0.5f, 0.2f, 0.9f, 0.3f};
    Random a = new Random(7);
    Random b = new Random(7);
    for (int i = 0; i < 100; i++) {
      assertEquals(GreedyDecoder.sample(logits, 0.8, a), GreedyDecoder.sample(logits, 0.8, b));
    }
  }

  @Test
  void compressionRatioMatchesPythonZlib() {
    // values from CPython: len(b) / len(zlib.compress(b))
    assertEquals(0.0, CompressionRatio.of(""));
    assertEquals(47.0 / 17, CompressionRatio.of("hello hello hello hello hello hello hello hello"), 1e-12);
    assertEquals(45.0 / 52, CompressionRatio.of(" The quick brown fox jumps over the lazy dog."), 1e-12);
  }
}
