package io.medasr.wer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alignment of a reference token sequence with a hypothesis token sequence, chunked exactly as jiwer's
 * {@code process_words} output (rapidfuzz {@code Levenshtein.opcodes}). Immutable and thread-safe.
 *
 * @param reference reference tokens (words or characters)
 * @param hypothesis hypothesis tokens
 * @param chunks consecutive chunks covering both sequences from start to end
 */
public record Alignment(List<String> reference, List<String> hypothesis, List<AlignmentChunk> chunks) {
  public Alignment {
    reference = List.copyOf(reference);
    hypothesis = List.copyOf(hypothesis);
    chunks = List.copyOf(chunks);
  }

  /** Aligns two token sequences; equal strings are equal tokens. */
  public static Alignment of(List<String> reference, List<String> hypothesis) {
    Map<String, Integer> ids = new HashMap<>();
    int[] ref = reference.stream().mapToInt(t -> ids.computeIfAbsent(t, k -> ids.size())).toArray();
    int[] hyp = hypothesis.stream().mapToInt(t -> ids.computeIfAbsent(t, k -> ids.size())).toArray();
    return new Alignment(reference, hypothesis, opcodes(Levenshtein.editops(ref, hyp), ref.length, hyp.length));
  }

  /** Counts over this alignment. */
  public ErrorCounts counts() {
    long hits = 0;
    long substitutions = 0;
    long deletions = 0;
    long insertions = 0;
    for (AlignmentChunk c : chunks) {
      switch (c.type()) {
        case EQUAL -> hits += c.refEnd() - c.refStart();
        case SUBSTITUTE -> substitutions += c.refEnd() - c.refStart();
        case DELETE -> deletions += c.refEnd() - c.refStart();
        case INSERT -> insertions += c.hypEnd() - c.hypStart();
      }
    }
    return new ErrorCounts(hits, substitutions, deletions, insertions);
  }

  /** rapidfuzz's {@code Editops.as_opcodes}: equal runs between edits, adjacent edits of one kind merged. */
  private static List<AlignmentChunk> opcodes(List<Levenshtein.Editop> ops, int srcLength, int destLength) {
    List<AlignmentChunk> chunks = new ArrayList<>();
    int src = 0;
    int dest = 0;
    int k = 0;
    while (k < ops.size()) {
      Levenshtein.Editop op = ops.get(k);
      if (src < op.src() || dest < op.dest()) {
        chunks.add(new AlignmentChunk(AlignmentChunk.Type.EQUAL, src, op.src(), dest, op.dest()));
        src = op.src();
        dest = op.dest();
      }
      int srcBegin = src;
      int destBegin = dest;
      Levenshtein.EditType type = op.type();
      while (k < ops.size() && ops.get(k).type() == type && ops.get(k).src() == src
          && ops.get(k).dest() == dest) {
        switch (type) {
          case REPLACE -> {
            src++;
            dest++;
          }
          case DELETE -> src++;
          case INSERT -> dest++;
        }
        k++;
      }
      AlignmentChunk.Type chunkType = switch (type) {
        case REPLACE -> AlignmentChunk.Type.SUBSTITUTE;
        case DELETE -> AlignmentChunk.Type.DELETE;
        case INSERT -> AlignmentChunk.Type.INSERT;
      };
      chunks.add(new AlignmentChunk(chunkType, srcBegin, src, destBegin, dest));
    }
    if (src < srcLength || dest < destLength) {
      chunks.add(new AlignmentChunk(AlignmentChunk.Type.EQUAL, src, srcLength, dest, destLength));
    }
    return chunks;
  }
}
