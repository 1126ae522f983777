package io.medasr.align;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic time warping of a token x frame cost matrix (openai timing.py {@code dtw_cpu} and {@code
 * backtrace}): moves diagonal, up (next token, same frame) or left (same token, next frame); ties
 * go left, then up. Stateless.
 */
public final class Dtw {
  private static final byte DIAGONAL = 0;
  private static final byte UP = 1;
  private static final byte LEFT = 2;

  private Dtw() {}

  /**
   * The cheapest monotonic path from (0, 0) to (rows-1, cols-1).
   *
   * @param cost [tokens][frames], lower is better (callers pass the negated attention)
   * @return {@code {tokenIndices, frameIndices}}, the path in order
   */
  public static int[][] path(float[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    float[][] total = new float[rows + 1][cols + 1];
    byte[][] trace = new byte[rows + 1][cols + 1];
    for (float[] row : total) {
      java.util.Arrays.fill(row, Float.POSITIVE_INFINITY);
    }
    total[0][0] = 0;
    for (int j = 1; j <= cols; j++) {
      for (int i = 1; i <= rows; i++) {
        float c0 = total[i - 1][j - 1];
        float c1 = total[i - 1][j];
        float c2 = total[i][j - 1];
        float best;
        byte move;
        if (c0 < c1 && c0 < c2) {
          best = c0;
          move = DIAGONAL;
        } else if (c1 < c0 && c1 < c2) {
          best = c1;
          move = UP;
        } else {
          best = c2;
          move = LEFT;
        }
        total[i][j] = cost[i - 1][j - 1] + best;
        trace[i][j] = move;
      }
    }
    for (int j = 0; j <= cols; j++) {
      trace[0][j] = LEFT;
    }
    for (int i = 0; i <= rows; i++) {
      trace[i][0] = UP;
    }
    List<int[]> steps = new ArrayList<>();
    int i = rows;
    int j = cols;
    while (i > 0 || j > 0) {
      steps.add(new int[] {i - 1, j - 1});
      switch (trace[i][j]) {
        case DIAGONAL -> {
          i--;
          j--;
        }
        case UP -> i--;
        default -> j--;
      }
    }
    int[][] result = new int[2][steps.size()];
    for (int k = 0; k < steps.size(); k++) {
      int[] step = steps.get(steps.size() - 1 - k);
      result[0][k] = step[0];
      result[1][k] = step[1];
    }
    return result;
  }
}
