package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DtwTest {

  @Test
  void followsTheCheapDiagonal() {
    float[][] cost = {
      {0, 9, 9},
      {9, 0, 9},
      {9, 9, 0},
    };
    int[][] path = Dtw.path(cost);
    assertArrayEquals(new int[] {0, 1, 2}, path[0]);
    assertArrayEquals(new int[] {0, 1, 2}, path[1]);
  }

  @Test
  void staysOnATokenOverSeveralFramesAndBreaksTiesToTheLeft() {
    // cost[2][2]: diagonal 0 and up 0 tie, so the path goes left; the cheap end is reached by the diagonal
    float[][] cost = {
      {0, 0, 5},
      {5, 5, 0},
    };
    int[][] path = Dtw.path(cost);
    assertArrayEquals(new int[] {0, 0, 1}, path[0]);
    assertArrayEquals(new int[] {0, 1, 2}, path[1]);
  }

  @Test
  void movesUpWhenSeveralTokensShareOneFrame() {
    float[][] cost = {
      {0, 9},
      {0, 9},
      {9, 0},
    };
    int[][] path = Dtw.path(cost);
    assertArrayEquals(new int[] {0, 1, 2}, path[0]);
    assertArrayEquals(new int[] {0, 0, 1}, path[1]);
  }
}
