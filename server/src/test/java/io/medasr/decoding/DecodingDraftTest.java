package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecodingDraftTest {
  /** Tokens from 100 on are timestamps here. */
  private static final int TS = 100;
  /** A prompt and SOT sequence before the sampled tokens. */
  private static final int[] INITIAL = {900, 901, 902};

  private static int[] continuation(DecodingDraft draft, int max, int... chosen) {
    int[] all = Arrays.copyOf(INITIAL, INITIAL.length + chosen.length);
    System.arraycopy(chosen, 0, all, INITIAL.length, chosen.length);
    return draft.continuation(all, INITIAL.length, all.length, max);
  }

  @Test
  void beforeAnyTokenTheDraftContinuesFromItsStart() {
    DecodingDraft draft = DecodingDraft.of(new int[] {TS, 1, 2, 3, TS + 50, TS + 50, 4}, TS);
    assertArrayEquals(new int[] {TS, 1, 2, 3}, continuation(draft, 4));
    // the leading timestamp already chosen is not proposed again
    assertArrayEquals(new int[] {1, 2, 3, TS + 50}, continuation(draft, 4, TS));
  }

  @Test
  void continuesAfterTheLastTextTokensChosenSkippingTheTimestampsChosenAfterThem() {
    DecodingDraft draft = DecodingDraft.of(new int[] {TS, 1, 2, 3, TS + 50, TS + 50, 4, 5}, TS);
    assertArrayEquals(new int[] {3, TS + 50, TS + 50, 4, 5}, continuation(draft, 24, TS, 1, 2));
    assertArrayEquals(new int[] {TS + 50, 4, 5}, continuation(draft, 24, TS, 1, 2, 3, TS + 50));
    assertArrayEquals(new int[] {4, 5}, continuation(draft, 24, TS, 1, 2, 3, TS + 50, TS + 50));
    assertArrayEquals(new int[] {4}, continuation(draft, 1, TS, 1, 2, 3, TS + 50, TS + 50));
  }

  @Test
  void aTextOnlyDraftGuidesADecodeWithTimestamps() {
    DecodingDraft draft = DecodingDraft.of(new int[] {1, 2, 3, 4}, TS);
    assertArrayEquals(new int[] {1, 2, 3, 4}, continuation(draft, 24, TS));
    assertArrayEquals(new int[] {3, 4}, continuation(draft, 24, TS, 1, 2, TS + 30, TS + 30));
  }

  @Test
  void afterADifferentWordTheDraftResumesWhereTheChosenTokensMeetItAgain() {
    // first hypothesis "7 8 9 , 5 6" where the second decode says "10 , 5": the draft resumes after ","
    DecodingDraft draft = DecodingDraft.of(new int[] {1, 7, 8, 9, 11, 5, 6}, TS);
    assertArrayEquals(new int[] {5, 6}, continuation(draft, 24, 1, 10, 11));
    assertArrayEquals(new int[0], continuation(draft, 24, 1, 10));
  }

  @Test
  void aRepeatedKeyIsPlacedWhereTheChosenTextIs() {
    // "1 2 3" twice: after four text tokens the decode is in the second repetition's neighbourhood
    DecodingDraft draft = DecodingDraft.of(new int[] {1, 2, 3, 4, 1, 2, 3, 5}, TS);
    assertArrayEquals(new int[] {3, 4}, continuation(draft, 2, 1, 2));
    assertArrayEquals(new int[] {3, 5}, continuation(draft, 2, 1, 2, 3, 4, 1, 2));
    // the longest key decides before the nearest place: "6 1 2" is nowhere, "1 2" is
    assertArrayEquals(new int[] {3, 4}, continuation(draft, 2, 6, 1, 2));
  }

  @Test
  void saysWhetherItStartsWithATimestamp() {
    assertTrue(DecodingDraft.of(new int[] {TS, 1}, TS).startsWithTimestamp());
    assertFalse(DecodingDraft.of(new int[] {1, TS}, TS).startsWithTimestamp());
    assertFalse(DecodingDraft.NONE.startsWithTimestamp());
  }

  @Test
  void noDraftProposesNothing() {
    assertArrayEquals(new int[0], continuation(DecodingDraft.NONE, 24));
    assertArrayEquals(new int[0], continuation(DecodingDraft.NONE, 24, 1, 2));
    assertSame(DecodingDraft.NONE, DecodingDraft.of(new int[0], TS));
  }
}
