package io.medasr.whisper;

/**
 * Result of one teacher-forced decoder pass without cache over a whole token sequence.
 *
 * @param rows number of fed tokens
 * @param vocabSize width of a logits row
 * @param logits row-major [rows][vocabSize]; row r scores the token after token r
 * @param alignmentAttention cross-attention probabilities of the model's alignment heads,
 *     [head][row][encoder position] (softmax over all 1500 positions, as exported), or {@code null}
 *     when the export has no {@code cross_attentions.*} outputs
 */
public record ForcedDecoding(int rows, int vocabSize, float[] logits, float[][][] alignmentAttention) {

  public boolean hasAttention() {
    return alignmentAttention != null;
  }
}
