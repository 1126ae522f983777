package io.medasr.vad;

import java.util.List;

/**
 * silero-vad's {@code get_speech_timestamps_from_probs} (v6.2.3, infinite {@code max_speech_duration_s}) run
 * one frame at a time, deciding each start and end as soon as no later frame can change it: at the end of
 * the stream the segments are exactly silero's for the same probabilities and length.
 *
 * <ul>
 *   <li>A start is announced once the open segment is sure to be kept: its end can no longer come before
 *       {@code start + minSpeech} (the end is at least where the current silence began, or, with none, the
 *       next frame). So {@code SPEECH_STARTED} comes about {@code minSpeechMs} after the speech began.
 *   <li>An end is announced once the padding is fixed: a later segment that starts less than two paddings
 *       after it would split the gap with it instead, so the end waits for that segment or for the stream to
 *       pass that point (at once with the defaults, where the silence that ends a segment is longer).
 * </ul>
 *
 * Constant memory; not thread-safe.
 */
final class SpeechSegmenter {
  private final double threshold;
  private final double negThreshold;
  private final long minSpeech;
  private final long minSilence;
  private final long pad;

  private long frames;
  private boolean triggered;
  /** Raw start of the open segment (first frame at or above the threshold). */
  private long start;
  /** Where the open segment's current silence began; 0 = none (silero's convention: it is never 0 in use). */
  private long silenceStart;
  /** Whether SPEECH_STARTED went out for the open segment, and at which padded position. */
  private boolean announced;
  private long announcedStart;
  /** The last kept segment, while its padded end may still depend on the next one. */
  private boolean pending;
  private long pendingStart;
  private long pendingRawEnd;

  SpeechSegmenter(VadConfig config) {
    this.threshold = config.threshold();
    this.negThreshold = config.negThreshold();
    this.minSpeech = VadFormat.samples(config.minSpeechMs());
    this.minSilence = VadFormat.samples(config.minSilenceMs());
    this.pad = VadFormat.samples(config.speechPadMs());
  }

  long frames() {
    return frames;
  }

  /** The next frame's probability, from a frame of real samples (the stream goes on past it). */
  void frame(float probability, List<VadEvent> events, List<SpeechSegment> segments) {
    step(probability, events, segments);
    long next = frames * VadFormat.FRAME_SAMPLES;
    boolean nextMayShareGap = triggered && start - pendingRawEnd < 2 * pad;
    if (pending && !nextMayShareGap && next - pendingRawEnd >= 2 * pad) {
      endPending(pendingRawEnd + pad, events, segments);
    }
    long earliestEnd = silenceStart != 0 ? silenceStart : next;
    if (triggered && !announced && earliestEnd - start > minSpeech) {
      announce(events, segments);
    }
  }

  /** The probability of the stream's last frame when it was partial (zero-padded, as silero pads it). */
  void partialFrame(float probability, List<VadEvent> events, List<SpeechSegment> segments) {
    step(probability, events, segments);
  }

  /** Ends the stream after {@code streamSamples} samples; call once, after the last frame. */
  void finish(long streamSamples, List<VadEvent> events, List<SpeechSegment> segments) {
    if (triggered && streamSamples - start > minSpeech) {
      // silero ends an open segment at the end of the audio, even inside a silence shorter than minSilence
      if (!announced) {
        announce(events, segments);
      }
      events.add(new VadEvent(VadEvent.Type.SPEECH_ENDED, streamSamples));
      segments.add(new SpeechSegment(announcedStart, streamSamples));
    } else if (pending) {
      endPending(Math.min(streamSamples, pendingRawEnd + pad), events, segments);
    }
    triggered = false;
    pending = false;
  }

  /** The body of silero's loop for one frame. */
  private void step(float probability, List<VadEvent> events, List<SpeechSegment> segments) {
    long position = frames * VadFormat.FRAME_SAMPLES;
    frames++;
    if (probability >= threshold) {
      silenceStart = 0;
      if (!triggered) {
        triggered = true;
        start = position;
        announced = false;
      }
    } else if (probability < negThreshold && triggered) {
      if (silenceStart == 0) {
        silenceStart = position;
      }
      if (position - silenceStart >= minSilence) {
        close(silenceStart, events, segments);
      }
    }
  }

  private void close(long rawEnd, List<VadEvent> events, List<SpeechSegment> segments) {
    triggered = false;
    silenceStart = 0;
    if (rawEnd - start > minSpeech) {
      if (!announced) {
        announce(events, segments);
      }
      pending = true;
      pendingStart = announcedStart;
      pendingRawEnd = rawEnd;
    }
  }

  /** SPEECH_STARTED for the open segment, after fixing the previous segment's end against it. */
  private void announce(List<VadEvent> events, List<SpeechSegment> segments) {
    long padding = pad;
    if (pending) {
      long gap = start - pendingRawEnd;
      if (gap < 2 * pad) {
        padding = gap / 2;
      }
      endPending(pendingRawEnd + padding, events, segments);
    }
    announced = true;
    announcedStart = Math.max(0, start - padding);
    events.add(new VadEvent(VadEvent.Type.SPEECH_STARTED, announcedStart));
  }

  private void endPending(long end, List<VadEvent> events, List<SpeechSegment> segments) {
    pending = false;
    events.add(new VadEvent(VadEvent.Type.SPEECH_ENDED, end));
    segments.add(new SpeechSegment(pendingStart, end));
  }
}
