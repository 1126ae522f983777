package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  private static final List<Double> TEN = List.of(15.0, 20.0, 35.0, 40.0, 50.0, 1.0, 2.0, 3.0, 4.0, 5.0);

  @Test
  void nearestRankIsTheValueOfRankCeilPTimesNInAscendingOrder() {
    // sorted: 1 2 3 4 5 15 20 35 40 50
    assertEquals(5.0, Percentiles.nearestRank(TEN, 50)); // rank 5
    assertEquals(15.0, Percentiles.nearestRank(TEN, 51)); // rank ceil(5.1) = 6
    assertEquals(50.0, Percentiles.nearestRank(TEN, 95)); // rank ceil(9.5) = 10
    assertEquals(40.0, Percentiles.nearestRank(TEN, 90)); // rank 9
    assertEquals(50.0, Percentiles.nearestRank(TEN, 100));
    assertEquals(1.0, Percentiles.nearestRank(TEN, 0));
  }

  @Test
  void classicExampleAndSmallSets() {
    List<Double> five = List.of(15.0, 20.0, 35.0, 40.0, 50.0);
    assertEquals(20.0, Percentiles.nearestRank(five, 30)); // rank ceil(1.5) = 2
    assertEquals(20.0, Percentiles.nearestRank(five, 40)); // rank 2
    assertEquals(35.0, Percentiles.nearestRank(five, 50)); // rank ceil(2.5) = 3
    assertEquals(50.0, Percentiles.nearestRank(five, 95)); // rank ceil(4.75) = 5
    assertEquals(7.0, Percentiles.nearestRank(List.of(7.0), 50));
    assertEquals(7.0, Percentiles.nearestRank(List.of(7.0), 95));
    assertEquals(-3.0, Percentiles.nearestRank(List.of(2.0, -3.0), 50));
  }

  @Test
  void exactRanksWhereDoublesWouldRoundUp() {
    // 0.55 * 100 is 55.00000000000001 in doubles: the rank must still be 55, not 56
    List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
    assertEquals(55.0, Percentiles.nearestRank(hundred, 55));
    assertEquals(95.0, Percentiles.nearestRank(hundred, 95));
  }

  @Test
  void noValuesHaveNoPercentileAndPercentMustBeInRange() {
    assertNull(Percentiles.nearestRank(List.of(), 50));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(TEN, 101));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(TEN, -1));
  }
}
