package io.medasr.wer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Minimal edit script between two token sequences, choosing among equally cheap scripts exactly as rapidfuzz's
 * {@code Levenshtein.editops} does (jiwer counts hits, substitutions, deletions and insertions from it, and ties
 * between paths change that split).
 *
 * <p>The rules reproduced: the common prefix and suffix are never edited; the back-trace from the end of the
 * cost matrix prefers a deletion, then an insertion, then the diagonal; and when the matrix would be large
 * (rapidfuzz's threshold: {@code 2 * band * |s2| / 8 >= 2^20} bytes with {@code |s1| >= 65} and
 * {@code |s2| >= 10}) the problem is first split Hirschberg-style at the middle of {@code s2}, at the first
 * {@code s1} position (from 1) with the lowest combined cost. Stateless and thread-safe.
 */
final class Levenshtein {
  /** One edit: {@code src} indexes s1 (the reference), {@code dest} indexes s2 (the hypothesis). */
  record Editop(EditType type, int src, int dest) {}

  /** Edit kinds; hits are not edits. */
  enum EditType { REPLACE, DELETE, INSERT }

  private static final int UNREACHABLE = Integer.MAX_VALUE / 4;
  private static final long HIRSCHBERG_MATRIX_BYTES = 1024L * 1024L;

  private Levenshtein() {}

  static List<Editop> editops(int[] s1, int[] s2) {
    List<Editop> ops = new ArrayList<>();
    alignHirschberg(s1, 0, s1.length, s2, 0, s2.length, Integer.MAX_VALUE, ops);
    return ops;
  }

  private static void alignHirschberg(int[] s1, int a0, int a1, int[] s2, int b0, int b1, int max,
      List<Editop> out) {
    while (a0 < a1 && b0 < b1 && s1[a0] == s2[b0]) {
      a0++;
      b0++;
    }
    while (a0 < a1 && b0 < b1 && s1[a1 - 1] == s2[b1 - 1]) {
      a1--;
      b1--;
    }
    int len1 = a1 - a0;
    int len2 = b1 - b0;
    max = Math.min(max, Math.max(len1, len2));
    long fullBand = Math.min(len1, 2L * max + 1);
    if (2 * fullBand * len2 / 8 < HIRSCHBERG_MATRIX_BYTES || len1 < 65 || len2 < 10) {
      alignBanded(s1, a0, a1, s2, b0, b1, max, out);
      return;
    }
    int leftSize = len2 / 2;
    int[] left = lastRow(s1, a0, a1, s2, b0, b0 + leftSize, false);
    int[] right = lastRow(s1, a0, a1, s2, b0 + leftSize, b1, true);
    int bestMid = 1;
    int bestScore = Integer.MAX_VALUE;
    for (int mid = 1; mid <= len1; mid++) {
      int score = left[mid] + right[len1 - mid];
      if (score < bestScore) {
        bestScore = score;
        bestMid = mid;
      }
    }
    alignHirschberg(s1, a0, a0 + bestMid, s2, b0, b0 + leftSize, left[bestMid], out);
    alignHirschberg(s1, a0 + bestMid, a1, s2, b0 + leftSize, b1, right[len1 - bestMid], out);
  }

  /**
   * Distances from every prefix of {@code s1[a0, a1)} to all of {@code s2[b0, b1)}; with {@code reversed}, from
   * every suffix (index k: the last k tokens) to all of {@code s2[b0, b1)}.
   */
  private static int[] lastRow(int[] s1, int a0, int a1, int[] s2, int b0, int b1, boolean reversed) {
    int n = a1 - a0;
    int[] row = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      row[i] = i;
    }
    for (int j = 1; j <= b1 - b0; j++) {
      int token = reversed ? s2[b1 - j] : s2[b0 + j - 1];
      int diagonal = row[0];
      row[0] = j;
      for (int i = 1; i <= n; i++) {
        int above = row[i];
        int own = reversed ? s1[a1 - i] : s1[a0 + i - 1];
        row[i] = Math.min(Math.min(above, row[i - 1]) + 1, diagonal + (own == token ? 0 : 1));
        diagonal = above;
      }
    }
    return row;
  }

  /**
   * Full back-trace over the cells whose diagonal {@code i - j} lies within {@code [-max, max]}; every cell
   * that the back-trace consults has a true cost of at most the distance, so the band changes no decision
   * as long as {@code max} is at least the distance (which the callers guarantee).
   */
  private static void alignBanded(int[] s1, int a0, int a1, int[] s2, int b0, int b1, int max,
      List<Editop> out) {
    Band d = new Band(a1 - a0, b1 - b0, max);
    for (int i = 0; i <= d.n; i++) {
      for (int j = d.firstColumn(i); j <= d.lastColumn(i); j++) {
        int cost;
        if (i == 0) {
          cost = j;
        } else if (j == 0) {
          cost = i;
        } else {
          int substitution = d.get(i - 1, j - 1) + (s1[a0 + i - 1] == s2[b0 + j - 1] ? 0 : 1);
          cost = Math.min(Math.min(d.get(i - 1, j), d.get(i, j - 1)) + 1, substitution);
        }
        d.set(i, j, cost);
      }
    }
    List<Editop> reversedOps = new ArrayList<>();
    int i = d.n;
    int j = d.m;
    while (i > 0 && j > 0) {
      if (d.get(i, j) == d.get(i - 1, j) + 1) {
        i--;
        reversedOps.add(new Editop(EditType.DELETE, a0 + i, b0 + j));
      } else {
        j--;
        if (j > 0 && d.get(i, j) == d.get(i - 1, j) - 1) {
          reversedOps.add(new Editop(EditType.INSERT, a0 + i, b0 + j));
        } else {
          i--;
          if (s1[a0 + i] != s2[b0 + j]) {
            reversedOps.add(new Editop(EditType.REPLACE, a0 + i, b0 + j));
          }
        }
      }
    }
    while (i > 0) {
      i--;
      reversedOps.add(new Editop(EditType.DELETE, a0 + i, b0 + j));
    }
    while (j > 0) {
      j--;
      reversedOps.add(new Editop(EditType.INSERT, a0 + i, b0 + j));
    }
    Collections.reverse(reversedOps);
    out.addAll(reversedOps);
  }

  /**
   * Cost matrix restricted to the diagonals {@code lo <= i - j <= hi}; cells outside read as unreachable. Row i
   * stores only its columns inside the band, so memory is about {@code |s1| * min(|s2|, band)}.
   */
  private static final class Band {
    final int n;
    final int m;
    private final int lo;
    private final int hi;
    private final int width;
    private final int[] cells;

    Band(int n, int m, int max) {
      this.n = n;
      this.m = m;
      this.lo = Math.max(-m, -max);
      this.hi = Math.min(n, max);
      this.width = Math.min(m, hi - lo) + 1;
      this.cells = new int[Math.multiplyExact(n + 1, width)];
    }

    int firstColumn(int i) {
      return Math.max(0, i - hi);
    }

    int lastColumn(int i) {
      return Math.min(m, i - lo);
    }

    int get(int i, int j) {
      if (i < 0 || j < firstColumn(i) || j > lastColumn(i)) {
        return UNREACHABLE;
      }
      return cells[i * width + j - firstColumn(i)];
    }

    void set(int i, int j, int cost) {
      cells[i * width + j - firstColumn(i)] = cost;
    }
  }
}
