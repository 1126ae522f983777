package io.medasr.cli;

import java.util.List;

/** Percentiles by the nearest-rank method. Stateless. */
final class Percentiles {
  private Percentiles() {}

  /**
   * The {@code percent}-th percentile of {@code values} by nearest rank: the smallest value such that at least
   * {@code percent} % of the values are at or below it, i.e. the value of rank {@code ceil(percent / 100 * n)} in
   * ascending order (rank 1 for percent 0). Always one of the values, never an interpolation; null when there are
   * none.
   *
   * @param percent 0 to 100
   */
  static Double nearestRank(List<Double> values, int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0 to 100, got " + percent);
    }
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    // in whole numbers: 0.55 * 100 is 55.00000000000001 in doubles, whose ceiling would skip a rank
    int rank = (percent * sorted.size() + 99) / 100;
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
