package io.medasr.stream;

import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
import io.medasr.bias.Biasing;
import io.medasr.correct.Corrector;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.vad.VadBackend;
import io.medasr.vad.VadConfig;
import io.medasr.vad.VadEvent;
import io.medasr.vad.VadFormat;
import io.medasr.vad.VadUpdate;
import io.medasr.vad.VoiceActivityDetector;
import io.medasr.whisper.InferenceRun;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One dictation stream: 16 kHz samples in; speech events, interim and final results out.
 *
 * <p>A voice-activity detector finds utterances. Only an utterance's audio is decoded, and only the part of it
 * whose words are not final yet, with up to {@code finalContextSeconds} of final words before them (the tail):
 *
 * <ul>
 *   <li>every {@code decodeIntervalSeconds} of speech the tail from the last final word on is decoded with the
 *       final text before it as prompt, and the words on which this hypothesis and the previous one agree, up to
 *       the first word the decoder doubted, become final ({@link LocalAgreement});
 *   <li>once the speaker has paused for {@value #PAUSE_DECODE_MS} ms the whole tail is decoded up to where the
 *       endpoint would put the end of speech (unless the last decode already heard all of it), so that when the
 *       silence reaches the endpoint the final words are ready; if speech resumes first, that decode served as
 *       an ordinary one;
 *   <li>at the endpoint every remaining word becomes final and END_OF_UTTERANCE follows; an utterance that
 *       reaches the maximum length is ended the same way and a new one begins at once.
 * </ul>
 *
 * Silence costs no decodes. Memory is bounded whatever the client sends: a second of recent audio (the speech
 * start is known only some frames after it), a tail of at most {@value #MAX_TAIL_SECONDS} s (past it the words
 * that end more than {@value #FORCED_KEEP_SECONDS} s before its end are made final), the tentative words and a
 * prompt of at most {@value #PROMPT_CHARS} characters.
 *
 * <p>Results and events are in stream time (seconds from the first sample) and in stream order. Not
 * thread-safe: one caller feeds a session, and the listener is called on the caller's thread.
 */
public final class StreamingSession {
  private static final int SAMPLE_RATE = VadFormat.SAMPLE_RATE;
  static final int MAX_TAIL_SECONDS = 24;
  static final int FORCED_KEEP_SECONDS = 4;
  static final int PAUSE_DECODE_MS = 96;
  /** whisper_streaming's prompt: the last 200 characters of final text. */
  static final int PROMPT_CHARS = 200;
  static final int MAX_TAIL_SAMPLES = MAX_TAIL_SECONDS * SAMPLE_RATE;
  static final int RECENT_SAMPLES = SAMPLE_RATE;
  /** With keepUpWithRealTime, interval decodes stop while the audio waits longer than this to be processed. */
  private static final double MAX_LAG_SECONDS = 0.5;
  /**
   * With keepUpWithRealTime, the share of a worker's time that the interval decodes of all the streams on it
   * may take: the rest is left for the decodes at pauses, which final results wait for.
   */
  static final double INTERVAL_DECODE_SHARE = 0.6;
  /**
   * How far a word may start before the previous word's end. Whisper's words go forward in time; over a short
   * tail it may loop, repeating a segment with times that go back, and such a repetition is dropped.
   */
  private static final double LOOP_TOLERANCE_SECONDS = 0.2;
  /** Silero's thresholds and shortest speech; the endpointing sets the durations of silence and padding. */
  private static final VadConfig SILERO = VadConfig.defaults();
  /** How far around a final's words the audio and the words that its times are found with reach. */
  private static final double RETIME_REACH_SECONDS = 0.5;

  /**
   * Audio memory a session holds at most: its tail, the copy a decode works on, and that copy's log-mel
   * features with Whisper's 30 s of padding (80 floats per 160 samples), plus the recent audio.
   */
  public static final long MEMORY_BYTES = 2L * MAX_TAIL_SAMPLES * Float.BYTES
      + (long) (MAX_TAIL_SAMPLES + 30 * SAMPLE_RATE) / 160 * 80 * Float.BYTES + (long) RECENT_SAMPLES * Float.BYTES;

  private final Transcriber transcriber;
  private final StreamingOptions options;
  private final StreamListener listener;
  private final InferenceRun run;
  private final DecoderLoad load;
  private final VoiceActivityDetector detector;
  private final int intervalSamples;
  private final long maxUtteranceSamples;
  private final long padSamples;
  /** Silence before the decode at a pause: {@value #PAUSE_DECODE_MS} ms, and at least the padding it decodes. */
  private final long pauseDecodeSamples;
  private final long startedNanos = System.nanoTime();
  private TranscribeOptions intervalDecodeOptions;
  private TranscribeOptions finalDecodeOptions;

  private final float[] recent = new float[RECENT_SAMPLES];
  private final float[] tail = new float[MAX_TAIL_SAMPLES];
  private int tailLength;
  private long tailStart;
  private long received;

  private boolean inUtterance;
  private long utteranceStart;
  private long nextDecodeAt;
  /** Wall time minus stream time at the arrival of the last chunk, and its smallest value in the utterance. */
  private double arrivalDelay;
  private double smallestDelay;
  /** Start of the current pause in speech (first frame below the silence threshold), or -1. */
  private long pauseStart = -1;
  /** The end of the audio the last decode covered, while no audio after it has been decoded. */
  private long decodedUntil = -1;
  /**
   * Bias phrases the decodes of the current utterance completed: a word may become final in a later decode
   * than the one that completed its phrase.
   */
  private final Set<String> vocabulary = new HashSet<>();

  private final LocalAgreement agreement = new LocalAgreement();
  /** The last final words, for the prompt: at most {@code 2 * PROMPT_CHARS} characters of them. */
  private final ArrayDeque<WordTiming> finalWords = new ArrayDeque<>();
  private final WordRetimer wordTimes;
  private int finalChars;
  private boolean stopped;
  /** Corrects final results; replaced by a phrase update. */
  private Optional<Corrector> corrector;
  private long decodes;
  /** Wall time of this stream's recent decodes (a moving average), for pacing under load. */
  private double decodeSeconds;

  /**
   * @param vad scores the stream's frames (the engine's shared backend; the session takes its own detector)
   * @param listener receives every result and event, on the thread that called {@link #accept} or
   *     {@link #finish}
   * @param run the call's model runs; once it is cancelled, decoding stops with a
   *     {@link java.util.concurrent.CancellationException}
   * @param load how busy the decoding workers are (shared by the engine's streams); with
   *     {@code keepUpWithRealTime} interval decodes are spaced out so that the streams on a worker leave it time
   *     for the decodes that finals wait for, and wait (an interval at most) while such a decode runs in another
   *     stream
   */
  public StreamingSession(Transcriber transcriber, VadBackend vad, StreamingOptions options,
      StreamListener listener, InferenceRun run, DecoderLoad load) {
    this(transcriber, vad, options, listener, run, load, WordRetimer.PAUSES);
  }

  /** As above; {@code wordTimes} (the engine's, shared) times the words of final results. */
  public StreamingSession(Transcriber transcriber, VadBackend vad, StreamingOptions options,
      StreamListener listener, InferenceRun run, DecoderLoad load, WordRetimer wordTimes) {
    this.wordTimes = wordTimes;
    this.transcriber = transcriber;
    this.options = options;
    this.listener = listener;
    this.run = run;
    this.load = load;
    Endpointing endpointing = options.endpointing();
    this.detector = vad.newDetector(vadConfig(endpointing));
    this.intervalSamples = (int) Math.round(options.decodeIntervalSeconds() * SAMPLE_RATE);
    this.maxUtteranceSamples = Math.round(endpointing.maxUtteranceSeconds() * SAMPLE_RATE);
    this.padSamples = VadFormat.samples(endpointing.speechPadMs());
    this.pauseDecodeSamples = Math.max(padSamples, VadFormat.samples(PAUSE_DECODE_MS));
    this.intervalDecodeOptions = intervalDecodeOptions(options.transcribe());
    this.finalDecodeOptions = finalDecodeOptions(options.transcribe());
    this.corrector = options.corrector();
  }

  /**
   * How the session's detector finds utterances: silero's thresholds with the endpointing's durations. Silero
   * ends a segment at the first frame that starts {@code minSilenceMs} after the silence began, once that frame
   * is silent too: a frame more than the silence asked for. An utterance ends once its silent frames cover the
   * endpoint silence (rounded up to whole frames), one frame sooner.
   */
  static VadConfig vadConfig(Endpointing endpointing) {
    int sileroMinSilenceMs = Math.max(0, endpointing.minSilenceMs() - VadFormat.FRAME_MS);
    return new VadConfig(SILERO.threshold(), SILERO.negThreshold(), SILERO.minSpeechMs(), sileroMinSilenceMs,
        endpointing.speechPadMs());
  }

  /**
   * Every decode needs word times: they decide what is final and where the tail is cut. Temperature 0 only:
   * sampling a few seconds of audio behind a long prompt invents text (a decode that loops is retried, see
   * {@link #decode}).
   *
   * <p>A decode whose words may become final without another (at a pause, an endpoint, a full tail) is biased as
   * the call asked, like a unary call: the lexicon's trie and, when its first hypothesis suggests terms, a
   * second, prompted decode. An interval decode, whose words become final only if the next decode agrees, keeps
   * only the request's and the server's phrases: the lexicon's trie pulls the cut last word of a tail into a
   * lexicon term, and the prompted decode would double the cost of every interval (docs/streaming.md).
   */
  private static TranscribeOptions finalDecodeOptions(TranscribeOptions base) {
    return base.withWordTimestamps(true).withTemperatures(List.of(0.0));
  }

  private static TranscribeOptions intervalDecodeOptions(TranscribeOptions base) {
    return finalDecodeOptions(base).withBiasing(base.biasing().phrasesOnly());
  }

  /**
   * Biases every decode from now on toward {@code biasing}, and corrects final results with {@code corrector} (a
   * mid-stream phrase update).
   */
  public void setPhrases(Biasing biasing, Optional<Corrector> corrector) {
    TranscribeOptions base = options.transcribe().withBiasing(biasing);
    intervalDecodeOptions = intervalDecodeOptions(base);
    finalDecodeOptions = finalDecodeOptions(base);
    this.corrector = corrector;
  }

  /** Decodes run so far (silence runs none). */
  public long decodes() {
    return decodes;
  }

  /**
   * Whether the speaker has paused within an utterance: the session's next decode is the one that the
   * utterance's final results wait for (its turns should go before those of streams that are speaking).
   */
  public boolean awaitsFinals() {
    return inUtterance && pauseStart >= 0;
  }

  /** Samples of audio held right now: the tail and the recent audio; bounded, whatever was fed. */
  public int heldSamples() {
    return tailLength + RECENT_SAMPLES;
  }

  /** Seconds of audio received so far. */
  public double receivedSeconds() {
    return seconds(received);
  }

  /**
   * Stops the session, e.g. from the listener once a single utterance has ended: the rest of the audio being
   * fed, and all audio fed later, is ignored.
   */
  public void stop() {
    stopped = true;
  }

  /** Adds audio; decodes and reports whatever became ready. The caller bounds the stream's length. */
  public void accept(float[] samples) {
    if (options.keepUpWithRealTime()) {
      arrivalDelay = (System.nanoTime() - startedNanos) / 1e9 - seconds(received + samples.length);
      smallestDelay = Math.min(smallestDelay, arrivalDelay);
    }
    int offset = 0;
    while (offset < samples.length && !stopped) {
      // one VAD frame at a time, so that each event is handled at the audio position where it was decided
      int frameRoom = VadFormat.FRAME_SAMPLES - (int) (received % VadFormat.FRAME_SAMPLES);
      int n = Math.min(samples.length - offset, frameRoom);
      append(samples, offset, n);
      VadUpdate update = detector.accept(samples, offset, n);
      offset += n;
      for (int i = 0; i < update.probabilities().length; i++) {
        trackPause((update.firstFrame() + i) * VadFormat.FRAME_SAMPLES, update.probabilities()[i]);
      }
      handle(update.events());
      // decodes only at frame ends, so that what is decoded does not depend on how the audio was chunked
      if (inUtterance && !stopped && received % VadFormat.FRAME_SAMPLES == 0) {
        decodeIfDue();
      }
    }
  }

  /** The audio ended: ends the open utterance, if any, and makes all its words final. */
  public void finish() {
    if (stopped) {
      return;
    }
    handle(detector.finish().events());
    if (inUtterance) {
      endUtterance(received);
    }
  }

  private void append(float[] samples, int offset, int n) {
    for (int i = 0; i < n; i++) {
      recent[(int) ((received + i) % RECENT_SAMPLES)] = samples[offset + i];
    }
    if (inUtterance) {
      if (tailLength + n > MAX_TAIL_SAMPLES) {
        commitOldWords();
      }
      System.arraycopy(samples, offset, tail, tailLength, n);
      tailLength += n;
    }
    received += n;
  }

  private void trackPause(long frameStart, float probability) {
    if (probability >= SILERO.threshold()) {
      pauseStart = -1;
    } else if (probability < SILERO.negThreshold() && pauseStart < 0) {
      pauseStart = frameStart;
    }
  }

  private void handle(List<VadEvent> events) {
    for (VadEvent event : events) {
      if (stopped) {
        return;
      }
      switch (event.type()) {
        case SPEECH_STARTED -> startUtterance(event.sample());
        case SPEECH_ENDED -> endUtterance(event.sample());
      }
    }
  }

  private void startUtterance(long start) {
    long from = Math.max(start, Math.max(0, received - RECENT_SAMPLES));
    tailStart = from;
    tailLength = (int) (received - from);
    for (int i = 0; i < tailLength; i++) {
      tail[i] = recent[(int) ((from + i) % RECENT_SAMPLES)];
    }
    inUtterance = true;
    utteranceStart = from;
    vocabulary.clear();
    decodedUntil = -1;
    // the first hypothesis comes after half an interval, so that the first words show early
    nextDecodeAt = from + pacedIntervalSamples() / 2;
    smallestDelay = arrivalDelay;
    listener.onSpeechEvent(new SpeechEvent(SpeechEvent.Type.SPEECH_STARTED, seconds(from)));
  }

  private void decodeIfDue() {
    if (received - utteranceStart >= maxUtteranceSamples) {
      endUtterance(received);
      startUtterance(received); // the detector is still in this speech; whatever follows is a new utterance
      return;
    }
    if (pauseStart >= 0) {
      long speechEnd = pauseStart + padSamples;
      if (received - pauseStart >= pauseDecodeSamples && !decodedAllSpeechBefore(speechEnd)
          && speechEnd > tailStart) {
        decodeTail(speechEnd, true);
      }
      return;
    }
    if (received >= nextDecodeAt && !(options.keepUpWithRealTime() && (isBehind() || yieldsToFinals()))) {
      decodeTail(received, false);
    }
  }

  /**
   * Whether a due interval decode waits, for at most an interval, while another stream runs a decode that its
   * final results wait for: that decode then shares the cores with fewer others, and this stream's interim text
   * comes later.
   */
  private boolean yieldsToFinals() {
    return load.decodeBeforeFinalsRunning() && received < nextDecodeAt + intervalSamples;
  }

  /**
   * Whether the last decode already heard all the speech before stream sample {@code end}: it reached the end,
   * or the pause before it, since the detector heard no speech after the pause began. An interval decode that
   * ran just as the speaker stopped then serves as the pause's decode.
   */
  private boolean decodedAllSpeechBefore(long end) {
    return decodedUntil >= 0 && (decodedUntil >= end || (pauseStart >= 0 && decodedUntil >= pauseStart));
  }

  /**
   * Audio between interval decodes: the configured interval, or with keepUpWithRealTime more when the streams
   * that share a worker would otherwise keep it busier than {@value #INTERVAL_DECODE_SHARE} of the time.
   */
  private long pacedIntervalSamples() {
    if (!options.keepUpWithRealTime()) {
      return intervalSamples;
    }
    double paced = load.callsPerWorker() * decodeSeconds / INTERVAL_DECODE_SHARE;
    return Math.max(intervalSamples, Math.round(paced * SAMPLE_RATE));
  }

  /**
   * Whether audio reaches the session later than real time would bring it: the wall time minus the stream time
   * at which a chunk arrives has grown past its smallest value in the utterance (the client's own delay) by more
   * than {@value #MAX_LAG_SECONDS} s, so the audio waited in the transport while the server decoded.
   */
  private boolean isBehind() {
    return arrivalDelay - smallestDelay > MAX_LAG_SECONDS;
  }

  /** Decodes the tail up to stream sample {@code until}, commits what two hypotheses agree on, reports. */
  private void decodeTail(long until, boolean beforeFinals) {
    long started = System.nanoTime();
    // interval decodes start at the last final word, decodes before finals at the tail's start (contextStart)
    long from = beforeFinals ? tailStart : Math.max(tailStart, lastFinalStart());
    List<WordTiming> hypothesis = decode(from, until, beforeFinals);
    double seconds = (System.nanoTime() - started) / 1e9;
    decodeSeconds = decodeSeconds == 0 ? seconds : (decodeSeconds + seconds) / 2;
    // an interval decode stands in for the pause's only when it was biased as fully as the pause's would be
    decodedUntil = beforeFinals || intervalDecodeOptions.equals(finalDecodeOptions) ? until : -1;
    // a pause's decode counts as an interval's: the next one is due an interval later
    nextDecodeAt = received + pacedIntervalSamples();
    List<WordTiming> committed = agreement.insert(hypothesis, seconds(from), seconds(until));
    commit(committed);
    if (options.interimResults()) {
      emitInterim(until);
    }
  }

  /**
   * The words of the tail from stream sample {@code from} to {@code until}.
   *
   * @param beforeFinals whether final words may come of this decode without another: only then does a decode that
   *     loops get openai's rising temperatures (several decodes more); an interval decode's loop is cut, and the
   *     next decode of the tail tries again
   */
  private List<WordTiming> decode(long from, long until, boolean beforeFinals) {
    if (!beforeFinals) {
      return decodeAudio(from, until, false);
    }
    load.decodeBeforeFinalsStarted();
    try {
      return decodeAudio(from, until, true);
    } finally {
      load.decodeBeforeFinalsEnded();
    }
  }

  private List<WordTiming> decodeAudio(long from, long until, boolean beforeFinals) {
    int skipped = (int) (from - tailStart);
    int length = (int) Math.max(0, Math.min(tailLength - skipped, until - from));
    float[] audio = new float[length];
    System.arraycopy(tail, skipped, audio, 0, length);
    String prompt = prompt(from);
    String heard = heardSince(from);
    TranscribeOptions decoding = beforeFinals ? finalDecodeOptions : intervalDecodeOptions;
    Transcription transcription = transcribe(audio, prompt, decoding, heard);
    // the retries of a decode that loops are biased toward the phrases only: the lexicon's terms, like a prompt,
    // may have started the loop, and its second, prompted decode would double each retry
    if (!prompt.isEmpty() && loops(transcription)) {
      // a prompt often starts the loop; without it the decode may not
      transcription = transcribe(audio, "", intervalDecodeOptions, heard);
    }
    if (beforeFinals && loops(transcription)) {
      // last, openai's answer: higher temperatures, which may invent words but do not lose them
      transcription = transcribe(
          audio, "", intervalDecodeOptions.withTemperatures(options.transcribe().temperatures()), heard);
    }
    double offset = seconds(from);
    List<WordTiming> words = new ArrayList<>();
    segments:
    for (Segment segment : transcription.segments()) {
      if (loops(segment)) {
        break;
      }
      for (WordTiming w : segment.words()) {
        if (!words.isEmpty() && w.start() + offset < words.get(words.size() - 1).end() - LOOP_TOLERANCE_SECONDS) {
          break segments; // a word that goes back in time starts a repetition of what was said (a loop)
        }
        words.add(new WordTiming(w.word(), w.start() + offset, w.end() + offset, w.probability(), w.aligned()));
      }
      vocabulary.addAll(segment.vocabulary());
    }
    return words;
  }

  /** @param heard what earlier decodes heard in {@code audio}: the decode's draft (speed only) */
  private Transcription transcribe(float[] audio, String prompt, TranscribeOptions decoding, String heard) {
    decodes++;
    return transcriber.transcribe(audio, prompt.isEmpty() ? decoding : decoding.withInitialPrompt(prompt),
        window -> {}, run, heard);
  }

  private boolean loops(Transcription transcription) {
    return transcription.segments().stream().anyMatch(this::loops);
  }

  /**
   * Whether a segment's text repeats itself: openai's compression-ratio test, which unary decoding answers
   * with a retry at a higher temperature; a stream drops such text instead (sampling invents words).
   */
  private boolean loops(Segment segment) {
    double threshold = options.transcribe().compressionRatioThreshold();
    return !Double.isNaN(threshold) && segment.compressionRatio() > threshold;
  }

  /** An endpoint at stream sample {@code end}: everything heard up to it becomes final. */
  private void endUtterance(long end) {
    if (!inUtterance) {
      return;
    }
    List<WordTiming> committed = new ArrayList<>();
    if (!decodedAllSpeechBefore(end) && end > tailStart) {
      committed.addAll(agreement.insert(decode(tailStart, end, true), seconds(tailStart), seconds(end)));
    }
    committed.addAll(agreement.flush());
    commit(committed);
    inUtterance = false;
    tailLength = 0;
    decodedUntil = -1;
    listener.onSpeechEvent(new SpeechEvent(SpeechEvent.Type.END_OF_UTTERANCE, seconds(end)));
  }

  /** The tail is full: makes final the words that end well before its end, then cuts it. */
  private void commitOldWords() {
    long tailEnd = tailStart + tailLength;
    long cut = tailEnd - (long) FORCED_KEEP_SECONDS * SAMPLE_RATE;
    List<WordTiming> committed =
        new ArrayList<>(agreement.insert(decode(tailStart, tailEnd, true), seconds(tailStart), seconds(tailEnd)));
    committed.addAll(agreement.commitUntil(seconds(cut)));
    decodedUntil = -1;
    commit(committed);
    List<WordTiming> tentative = agreement.tentative();
    if (!tentative.isEmpty()) {
      cut = Math.min(cut, Math.round(tentative.get(0).start() * SAMPLE_RATE));
    }
    cutTail(Math.max(cut, tailStart + (long) SAMPLE_RATE)); // always frees room
  }

  private void commit(List<WordTiming> words) {
    if (words.isEmpty()) {
      return;
    }
    List<WordTiming> timed = finalTimes(words, agreement.tentative());
    for (WordTiming w : words) {
      finalWords.addLast(w);
      finalChars += w.word().length();
    }
    while (finalChars > 2 * PROMPT_CHARS) {
      finalChars -= finalWords.removeFirst().word().length();
    }
    cutTail(Math.round(contextStart() * SAMPLE_RATE));
    RecognitionResult result = new RecognitionResult(true, timed.get(0).start(), timed.get(timed.size() - 1).end(),
        text(timed), timed, confidence(timed), 1f, vocabulary);
    listener.onResult(corrector.map(c -> result.corrected(c.correct(timed))).orElse(result));
  }

  /** Stream sample where the last final word starts, or 0 before any. */
  private long lastFinalStart() {
    return finalWords.isEmpty() ? 0 : Math.round(finalWords.getLast().start() * SAMPLE_RATE);
  }

  /**
   * Where the tail starts after a commit: at the first of the final words that start at most
   * {@code finalContextSeconds} before the last one. The decodes before finals hear those words again, so that the
   * words after them are heard in their sentence, not from its middle. Interval decodes start at the last final
   * word (heard whole, so the next word's start is not cut): the context did not make their agreement more
   * accurate, and it would lengthen the decodes that run every second.
   */
  private double contextStart() {
    double lastStart = finalWords.getLast().start();
    double start = lastStart;
    for (Iterator<WordTiming> words = finalWords.descendingIterator(); words.hasNext(); ) {
      double wordStart = words.next().start();
      if (wordStart < lastStart - options.finalContextSeconds()) {
        break;
      }
      start = wordStart;
    }
    return start;
  }

  /**
   * The final text before stream sample {@code decodeStart}, at most {@value #PROMPT_CHARS} characters of it.
   * Final words whose audio is decoded are left out: given them as prompt, the decoder skips them in the audio and
   * puts the next word in their place.
   */
  private String prompt(long decodeStart) {
    StringBuilder text = new StringBuilder();
    for (WordTiming w : finalWords) {
      if (!isDecodedFrom(w, decodeStart)) {
        text.append(w.word());
      }
    }
    int from = Math.max(0, text.length() - PROMPT_CHARS);
    while (from > 0 && from < text.length() && text.charAt(from) != ' ') {
      from++; // whole words only
    }
    return text.substring(from).strip();
  }

  /**
   * What the decodes so far heard from stream sample {@code decodeStart} on: the final words that the prompt
   * leaves out, then the words of the last hypothesis that are not final.
   */
  private String heardSince(long decodeStart) {
    StringBuilder text = new StringBuilder();
    for (WordTiming w : finalWords) {
      if (isDecodedFrom(w, decodeStart)) {
        text.append(w.word());
      }
    }
    agreement.tentative().forEach(w -> text.append(w.word()));
    return text.toString();
  }

  /**
   * Whether a decode from stream sample {@code decodeStart} hears final word {@code w}: the word starts there or
   * later, give or take a cut's rounding.
   */
  private static boolean isDecodedFrom(WordTiming w, long decodeStart) {
    return w.start() >= seconds(decodeStart) - LocalAgreement.CUT_ROUNDING_SECONDS;
  }

  /** Drops the tail's audio before stream sample {@code position} (when it holds any). */
  private void cutTail(long position) {
    int drop = (int) Math.min(tailLength, position - tailStart);
    if (drop <= 0) {
      return;
    }
    System.arraycopy(tail, drop, tail, 0, tailLength - drop);
    tailLength -= drop;
    tailStart += drop;
  }

  private void emitInterim(long until) {
    List<WordTiming> tentative = agreement.tentative();
    if (tentative.isEmpty()) {
      return;
    }
    // interims keep the pauses' refinement: aligning every interim's growing tentative words with the sound took
    // 15-60 ms each and delayed the finals (docs/word-timing.md)
    List<WordTiming> timed = WordRetimer.PAUSES.retime(tail, 0, tailLength, seconds(tailStart), tentative);
    double end = Math.max(seconds(until), timed.get(timed.size() - 1).end());
    listener.onResult(new RecognitionResult(false, timed.get(0).start(), end, text(timed), timed,
        confidence(timed), (float) agreement.stability(), vocabulary));
  }

  /**
   * Final times for {@code words} (the tail's next words after the final ones), from the tail's audio around
   * them. They are timed together with the last final word before them and the {@code after} words that follow
   * within {@value #RETIME_REACH_SECONDS} s, so that the audio at either edge belongs to a word, not to them; the
   * audio reaches {@value #RETIME_REACH_SECONDS} s beyond those words. The decodes keep the cross-attention times,
   * which decide what is final and where the tail is cut (retimed, they cost streamed accuracy: docs/word-timing.md).
   */
  private List<WordTiming> finalTimes(List<WordTiming> words, List<WordTiming> after) {
    List<WordTiming> all = new ArrayList<>();
    if (!finalWords.isEmpty() && finalWords.getLast().start() >= seconds(tailStart)) {
      all.add(finalWords.getLast());
    }
    int before = all.size();
    all.addAll(words);
    double reach = words.get(words.size() - 1).end() + RETIME_REACH_SECONDS;
    for (WordTiming w : after) {
      if (w.start() > reach) {
        break;
      }
      all.add(w);
    }
    int from = (int) Math.max(0, Math.round((all.get(0).start() - RETIME_REACH_SECONDS) * SAMPLE_RATE) - tailStart);
    long end = Math.round((all.get(all.size() - 1).end() + RETIME_REACH_SECONDS) * SAMPLE_RATE) - tailStart;
    int length = (int) Math.max(0, Math.min(tailLength, end) - from);
    return wordTimes.retime(tail, from, length, seconds(tailStart + from), all)
        .subList(before, before + words.size());
  }

  private static String text(List<WordTiming> words) {
    StringBuilder text = new StringBuilder();
    words.forEach(w -> text.append(w.word()));
    return text.toString().strip();
  }

  /** The geometric mean of the words' probabilities. */
  private static float confidence(List<WordTiming> words) {
    double logProbability = 0;
    for (WordTiming w : words) {
      logProbability += Math.log(Math.max(w.probability(), Float.MIN_NORMAL));
    }
    return (float) Math.exp(logProbability / words.size());
  }

  private static double seconds(long samples) {
    return (double) samples / SAMPLE_RATE;
  }
}
