package io.medasr.wer;

/**
 * A run of one kind of edit, as jiwer's {@code AlignmentChunk}: reference tokens {@code [refStart, refEnd)}
 * against hypothesis tokens {@code [hypStart, hypEnd)}.
 */
public record AlignmentChunk(Type type, int refStart, int refEnd, int hypStart, int hypEnd) {
  /** The kind of a chunk. */
  public enum Type { EQUAL, SUBSTITUTE, DELETE, INSERT }

  public AlignmentChunk {
    if (refStart > refEnd || hypStart > hypEnd) {
      throw new IllegalArgumentException("chunk ends before it starts");
    }
  }
}
