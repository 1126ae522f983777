package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The filters on a hand-made vocabulary: ids 0-4 text, 5 end-of-text, 6 a special, 7
 * no-timestamps, 8-9 more specials, 10-19 timestamps {@code <|0.00|>}..{@code <|0.18|>}.
 */
class LogitFiltersTest {
  private static final float NEG = Float.NEGATIVE_INFINITY;
  private static final int EOT = 5;
  private static final int NO_TIMESTAMPS = 7;
  private static final int TS = 10;
  private static final int VOCAB = 20;
  /** Two initial tokens (e.g. SOT, language) before sampling starts. */
  private static final int SAMPLE_BEGIN = 2;

  private final ApplyTimestampRules rules = new ApplyTimestampRules(SAMPLE_BEGIN, EOT, NO_TIMESTAMPS, TS, 3);

  /** Text and specials at logit 5, timestamps at 0: text stays likelier than all timestamps together. */
  private static float[] flat() {
    float[] logits = new float[VOCAB];
    Arrays.fill(logits, 0, TS, 5f);
    return logits;
  }

  private static int[] sequence(int... sampled) {
    int[] tokens = new int[SAMPLE_BEGIN + sampled.length];
    tokens[0] = 50;
    tokens[1] = 51;
    System.arraycopy(sampled, 0, tokens, SAMPLE_BEGIN, sampled.length);
    return tokens;
  }

  /** Ids whose logit is -inf. */
  private static int[] masked(float[] logits) {
    return java.util.stream.IntStream.range(0, logits.length).filter(i -> logits[i] == NEG).toArray();
  }

  private static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().distinct().toArray();
  }

  @Test
  void suppressBlankOnlyAtTheFirstSampledPosition() {
    SuppressBlank filter = new SuppressBlank(SAMPLE_BEGIN, new int[] {3, EOT});
    float[] first = flat();
    filter.apply(first, sequence(), SAMPLE_BEGIN);
    assertArrayEquals(new int[] {3, EOT}, masked(first));

    float[] later = flat();
    filter.apply(later, sequence(1), SAMPLE_BEGIN + 1);
    assertArrayEquals(new int[0], masked(later));
  }

  @Test
  void suppressTokensMasksTheListEveryStep() {
    SuppressTokens filter = new SuppressTokens(new int[] {8, 2, 8, 6});
    for (int length = SAMPLE_BEGIN; length < SAMPLE_BEGIN + 3; length++) {
      float[] logits = flat();
      filter.apply(logits, sequence(1, 1, 1), length);
      assertArrayEquals(new int[] {2, 6, 8}, masked(logits));
    }
  }

  @Test
  void firstTokenIsATimestampNoLaterThanTheInitialMaximum() {
    float[] logits = flat();
    rules.apply(logits, sequence(), SAMPLE_BEGIN);
    // every non-timestamp (incl. notimestamps) and timestamps above index 3 are gone
    assertArrayEquals(concat(range(0, TS), range(TS + 4, VOCAB)), masked(logits));
  }

  @Test
  void openingTimestampMustBeFollowedByText() {
    float[] logits = flat();
    rules.apply(logits, sequence(TS + 2), SAMPLE_BEGIN + 1);
    assertArrayEquals(concat(new int[] {NO_TIMESTAMPS}, range(TS, VOCAB)), masked(logits));
  }

  @Test
  void afterTextTheClosingTimestampIsStrictlyLater() {
    float[] logits = flat();
    rules.apply(logits, sequence(TS + 2, 3), SAMPLE_BEGIN + 2);
    assertArrayEquals(concat(new int[] {NO_TIMESTAMPS}, range(TS, TS + 3)), masked(logits));
  }

  @Test
  void afterAClosingTimestampOnlyEndOrTheNextTimestampMayFollow() {
    float[] logits = flat();
    rules.apply(logits, sequence(TS + 2, 3, TS + 4), SAMPLE_BEGIN + 3);
    // text below eot is gone, the closing value may repeat as the next opening one
    assertArrayEquals(concat(range(0, EOT), new int[] {NO_TIMESTAMPS}, range(TS, TS + 4)), masked(logits));
  }

  @Test
  void afterATimestampPairTextMustFollow() {
    float[] logits = flat();
    rules.apply(logits, sequence(TS + 2, 3, TS + 4, TS + 4), SAMPLE_BEGIN + 4);
    assertArrayEquals(concat(new int[] {NO_TIMESTAMPS}, range(TS, VOCAB)), masked(logits));
  }

  @Test
  void timestampIsForcedWhenTheirSummedProbabilityBeatsEveryTextToken() {
    // after "<|0.02|> text", five allowed timestamps at logit 1: logsumexp = 1 + ln 5 = 2.61 > 2
    float[] logits = new float[VOCAB];
    Arrays.fill(logits, 0, TS, -10f);
    Arrays.fill(logits, TS + 2, TS + 7, 1f);
    Arrays.fill(logits, TS + 7, VOCAB, NEG);
    logits[1] = 2f;
    rules.apply(logits, sequence(TS + 1, 3), SAMPLE_BEGIN + 2);
    assertArrayEquals(concat(range(0, TS), range(TS, TS + 2), range(TS + 7, VOCAB)), masked(logits));
  }

  @Test
  void timestampIsNotForcedWhenATextTokenIsLikelier() {
    // two timestamps at logit 1: logsumexp = 1 + ln 2 = 1.69 < 2
    float[] logits = new float[VOCAB];
    Arrays.fill(logits, 0, TS, -10f);
    Arrays.fill(logits, TS + 2, TS + 4, 1f);
    Arrays.fill(logits, TS + 4, VOCAB, NEG);
    logits[1] = 2f;
    rules.apply(logits, sequence(TS + 1, 3), SAMPLE_BEGIN + 2);
    assertArrayEquals(concat(new int[] {NO_TIMESTAMPS}, range(TS, TS + 2), range(TS + 4, VOCAB)), masked(logits));
    assertEquals(2f, logits[1]);
  }

  @Test
  void noInitialLimitWhenNegative() {
    ApplyTimestampRules unlimited = new ApplyTimestampRules(SAMPLE_BEGIN, EOT, NO_TIMESTAMPS, TS, -1);
    float[] logits = flat();
    unlimited.apply(logits, sequence(), SAMPLE_BEGIN);
    assertArrayEquals(range(0, TS), masked(logits));
  }
}
