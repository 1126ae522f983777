package io.medasr.bias;

import java.util.Arrays;

/**
 * (node, token) → child node, open addressing over packed longs: a trie of 50,000 phrases has about a million
 * edges, which boxed maps would hold in ten times the memory. Written while a trie is built, then only read.
 */
final class NodeTokenMap {
  private static final long EMPTY = -1L;

  private long[] keys = new long[1024];
  private int[] values = new int[1024];
  private int size;

  NodeTokenMap() {
    Arrays.fill(keys, EMPTY);
  }

  int get(int node, int token) {
    long key = key(node, token);
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
      if (keys[i] == EMPTY) {
        return -1;
      }
    }
  }

  void put(int node, int token, int child) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(key(node, token), child);
  }

  private void insert(long key, int value) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == EMPTY) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldValues.length * 2];
    Arrays.fill(keys, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static long key(int node, int token) {
    return ((long) node << 32) | (token & 0xFFFFFFFFL);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
