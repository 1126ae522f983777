package io.medasr.vad;

import java.util.List;

/**
 * What one call of a {@link VoiceActivityDetector} produced.
 *
 * @param firstFrame stream index of the frame of {@code probabilities[0]} (frame {@code i} covers samples
 *     {@code [512 i, 512 (i + 1))})
 * @param probabilities speech probability of each frame completed by the call (the caller's array)
 * @param events starts and ends decided by the call, in stream order
 * @param segments segments whose end was decided by the call
 */
public record VadUpdate(long firstFrame, float[] probabilities, List<VadEvent> events, List<SpeechSegment> segments) {

  public VadUpdate {
    events = List.copyOf(events);
    segments = List.copyOf(segments);
  }
}
