package io.medasr.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE over one pre-token: start from one token per byte and repeatedly merge the adjacent pair
 * with the lowest merge rank until no listed pair is left.
 *
 * <p>Thread-safe: the merge table is immutable after construction; results are memoised per pre-token in a
 * bounded concurrent cache that is emptied when full (pre-tokens repeat heavily in speech, so a cap is enough).
 */
final class BytePairEncoder {

  private static final int CACHE_LIMIT = 50_000;
  private static final long NO_PAIR = -1L;

  private final int[] byteTokens;

  /**
   * Open-addressing table from (left, right) token pair to (rank, merged token), both packed in a long: boxed
   * Long keys hash as left ^ right, which collides so badly on BPE pairs that lookups degrade by 100x.
   */
  private final long[] pairKeys;

  private final long[] pairMerges;
  private final int slotMask;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /**
   * @param byteTokens token id of each single byte, indexed by the unsigned byte value
   * @param merges     merge rules in rank order, as {left, right, merged} token ids; a repeated pair keeps its
   *                   first (lowest) rank
   */
  BytePairEncoder(int[] byteTokens, List<int[]> merges) {
    this.byteTokens = byteTokens.clone();
    int slots = Integer.highestOneBit(Math.max(2, merges.size()) * 2) * 2;
    pairKeys = new long[slots];
    pairMerges = new long[slots];
    Arrays.fill(pairKeys, NO_PAIR);
    slotMask = slots - 1;
    for (int rank = 0; rank < merges.size(); rank++) {
      int[] merge = merges.get(rank);
      long key = pairKey(merge[0], merge[1]);
      int slot = slotOf(key);
      if (pairKeys[slot] == NO_PAIR) {
        pairKeys[slot] = key;
        pairMerges[slot] = ((long) rank << 32) | (merge[2] & 0xFFFFFFFFL);
      }
    }
  }

  /** Token ids of one pre-token; the returned array must not be modified (it may be shared). */
  int[] encode(String preToken) {
    int[] cached = cache.get(preToken);
    if (cached != null) {
      return cached;
    }
    int[] tokens = merge(preToken.getBytes(StandardCharsets.UTF_8));
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(preToken, tokens);
    return tokens;
  }

  private int[] merge(byte[] utf8) {
    int[] parts = new int[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      parts[i] = byteTokens[utf8[i] & 0xFF];
    }
    int length = parts.length;
    while (length > 1) {
      int bestAt = -1;
      long best = Long.MAX_VALUE;
      for (int i = 0; i + 1 < length; i++) {
        long merge = lookup(parts[i], parts[i + 1]);
        // packed (rank, token): comparing the longs compares ranks
        if (merge != NO_PAIR && merge < best) {
          best = merge;
          bestAt = i;
        }
      }
      if (bestAt < 0) {
        break;
      }
      parts[bestAt] = (int) best;
      System.arraycopy(parts, bestAt + 2, parts, bestAt + 1, length - bestAt - 2);
      length--;
    }
    return Arrays.copyOf(parts, length);
  }

  /** The packed (rank, merged token) of a pair, or {@link #NO_PAIR}. */
  private long lookup(int left, int right) {
    long key = pairKey(left, right);
    int slot = slotOf(key);
    return pairKeys[slot] == key ? pairMerges[slot] : NO_PAIR;
  }

  /** The slot holding {@code key}, or the empty slot where it belongs (linear probing). */
  private int slotOf(long key) {
    int slot = (int) mix(key) & slotMask;
    while (pairKeys[slot] != NO_PAIR && pairKeys[slot] != key) {
      slot = (slot + 1) & slotMask;
    }
    return slot;
  }

  private static long pairKey(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  /** SplitMix64 finaliser: spreads every key bit over the slot index. */
  private static long mix(long key) {
    long z = (key ^ (key >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
