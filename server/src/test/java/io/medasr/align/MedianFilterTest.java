package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MedianFilterTest {

  @Test
  void reflectPadsTheEdges() {
    // padded: 5 | 1 5 2 8 3 | 8
    assertArrayEquals(new float[] {5, 2, 5, 3, 8}, MedianFilter.apply(new float[] {1, 5, 2, 8, 3}, 3));
  }

  @Test
  void widthSevenRemovesASpike() {
    float[] row = {0, 0, 0, 0, 100, 0, 0, 0, 1, 1};
    // padded: 0 0 0 | 0 0 0 0 100 0 0 0 1 1 | 1 0 0
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, MedianFilter.apply(row, 7));
  }

  @Test
  void rowsNotLongerThanHalfTheWidthStayAsTheyAre() {
    assertArrayEquals(new float[] {3, 1, 2}, MedianFilter.apply(new float[] {3, 1, 2}, 7));
  }

  @Test
  void evenWidthIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> MedianFilter.apply(new float[] {1, 2, 3}, 4));
  }
}
