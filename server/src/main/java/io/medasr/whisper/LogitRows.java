package io.medasr.whisper;

import java.nio.FloatBuffer;

/**
 * Logits of the positions asked of one decoder call, in the order asked. Valid until the next call on the
 * decoder that produced it; copy a row out to keep it. Not thread-safe (a view of the decoder's buffer).
 */
public final class LogitRows {
  private final FloatBuffer values;
  private final int[] storedRows;
  private final int vocabSize;

  /**
   * @param values row-major [stored rows][vocabSize]
   * @param storedRows for each row of this view, its row in {@code values}
   */
  LogitRows(FloatBuffer values, int[] storedRows, int vocabSize) {
    for (int row : storedRows) {
      if (row < 0 || (long) (row + 1) * vocabSize > values.capacity()) {
        throw new IllegalArgumentException(
            "logits buffer holds " + values.capacity() + " values, no row " + row + " of " + vocabSize);
      }
    }
    this.values = values;
    this.storedRows = storedRows.clone();
    this.vocabSize = vocabSize;
  }

  public int rows() {
    return storedRows.length;
  }

  public int vocabSize() {
    return vocabSize;
  }

  /** Copies row {@code row} into {@code destination} (length at least {@link #vocabSize()}). */
  public void copyRow(int row, float[] destination) {
    values.get(storedRows[row] * vocabSize, destination, 0, vocabSize);
  }
}
