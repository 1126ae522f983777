package io.medasr.vad;

/** Speech between two stream positions, padded as {@link VadConfig} says: samples {@code [start, end)}. */
public record SpeechSegment(long startSample, long endSample) {

  public double startSeconds() {
    return VadFormat.seconds(startSample);
  }

  public double endSeconds() {
    return VadFormat.seconds(endSample);
  }
}
