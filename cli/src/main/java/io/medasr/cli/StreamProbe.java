package io.medasr.cli;

import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionListener;
import io.medasr.client.Result;
import io.medasr.client.SpeechEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records when one stream's results, speech events and progress reports arrive, for {@code bench}. Confined to
 * its stream: gRPC calls it one callback at a time, and {@link #measurement} is read by the sending thread only
 * after {@code awaitCompletion} returned, which happens after the last callback.
 */
final class StreamProbe implements RecognitionListener {
  /** The server counts processed audio at 16 kHz; the client's length may differ by a sample or so. */
  private static final double PROCESSED_TOLERANCE_SECONDS = 0.001;
  private static final long NEVER = Long.MIN_VALUE;

  private final double streamedSeconds;
  private final LongSupplier clock;
  private long firstResultNanos = NEVER;
  private long firstInterimNanos = NEVER;
  private long lastInterimNanos = NEVER;
  private long lastFinalNanos = NEVER;
  private long allAudioProcessedNanos = NEVER;
  /** The largest arrival time minus processed audio: the stream's start away from its largest lag. */
  private long mostBehindNanos = NEVER;
  private int interims;
  private int finalResults;
  private int speechStarted;
  private int endsOfUtterance;
  private final List<String> finals = new ArrayList<>();

  /**
   * @param streamedSeconds all the audio the stream will carry, trailing silence included
   * @param clock {@link System#nanoTime} (tests pass their own)
   */
  StreamProbe(double streamedSeconds, LongSupplier clock) {
    this.streamedSeconds = streamedSeconds;
    this.clock = clock;
  }

  @Override
  public void onInterim(Result result) {
    long now = firstResult();
    firstInterimNanos = firstInterimNanos == NEVER ? now : firstInterimNanos;
    lastInterimNanos = now;
    interims++;
  }

  @Override
  public void onFinal(Result result) {
    lastFinalNanos = firstResult();
    finalResults++;
    if (!result.text().isBlank()) {
      finals.add(result.text().strip());
    }
  }

  private long firstResult() {
    long now = clock.getAsLong();
    firstResultNanos = firstResultNanos == NEVER ? now : firstResultNanos;
    return now;
  }

  @Override
  public void onSpeechEvent(SpeechEvent event) {
    if (event == SpeechEvent.SPEECH_STARTED) {
      speechStarted++;
    } else {
      endsOfUtterance++;
    }
  }

  @Override
  public void onAudioProcessed(double processedAudioSeconds) {
    long now = clock.getAsLong();
    mostBehindNanos = Math.max(mostBehindNanos, now - nanos(processedAudioSeconds));
    if (allAudioProcessedNanos == NEVER && processedAudioSeconds >= streamedSeconds - PROCESSED_TOLERANCE_SECONDS) {
      allAudioProcessedNanos = now;
    }
  }

  @Override
  public void onError(MedAsrException error) {}

  /** A server that never reported all the audio processed has done so when it completes the stream. */
  @Override
  public void onComplete() {
    if (allAudioProcessedNanos == NEVER) {
      allAudioProcessedNanos = clock.getAsLong();
    }
  }

  /**
   * The measurements of the completed stream.
   *
   * @param speech the file's speech, null when none was found
   * @param startNanos when the stream's first audio was due: audio at {@code t} s is due at {@code startNanos + t}
   * @param realtime whether the audio was sent at the pace of speech (the lag during the stream means nothing
   *     otherwise)
   */
  StreamMeasurement measurement(ManifestEntry entry, double audioSeconds, SpeechSpan speech, long startNanos,
      boolean realtime) {
    Double firstInterim = speech == null ? null : millisAfter(firstResultNanos, startNanos, speech.startSeconds());
    Double lastFinal = speech == null ? null : millisAfter(lastFinalNanos, startNanos, speech.endSeconds());
    Double lagAtEnd = millisAfter(allAudioProcessedNanos, startNanos, streamedSeconds);
    Double maxLag = realtime && mostBehindNanos != NEVER ? (mostBehindNanos - startNanos) / 1e6 : null;
    Double interval = interims < 2 ? null : (lastInterimNanos - firstInterimNanos) / 1e6 / (interims - 1);
    return new StreamMeasurement(entry, audioSeconds, speech, firstInterim, interval, lastFinal,
        lagAtEnd == null ? null : Math.max(0, lagAtEnd), maxLag == null ? null : Math.max(0, maxLag), interims,
        finalResults, speechStarted, endsOfUtterance, String.join(" ", finals), null, null);
  }

  /** Milliseconds from when audio at {@code audioSeconds} was due to {@code arrivalNanos}; null if it never came. */
  private static Double millisAfter(long arrivalNanos, long startNanos, double audioSeconds) {
    return arrivalNanos == NEVER ? null : (arrivalNanos - startNanos - nanos(audioSeconds)) / 1e6;
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
