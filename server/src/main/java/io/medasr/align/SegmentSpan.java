package io.medasr.align;

/**
 * A decoded segment to put word times on.
 *
 * @param start segment start in seconds from the start of the audio
 * @param end segment end in seconds
 * @param textTokens the segment's text tokens (timestamps and specials removed)
 */
public record SegmentSpan(double start, double end, int[] textTokens) {}
