package io.medasr.wer;

/**
 * Edit counts of one alignment or of a sum of alignments, and the measures jiwer derives from them. Global
 * figures are computed from summed counts, never by averaging per-utterance rates.
 *
 * <p>Definitions (jiwer 4.0, {@code process_words}), with N = H + S + D reference tokens and
 * M = H + S + I hypothesis tokens: WER = (S + D + I) / N; MER = (S + D + I) / (H + S + D + I);
 * WIP = (H / N) * (H / M), or 0 when M = 0; WIL = 1 - WIP. An empty reference (N = 0) is not an error in jiwer:
 * WER is then the bare insertion count I (not a ratio), MER is 0 and WIP is 1 when the hypothesis is empty too,
 * otherwise MER is 1 and WIP is 0.
 *
 * @param hits tokens the hypothesis got right
 * @param substitutions reference tokens replaced by another token
 * @param deletions reference tokens missing from the hypothesis
 * @param insertions hypothesis tokens with no reference counterpart
 */
public record ErrorCounts(long hits, long substitutions, long deletions, long insertions) {
  public static final ErrorCounts ZERO = new ErrorCounts(0, 0, 0, 0);

  public ErrorCounts {
    if (hits < 0 || substitutions < 0 || deletions < 0 || insertions < 0) {
      throw new IllegalArgumentException("edit counts must not be negative");
    }
  }

  public ErrorCounts plus(ErrorCounts other) {
    return new ErrorCounts(hits + other.hits, substitutions + other.substitutions, deletions + other.deletions,
        insertions + other.insertions);
  }

  public long referenceLength() {
    return hits + substitutions + deletions;
  }

  public long hypothesisLength() {
    return hits + substitutions + insertions;
  }

  public long errors() {
    return substitutions + deletions + insertions;
  }

  /** Word (or, over characters, character) error rate as a fraction; see the class comment for N = 0. */
  public double errorRate() {
    if (referenceLength() == 0) {
      return insertions;
    }
    return (double) errors() / (double) referenceLength();
  }

  public double matchErrorRate() {
    if (referenceLength() == 0) {
      return hypothesisLength() == 0 ? 0 : 1;
    }
    return (double) errors() / (double) (hits + substitutions + deletions + insertions);
  }

  public double wordInformationPreserved() {
    if (referenceLength() == 0) {
      return hypothesisLength() == 0 ? 1 : 0;
    }
    if (hypothesisLength() == 0) {
      return 0;
    }
    return ((double) hits / referenceLength()) * ((double) hits / hypothesisLength());
  }

  public double wordInformationLost() {
    return 1 - wordInformationPreserved();
  }
}
