package io.medasr.bias;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick trie over the token sequences of bias phrases, scored as icefall's {@code ContextGraph}
 * (see docs/biasing.md): each token of a phrase earns its phrase's per-token boost, a completed phrase earns its
 * whole score once more, and a partial match that is abandoned gives back what it had earned (revocation), so a
 * hypothesis gains only from phrases it completes.
 *
 * <p>Immutable once built, so one trie serves every call at once. Nodes are ints; node 0 is the root. A step
 * from a node costs the walk of its failure chain, never the size of the trie.
 */
public final class PhraseTrie {
  /** One phrase as tokens. {@code tokenBoost} is added per token; {@code phrase} is what a match reports. */
  public record Entry(int[] tokens, float tokenBoost, String phrase) {}

  static final int ROOT = 0;

  private final int[] token;
  private final int[] depth;
  private final int[] fail;
  private final int[] firstChild;
  private final int[] nextSibling;
  /** The end node nearest along the failure links, or -1. */
  private final int[] output;
  private final float[] nodeScore;
  private final float[] outputScore;
  /** Phrase completed at the node, or null. */
  private final String[] phrase;
  private final NodeTokenMap children;

  private PhraseTrie(Builder b) {
    int n = b.size;
    this.token = Arrays.copyOf(b.token, n);
    this.depth = Arrays.copyOf(b.depth, n);
    this.firstChild = Arrays.copyOf(b.firstChild, n);
    this.nextSibling = Arrays.copyOf(b.nextSibling, n);
    this.nodeScore = Arrays.copyOf(b.nodeScore, n);
    this.phrase = Arrays.copyOf(b.phrase, n);
    this.children = b.children;
    this.fail = new int[n];
    this.output = new int[n];
    this.outputScore = new float[n];
    linkFailures();
  }

  /** Builds the trie of {@code entries}; a prefix shared by several phrases keeps the largest boost. */
  public static PhraseTrie of(List<Entry> entries) {
    Builder builder = new Builder();
    for (Entry entry : entries) {
      builder.add(entry);
    }
    return new PhraseTrie(builder);
  }

  /** Nodes, the root included. */
  public int size() {
    return token.length;
  }

  /** Breadth-first failure links (standard Aho-Corasick), then the output links and scores they imply. */
  private void linkFailures() {
    Arrays.fill(output, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = firstChild[ROOT]; c >= 0; c = nextSibling[c]) {
      fail[c] = ROOT;
      queue.add(c);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      int failNode = fail[node];
      output[node] = phrase[failNode] != null ? failNode : output[failNode];
      outputScore[node] = (phrase[node] != null ? nodeScore[node] : 0)
          + (output[node] >= 0 ? outputScore[output[node]] : 0);
      for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
        int f = failNode;
        int next = children.get(f, token[c]);
        while (next < 0 && f != ROOT) {
          f = fail[f];
          next = children.get(f, token[c]);
        }
        fail[c] = next >= 0 && next != c ? next : ROOT;
        queue.add(c);
      }
    }
  }

  /**
   * The move from {@code state} on {@code nextToken}: the node reached and the score it earns, the score
   * {@code state} had earned being given back when the match is abandoned.
   */
  void step(int state, int nextToken, Move move) {
    int node = children.get(state, nextToken);
    float score;
    if (node >= 0) {
      score = nodeScore[node] - nodeScore[state];
    } else {
      int f = state;
      node = -1;
      while (f != ROOT && node < 0) {
        f = fail[f];
        node = children.get(f, nextToken);
      }
      if (node < 0) {
        node = ROOT;
      }
      score = nodeScore[node] - nodeScore[state];
    }
    move.node = node;
    move.score = score + outputScore[node];
    int completed = phrase[node] != null ? node : output[node];
    move.completed = completed >= 0 ? phrase[completed] : null;
    move.completedLength = completed >= 0 ? depth[completed] : 0;
  }

  /** What giving up {@code state} at the end of a hypothesis costs. */
  float finish(int state) {
    return -nodeScore[state];
  }

  /**
   * Adds to {@code scores} each token's advantage over abandoning {@code state}: the score of the node the
   * token reaches plus what it completes. Only tokens some phrase continues with are touched.
   */
  void addBoosts(int state, float[] scores, Boosts applied) {
    for (int f = state; ; f = fail[f]) {
      for (int c = firstChild[f]; c >= 0; c = nextSibling[c]) {
        int t = token[c];
        if (t < scores.length && !applied.has(t)) {
          applied.add(t, nodeScore[c] + outputScore[c], scores);
        }
      }
      if (f == ROOT) {
        return;
      }
    }
  }

  /** Result of {@link #step}; reused by one decoder. */
  static final class Move {
    int node;
    float score;
    String completed;
    int completedLength;
  }

  /** Grows the trie; child lookups go through one open-addressing map of (node, token) pairs. */
  private static final class Builder {
    int size;
    int[] token = new int[64];
    int[] depth = new int[64];
    int[] firstChild = new int[64];
    int[] nextSibling = new int[64];
    float[] nodeScore = new float[64];
    String[] phrase = new String[64];
    final NodeTokenMap children = new NodeTokenMap();

    Builder() {
      newNode(-1, 0, 0);
    }

    void add(Entry entry) {
      int node = ROOT;
      for (int t : entry.tokens()) {
        int child = children.get(node, t);
        if (child < 0) {
          child = newNode(t, depth[node] + 1, nodeScore[node] + entry.tokenBoost());
          nextSibling[child] = firstChild[node];
          firstChild[node] = child;
          children.put(node, t, child);
        } else {
          nodeScore[child] = Math.max(nodeScore[child], nodeScore[node] + entry.tokenBoost());
        }
        node = child;
      }
      if (node != ROOT && phrase[node] == null) {
        phrase[node] = entry.phrase();
      }
    }

    private int newNode(int t, int d, float score) {
      if (size == token.length) {
        int capacity = size * 2;
        token = Arrays.copyOf(token, capacity);
        depth = Arrays.copyOf(depth, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        nextSibling = Arrays.copyOf(nextSibling, capacity);
        nodeScore = Arrays.copyOf(nodeScore, capacity);
        phrase = Arrays.copyOf(phrase, capacity);
      }
      token[size] = t;
      depth[size] = d;
      firstChild[size] = -1;
      nextSibling[size] = -1;
      nodeScore[size] = score;
      return size++;
    }
  }
}
