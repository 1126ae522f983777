package io.medasr.whisper;

import java.nio.FloatBuffer;

/**
 * Logits of the positions fed to one decoder call, row-major [rows][vocabSize]. Valid until the
 * next call on the decoder that produced it; copy a row out to keep it. Not thread-safe (a view
 * of the decoder's buffer).
 */
public final class LogitRows {
  private final FloatBuffer values;
  private final int rows;
  private final int vocabSize;

  LogitRows(FloatBuffer values, int rows, int vocabSize) {
    if ((long) rows * vocabSize > values.capacity()) {
      throw new IllegalArgumentException(
          "logits buffer holds " + values.capacity() + " values, need " + rows + "x" + vocabSize);
    }
    this.values = values;
    this.rows = rows;
    this.vocabSize = vocabSize;
  }

  public int rows() {
    return rows;
  }

  public int vocabSize() {
    return vocabSize;
  }

  /** Copies row {@code row} into {@code destination} (length at least {@link #vocabSize()}). */
  public void copyRow(int row, float[] destination) {
    values.get(row * vocabSize, destination, 0, vocabSize);
  }
}
