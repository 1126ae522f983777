package io.medasr.vad;

/** A change of a stream's voice activity, at a stream position (padded as {@link VadConfig} says). */
public record VadEvent(Type type, long sample) {

  public enum Type {
    /** A segment that will be kept has begun at {@code sample}. */
    SPEECH_STARTED,
    /** The segment begun by the last {@link #SPEECH_STARTED} ends at {@code sample} (exclusive). */
    SPEECH_ENDED
  }

  public double seconds() {
    return VadFormat.seconds(sample);
  }
}
