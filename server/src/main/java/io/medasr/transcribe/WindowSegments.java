package io.medasr.transcribe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one window's sampled tokens into segments at consecutive timestamp pairs and says where
 * the next window starts (openai transcribe.py): after the window when the text ends on a single
 * timestamp or has no pair, else at the last closing timestamp so an unfinished segment is decoded
 * again with its audio complete. Stateless.
 */
final class WindowSegments {
  /** Seconds per timestamp step. */
  static final double TIME_PRECISION = 0.02;
  /** Mel frames per timestamp step (encoder stride 2). */
  static final int INPUT_STRIDE = 2;
  static final double SECONDS_PER_FRAME = 0.01;

  /** A segment's times (seconds from the start of the audio) and tokens (timestamps included). */
  record Piece(double start, double end, int[] tokens) {}

  /**
   * @param seekAdvance mel frames to move the window start by
   */
  record Split(List<Piece> pieces, boolean singleTimestampEnding, int seekAdvance) {}

  private WindowSegments() {}

  /**
   * @param tokens sampled tokens without end-of-text
   * @param timeOffset window start in seconds
   * @param segmentSize real mel frames of the window (at most 3000)
   */
  static Split split(int[] tokens, int timestampBegin, double timeOffset, int segmentSize) {
    int n = tokens.length;
    boolean singleTimestampEnding =
        n >= 2 && tokens[n - 2] < timestampBegin && tokens[n - 1] >= timestampBegin;
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      if (tokens[i - 1] >= timestampBegin && tokens[i] >= timestampBegin) {
        cuts.add(i);
      }
    }
    List<Piece> pieces = new ArrayList<>();
    if (!cuts.isEmpty()) {
      if (singleTimestampEnding) {
        cuts.add(n);
      }
      int last = 0;
      for (int cut : cuts) {
        int[] slice = Arrays.copyOfRange(tokens, last, cut);
        pieces.add(new Piece(
            timeOffset + (slice[0] - timestampBegin) * TIME_PRECISION,
            timeOffset + (slice[slice.length - 1] - timestampBegin) * TIME_PRECISION,
            slice));
        last = cut;
      }
      int advance = singleTimestampEnding
          ? segmentSize
          : (tokens[last - 1] - timestampBegin) * INPUT_STRIDE;
      return new Split(pieces, singleTimestampEnding, advance);
    }
    double duration = segmentSize * SECONDS_PER_FRAME;
    for (int i = n - 1; i >= 0; i--) {
      if (tokens[i] >= timestampBegin) {
        if (tokens[i] != timestampBegin) {
          duration = (tokens[i] - timestampBegin) * TIME_PRECISION;
        }
        break;
      }
    }
    pieces.add(new Piece(timeOffset, timeOffset + duration, tokens.clone()));
    return new Split(pieces, singleTimestampEnding, segmentSize);
  }
}
