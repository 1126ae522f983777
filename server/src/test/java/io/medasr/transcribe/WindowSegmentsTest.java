package io.medasr.transcribe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Timestamp ids start at 100 here; 100 + k stands for k * 0.02 s. */
class WindowSegmentsTest {
  private static final int TS = 100;

  @Test
  void singleTimestampEndingClosesTheLastSegmentAndSkipsTheWindow() {
    int[] tokens = {TS, 1, 2, TS + 10, TS + 10, 3, TS + 20};
    WindowSegments.Split split = WindowSegments.split(tokens, TS, 30.0, 3000);
    assertTrue(split.singleTimestampEnding());
    assertEquals(2, split.pieces().size());
    assertEquals(30.0, split.pieces().get(0).start(), 1e-9);
    assertEquals(30.2, split.pieces().get(0).end(), 1e-9);
    assertArrayEquals(new int[] {TS, 1, 2, TS + 10}, split.pieces().get(0).tokens());
    assertEquals(30.2, split.pieces().get(1).start(), 1e-9);
    assertEquals(30.4, split.pieces().get(1).end(), 1e-9);
    assertArrayEquals(new int[] {TS + 10, 3, TS + 20}, split.pieces().get(1).tokens());
    assertEquals(3000, split.seekAdvance());
  }

  @Test
  void unfinishedLastSegmentIsDroppedAndTheWindowRestartsAtTheLastClosingTimestamp() {
    int[] tokens = {TS, 1, TS + 10, TS + 10, 2, TS + 20, TS + 20, 3};
    WindowSegments.Split split = WindowSegments.split(tokens, TS, 0.0, 3000);
    assertFalse(split.singleTimestampEnding());
    assertEquals(2, split.pieces().size());
    assertArrayEquals(new int[] {TS + 10, 2, TS + 20}, split.pieces().get(1).tokens());
    // <|0.40|> = 20 timestamp steps = 40 mel frames
    assertEquals(40, split.seekAdvance());
  }

  @Test
  void withoutPairsTheWholeWindowIsOneSegmentEndingAtTheLastTimestamp() {
    int[] tokens = {TS, 1, 2, TS + 50};
    WindowSegments.Split split = WindowSegments.split(tokens, TS, 12.5, 2000);
    assertEquals(1, split.pieces().size());
    assertEquals(12.5, split.pieces().get(0).start(), 1e-9);
    assertEquals(13.5, split.pieces().get(0).end(), 1e-9);
    assertEquals(2000, split.seekAdvance());
  }

  @Test
  void withoutTimestampsTheSegmentSpansTheRealFrames() {
    WindowSegments.Split split = WindowSegments.split(new int[] {1, 2}, TS, 0.0, 1234);
    assertEquals(12.34, split.pieces().get(0).end(), 1e-9);
    assertEquals(1234, split.seekAdvance());
  }
}
