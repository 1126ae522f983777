package io.medasr.vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Voice activity of one 16 kHz stream: takes samples in chunks of any size, scores each complete 512-sample
 * frame with its {@link VoiceActivity} and turns the probabilities into speech segments and
 * SPEECH_STARTED / SPEECH_ENDED events as {@link VadConfig} says. The result depends only on the samples, not
 * on how they were cut into chunks.
 *
 * <p>Memory stays constant whatever is fed: one frame of samples, the scorer's state and the segmenter's
 * few positions. Not thread-safe: one stream, one thread at a time.
 */
public final class VoiceActivityDetector {
  private static final float[] NO_PROBABILITIES = new float[0];

  private final VoiceActivity activity;
  private final VadConfig config;
  private final float[] frame = new float[VadFormat.FRAME_SAMPLES];
  private SpeechSegmenter segmenter;
  private int buffered;
  private long samples;
  private boolean finished;

  public VoiceActivityDetector(VoiceActivity activity, VadConfig config) {
    this.activity = Objects.requireNonNull(activity, "activity");
    this.config = Objects.requireNonNull(config, "config");
    this.segmenter = new SpeechSegmenter(config);
  }

  public VadUpdate accept(float[] chunk) {
    return accept(chunk, 0, chunk.length);
  }

  /**
   * Feeds {@code length} samples of {@code chunk} from {@code offset}.
   *
   * @throws IllegalStateException after {@link #finish()}, until {@link #reset()}
   */
  public VadUpdate accept(float[] chunk, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    requireOpen();
    long firstFrame = segmenter.frames();
    float[] probabilities = new float[(buffered + length) / VadFormat.FRAME_SAMPLES];
    List<VadEvent> events = new ArrayList<>();
    List<SpeechSegment> segments = new ArrayList<>();
    int scored = 0;
    int end = offset + length;
    for (int from = offset; from < end; ) {
      int take = Math.min(end - from, VadFormat.FRAME_SAMPLES - buffered);
      System.arraycopy(chunk, from, frame, buffered, take);
      buffered += take;
      from += take;
      if (buffered == VadFormat.FRAME_SAMPLES) {
        float probability = activity.score(frame);
        probabilities[scored++] = probability;
        segmenter.frame(probability, events, segments);
        buffered = 0;
      }
    }
    samples += length;
    return new VadUpdate(firstFrame, probabilities, events, segments);
  }

  /**
   * Ends the stream: scores a partial last frame padded with zeros, and ends an open segment at the last
   * sample.
   */
  public VadUpdate finish() {
    requireOpen();
    finished = true;
    long firstFrame = segmenter.frames();
    float[] probabilities = NO_PROBABILITIES;
    List<VadEvent> events = new ArrayList<>();
    List<SpeechSegment> segments = new ArrayList<>();
    if (buffered > 0) {
      Arrays.fill(frame, buffered, VadFormat.FRAME_SAMPLES, 0f);
      probabilities = new float[] {activity.score(frame)};
      segmenter.partialFrame(probabilities[0], events, segments);
      buffered = 0;
    }
    segmenter.finish(samples, events, segments);
    return new VadUpdate(firstFrame, probabilities, events, segments);
  }

  /** Starts a new stream at sample 0 with fresh scorer state. */
  public void reset() {
    activity.reset();
    segmenter = new SpeechSegmenter(config);
    buffered = 0;
    samples = 0;
    finished = false;
  }

  /** Samples fed since the start (or the last {@link #reset()}). */
  public long samples() {
    return samples;
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("the stream has finished; reset() starts a new one");
    }
  }
}
