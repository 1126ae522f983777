package io.medasr.audio;

import java.util.Arrays;

/** A growable float array for collecting decoder output. Not thread-safe. */
public final class FloatList {
  private float[] values;
  private int size;

  public FloatList(int initialCapacity) {
    values = new float[Math.max(16, initialCapacity)];
  }

  void add(float value) {
    ensureRoom(1);
    values[size++] = value;
  }

  void addAll(float[] source, int offset, int length) {
    ensureRoom(length);
    System.arraycopy(source, offset, values, size, length);
    size += length;
  }

  public void addAll(float[] source) {
    addAll(source, 0, source.length);
  }

  public int size() {
    return size;
  }

  public float[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** Returns the contents and empties the list, keeping its capacity for the next chunk. */
  float[] drain() {
    float[] contents = toArray();
    size = 0;
    return contents;
  }

  private void ensureRoom(int extra) {
    if (size + extra > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + extra));
    }
  }
}
