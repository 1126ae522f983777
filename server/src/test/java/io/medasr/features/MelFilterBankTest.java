package io.medasr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MelFilterBankTest {

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void matchesEveryValueOfTheNumpyReference(int nMels) throws Exception {
    float[] reference = ReferenceData.floats("mel_filters_" + nMels + ".f32");
    float[][] filters = MelFilterBank.slaney(nMels, 400, 16000);
    assertEquals(nMels, filters.length);
    for (int band = 0; band < nMels; band++) {
      assertEquals(201, filters[band].length);
      for (int bin = 0; bin < 201; bin++) {
        float expected = reference[band * 201 + bin];
        assertEquals(
            expected,
            filters[band][bin],
            1e-9 + 1e-6 * Math.abs(expected),
            "filter " + band + " bin " + bin);
      }
    }
  }

  @Test
  void firstFilterTouchesOnlyBinOneAndNyquistColumnIsZero() {
    float[][] filters = MelFilterBank.slaney(80, 400, 16000);
    for (int bin = 0; bin < 201; bin++) {
      if (bin != 1) {
        assertEquals(0f, filters[0][bin], "filter 0 bin " + bin);
      }
    }
    // edges of filter 0: 0, f1, f2 Hz with f_i = mel_to_hz(i * mel(8000) / 81), linear below 1 kHz
    double f1 = 45.245640471924965 / 81 * 200 / 3;
    double f2 = 2 * f1;
    double expected = (f2 - 40.0) / (f2 - f1) * 2.0 / f2;
    assertEquals(expected, filters[0][1], 1e-9);
    for (float[] filter : filters) {
      assertEquals(0f, filter[200]);
    }
  }

  @Test
  void unnormalisedTrianglesPartitionUnityBetweenTheSecondAndSecondToLastEdge() {
    // weight_i / (2 / (f_{i+2} - f_i)) are overlapping triangles that sum to 1 wherever two of them
    // overlap
    int nMels = 80;
    float[][] filters = MelFilterBank.slaney(nMels, 400, 16000);
    double maxMel = MelFilterBank.hzToMel(8000);
    double[] edges = new double[nMels + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = MelFilterBank.melToHz(maxMel * i / (nMels + 1));
    }
    int checked = 0;
    for (int bin = 0; bin < 201; bin++) {
      double hz = bin * 40.0;
      if (hz < edges[1] || hz > edges[nMels]) {
        continue;
      }
      double sum = 0;
      for (int band = 0; band < nMels; band++) {
        sum += filters[band][bin] * (edges[band + 2] - edges[band]) / 2.0;
      }
      assertEquals(1.0, sum, 1e-5, "bin " + bin);
      checked++;
    }
    assertEquals(192, checked); // bins 1..192: 40 Hz to 7680 Hz
  }

  @Test
  void slaneyScaleIsLinearBelowOneKilohertzAndLogarithmicAbove() {
    assertEquals(15.0, MelFilterBank.hzToMel(1000.0), 1e-12);
    assertEquals(45.245640471924965, MelFilterBank.hzToMel(8000.0), 1e-12);
    assertEquals(3.0, MelFilterBank.hzToMel(200.0), 1e-12);
    for (double hz : new double[] {0, 40, 999, 1000, 2500, 8000}) {
      assertEquals(hz, MelFilterBank.melToHz(MelFilterBank.hzToMel(hz)), 1e-9);
    }
    assertTrue(MelFilterBank.hzToMel(1001) > 15.0);
  }

  @Test
  void rejectsEmptyShapes() {
    assertThrows(IllegalArgumentException.class, () -> MelFilterBank.slaney(0, 400, 16000));
  }
}
