package io.medasr.stream;

import io.medasr.align.WordTiming;
import io.medasr.bias.Biasing;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.whisper.InferenceRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One dictation stream: 16 kHz samples in, interim and final results out.
 *
 * <p>Audio is buffered up to one 30 s Whisper window. When the window is full it is decoded and every segment
 * but the last is committed as final; the last segment's audio stays in the buffer and is decoded again with
 * the audio that follows, so a word cut by the window edge is never committed half-heard. At the end of the
 * audio the rest of the buffer is decoded and committed. With interim results on, the buffer is decoded
 * again each time {@code interimIntervalSeconds} of new audio has arrived, and never before twice the last
 * interim decode's time has passed in audio, so that interims cannot make a stream fall behind real time.
 *
 * <p>Not thread-safe: one caller feeds a session, and results are delivered on the caller's thread.
 */
public final class StreamingSession {
  private static final int SAMPLE_RATE = 16000;
  private static final int WINDOW_SAMPLES = 30 * SAMPLE_RATE;
  /**
   * Audio memory a session holds at most: its window buffer, the copy a decode works on, and that copy's
   * log-mel features with Whisper's 30 s of padding (80 floats per 160 samples).
   */
  public static final long MEMORY_BYTES = 2L * WINDOW_SAMPLES * Float.BYTES + 2L * WINDOW_SAMPLES / 160 * 80 * Float.BYTES;

  private final Transcriber transcriber;
  private final StreamingOptions options;
  private TranscribeOptions finalOptions;
  private TranscribeOptions interimOptions;
  private final Consumer<RecognitionResult> listener;
  private final InferenceRun run;
  private final int interimIntervalSamples;

  private final float[] buffer = new float[WINDOW_SAMPLES];
  private int buffered;
  private long bufferStartSample;
  private long receivedSamples;
  /** Buffer fill at which the next interim decode is due. */
  private int nextInterimAt;
  private List<String> previousInterimWords = List.of();

  /**
   * @param listener receives every result, on the thread that called {@link #accept} or {@link #finish}
   * @param run the call's model runs; once it is cancelled, decoding stops with a
   *     {@link java.util.concurrent.CancellationException}
   */
  public StreamingSession(Transcriber transcriber, StreamingOptions options, Consumer<RecognitionResult> listener,
      InferenceRun run) {
    this.transcriber = transcriber;
    this.run = run;
    this.options = options;
    this.finalOptions = options.transcribe();
    this.interimOptions = interimOptions(finalOptions);
    this.listener = listener;
    this.interimIntervalSamples = (int) Math.round(options.interimIntervalSeconds() * SAMPLE_RATE);
    this.nextInterimAt = interimIntervalSamples;
  }

  /**
   * Interim text is redrawn within a second; fallback retries, word alignment and a prompt-biased second decode
   * would only delay it.
   */
  private static TranscribeOptions interimOptions(TranscribeOptions finalOptions) {
    return finalOptions.withTemperatures(List.of(0.0)).withWordTimestamps(false)
        .withBiasing(finalOptions.biasing().withoutPromptTerms());
  }

  /** Biases every decode from now on toward {@code biasing} (a mid-stream phrase update). */
  public void setBiasing(Biasing biasing) {
    finalOptions = finalOptions.withBiasing(biasing);
    interimOptions = interimOptions(finalOptions);
  }

  /** Seconds of audio received so far. */
  public double receivedSeconds() {
    return (double) receivedSamples / SAMPLE_RATE;
  }

  /** Adds audio; decodes and reports whatever became ready. The caller bounds the stream's length. */
  public void accept(float[] samples) {
    receivedSamples += samples.length;
    int offset = 0;
    while (offset < samples.length) {
      int n = Math.min(samples.length - offset, WINDOW_SAMPLES - buffered);
      System.arraycopy(samples, offset, buffer, buffered, n);
      buffered += n;
      offset += n;
      if (buffered == WINDOW_SAMPLES) {
        commitWindow();
      }
    }
    if (options.interimResults() && buffered >= nextInterimAt) {
      emitInterim();
    }
  }

  /** The audio ended: decodes and commits everything still buffered. */
  public void finish() {
    if (buffered > 0) {
      Transcription transcription = decode(finalOptions);
      for (Segment segment : transcription.segments()) {
        emitFinal(segment);
      }
      bufferStartSample += buffered;
      buffered = 0;
    }
  }

  private void commitWindow() {
    Transcription transcription = decode(finalOptions);
    List<Segment> segments = transcription.segments();
    int keepFrom = buffered;
    int committed = segments.size();
    if (segments.size() >= 2) {
      int lastStart = (int) Math.round(segments.get(segments.size() - 1).start() * SAMPLE_RATE);
      if (lastStart > 0 && lastStart < buffered) {
        keepFrom = lastStart;
        committed = segments.size() - 1;
      }
    }
    for (Segment segment : segments.subList(0, committed)) {
      emitFinal(segment);
    }
    System.arraycopy(buffer, keepFrom, buffer, 0, buffered - keepFrom);
    buffered -= keepFrom;
    bufferStartSample += keepFrom;
    nextInterimAt = interimIntervalSamples;
    previousInterimWords = List.of();
  }

  private void emitFinal(Segment segment) {
    String text = segment.text().strip();
    if (text.isEmpty()) {
      return;
    }
    double offset = (double) bufferStartSample / SAMPLE_RATE;
    listener.accept(new RecognitionResult(true, offset + segment.start(), offset + segment.end(), text,
        shift(segment.words(), offset), RecognitionResult.confidenceOf(segment.avgLogprob()), 1f,
        segment.vocabulary()));
  }

  private void emitInterim() {
    long started = System.nanoTime();
    Transcription transcription = decode(interimOptions);
    // An interim re-decodes the whole buffer; waiting for at least twice its decode time in new audio keeps
    // interims to half the stream's compute, so a slow machine still keeps up with the speaker.
    int decodeSamples = (int) ((System.nanoTime() - started) * SAMPLE_RATE / 1_000_000_000L);
    nextInterimAt = buffered + Math.max(interimIntervalSamples, 2 * decodeSamples);
    String text = transcription.text().strip();
    if (text.isEmpty()) {
      return;
    }
    List<String> words = List.of(text.split("\\s+"));
    float stability = (float) agreedPrefix(previousInterimWords, words) / words.size();
    previousInterimWords = words;
    double offset = (double) bufferStartSample / SAMPLE_RATE;
    double avgLogprob = transcription.segments().stream().mapToDouble(Segment::avgLogprob).average().orElse(0);
    listener.accept(new RecognitionResult(false, offset, offset + (double) buffered / SAMPLE_RATE, text,
        List.of(), RecognitionResult.confidenceOf(avgLogprob), stability, Set.of()));
  }

  private Transcription decode(TranscribeOptions decodeOptions) {
    return transcriber.transcribe(Arrays.copyOf(buffer, buffered), decodeOptions, window -> {}, run);
  }

  private static int agreedPrefix(List<String> previous, List<String> current) {
    int n = 0;
    while (n < previous.size() && n < current.size() && previous.get(n).equals(current.get(n))) {
      n++;
    }
    return n;
  }

  private static List<WordTiming> shift(List<WordTiming> words, double offset) {
    List<WordTiming> shifted = new ArrayList<>(words.size());
    for (WordTiming w : words) {
      shifted.add(new WordTiming(w.word(), w.start() + offset, w.end() + offset, w.probability()));
    }
    return shifted;
  }
}
