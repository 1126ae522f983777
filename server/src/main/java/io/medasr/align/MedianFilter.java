package io.medasr.align;

import java.util.Arrays;

/**
 * Sliding median of odd width with reflect padding at both ends (openai timing.py {@code
 * median_filter}); rows not longer than half the width are returned unchanged. Stateless.
 */
public final class MedianFilter {
  private MedianFilter() {}

  public static float[] apply(float[] values, int width) {
    if (width % 2 == 0 || width < 1) {
      throw new IllegalArgumentException("median filter width must be odd and positive, got " + width);
    }
    int pad = width / 2;
    if (values.length <= pad) {
      return values.clone();
    }
    int n = values.length;
    float[] window = new float[width];
    float[] result = new float[n];
    for (int center = 0; center < n; center++) {
      for (int k = 0; k < width; k++) {
        window[k] = values[reflect(center - pad + k, n)];
      }
      Arrays.sort(window);
      result[center] = window[pad];
    }
    return result;
  }

  /** numpy/torch "reflect": mirror around the edge sample without repeating it. */
  private static int reflect(int index, int n) {
    if (index < 0) {
      return -index;
    }
    if (index >= n) {
      return 2 * (n - 1) - index;
    }
    return index;
  }
}
