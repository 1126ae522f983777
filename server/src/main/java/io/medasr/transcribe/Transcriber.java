package io.medasr.transcribe;

import io.medasr.align.SegmentSpan;
import io.medasr.align.TimedSegment;
import io.medasr.align.WordAligner;
import io.medasr.align.WordTiming;
import io.medasr.bias.Biasing;
import io.medasr.bias.PromptTerms;
import io.medasr.decoding.BeamSearchDecoder;
import io.medasr.decoding.DecodingDraft;
import io.medasr.decoding.DecodingOptions;
import io.medasr.decoding.DecodingResult;
import io.medasr.decoding.GreedyDecoder;
import io.medasr.features.LogMelSpectrogram;
import io.medasr.tokenizer.WhisperTokenizer;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.WhisperModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Long-form transcription in consecutive 30 s windows (openai transcribe.py): log-mel of the whole
 * audio plus 30 s of silence, a seek loop over zero-padded window slices, decoding with
 * temperature fallback, no-speech skipping, segments split on timestamp pairs, the previous text
 * as prompt, and optional word timings.
 *
 * <p>Thread-safe if the model is: every call keeps its state on its own stack.
 */
public final class Transcriber {
  private static final int SAMPLE_RATE = 16000;
  private static final int HOP_LENGTH = 160;
  private static final int WINDOW_FRAMES = 3000;
  private static final double FRAMES_PER_SECOND = 100.0;
  /** Above this temperature the result is too random to prompt the next window with. */
  private static final double PROMPT_RESET_TEMPERATURE = 0.5;
  /**
   * Padding after the audio of a shortened window, and the step its length is rounded up to: Whisper was
   * trained on windows that end in padding, and decodes the last word of a window without any badly.
   */
  static final int SHORT_CONTEXT_MARGIN_FRAMES = 200;
  /**
   * Tokens a shortened window may decode: a base and so many per second of its audio. Speech takes about 3 to 4
   * tokens a second; a decode that loops reaches the cap soon instead of running to 224 tokens.
   */
  static final int SHORT_CONTEXT_BASE_TOKENS = 20;
  static final int SHORT_CONTEXT_TOKENS_PER_SECOND = 10;
  /** Seed of the sampler of one call, so that a transcription is reproducible. */
  private static final long SAMPLING_SEED = 0;

  private final WhisperModel model;
  private final WhisperTokenizer tokenizer;
  private final GreedyDecoder decoder;
  private final WordAligner aligner;
  private final LogMelSpectrogram frontEnd;

  public Transcriber(WhisperModel model) {
    this.model = model;
    this.tokenizer = model.tokenizer();
    this.decoder = new GreedyDecoder(model);
    this.aligner = new WordAligner(model);
    this.frontEnd = new LogMelSpectrogram(model.config().nMels());
  }

  /** Transcribes 16 kHz mono samples in [-1, 1]. */
  public Transcription transcribe(float[] samples16k, TranscribeOptions options) {
    return transcribe(samples16k, options, segments -> {});
  }

  /** Transcribes 16 kHz mono samples, handing each window's segments to {@code onWindow}; not cancellable. */
  public Transcription transcribe(float[] samples16k, TranscribeOptions options, Consumer<List<Segment>> onWindow) {
    return transcribe(samples16k, options, onWindow, InferenceRun.UNCANCELLABLE);
  }

  /**
   * Transcribes 16 kHz mono samples, handing each window's segments to {@code onWindow} as soon as
   * they are final (an empty list for a silent window).
   *
   * @param run the call's model runs; cancelling it stops the transcription within one model run
   * @throws CancellationException when {@code run} is cancelled
   * @throws IllegalArgumentException for a language the model does not know
   */
  public Transcription transcribe(
      float[] samples16k,
      TranscribeOptions options,
      Consumer<List<Segment>> onWindow,
      InferenceRun run) {
    return transcribe(samples16k, options, onWindow, run, "");
  }

  /**
   * As {@link #transcribe(float[], TranscribeOptions, Consumer, InferenceRun)}, given {@code expectedText}: what
   * an earlier decode heard in this audio (a stream's last hypothesis). The greedy decodes use it as their draft
   * ({@link DecodingDraft}): where it is right they need fewer decoder calls; what they choose does not change.
   */
  public Transcription transcribe(
      float[] samples16k,
      TranscribeOptions options,
      Consumer<List<Segment>> onWindow,
      InferenceRun run,
      String expectedText) {
    int paddingFrames = paddingFrames(options);
    float[][] mel = frontEnd.compute(samples16k, paddingFrames * HOP_LENGTH);
    int contentFrames = mel[0].length - paddingFrames;
    String language = options.language() == null || TranscribeOptions.AUTO.equals(options.language())
        ? null
        : options.language();
    if (language != null) {
      decoder.sotSequence(language, false); // reject an unknown language before any work
    }
    int timestampBegin = tokenizer.specials().timestampBegin();
    Random random = new Random(SAMPLING_SEED);
    BeamSearchDecoder beamSearch = options.beamSize() > 1 ? new BeamSearchDecoder(model, options.beamSize(), 1.0) : null;
    DecodingDraft expected = expectedText.isBlank()
        ? DecodingDraft.NONE
        : DecodingDraft.of(tokenizer.encode(" " + expectedText.strip()), timestampBegin);

    List<Integer> allTokens = new ArrayList<>();
    if (options.initialPrompt() != null && !options.initialPrompt().isBlank()) {
      for (int token : tokenizer.encode(" " + options.initialPrompt().strip())) {
        allTokens.add(token);
      }
    }
    int promptResetSince = 0;
    double lastSpeechTimestamp = 0;
    List<Segment> segments = new ArrayList<>();

    int seek = 0;
    while (seek < contentFrames) {
      run.checkCancelled();
      double timeOffset = (double) seek * HOP_LENGTH / SAMPLE_RATE;
      int segmentSize = Math.min(WINDOW_FRAMES, contentFrames - seek);
      boolean lastWindow = seek + segmentSize >= contentFrames;
      List<Segment> windowSegments = new ArrayList<>();
      int windowFrames = windowFrames(segmentSize, options);
      // a shortened window's margin is the log-mel of the silence after the audio, as in training, not 0.0
      int copied = windowFrames == WINDOW_FRAMES ? segmentSize : Math.min(windowFrames, mel[0].length - seek);
      try (EncoderOutput audio = model.encode(LogMelSpectrogram.window(mel, seek, copied, windowFrames), run)) {
        if (language == null) {
          language = decoder.detectLanguage(audio);
        }
        DecodingOptions decodingOptions = DecodingOptions.defaults()
            .withLanguage(language)
            .withoutTimestamps(options.withoutTimestamps())
            .withPromptTokens(allTokens.subList(promptResetSince, allTokens.size()))
            .withBiasing(options.biasing());
        if (windowFrames < WINDOW_FRAMES) {
          decodingOptions = decodingOptions.withSampleLen(Math.min(decodingOptions.sampleLen(),
              SHORT_CONTEXT_BASE_TOKENS + SHORT_CONTEXT_TOKENS_PER_SECOND * segmentSize / (int) FRAMES_PER_SECOND));
        }
        DecodingResult result = decodeWithFallback(audio, decodingOptions, options, beamSearch, random, expected);
        if (!isSilence(result, options)) {
          result = withPromptTerms(audio, result, decodingOptions, allTokens.subList(promptResetSince,
              allTokens.size()), options, beamSearch, random);
        }

        if (isSilence(result, options)) {
          seek += segmentSize;
          onWindow.accept(List.of());
          continue;
        }
        WindowSegments.Split split =
            WindowSegments.split(result.tokens(), timestampBegin, timeOffset, segmentSize);
        seek += split.seekAdvance();

        List<WindowSegments.Piece> pieces = split.pieces();
        List<TimedSegment> timed = null;
        if (options.wordTimestamps()) {
          List<SegmentSpan> spans = new ArrayList<>();
          pieces.forEach(p -> spans.add(new SegmentSpan(p.start(), p.end(), textTokens(p.tokens()))));
          timed = aligner.addWordTimestamps(spans, audio, language, segmentSize, timeOffset, lastSpeechTimestamp);
          Double lastWordEnd = lastEnd(timed);
          // openai re-decodes from the last word's end; in the last window the decoder has already seen all the
          // audio there is, and decoding the tail again only invites a repetition of the prompt.
          if (!split.singleTimestampEnding() && !lastWindow && lastWordEnd != null && lastWordEnd > timeOffset) {
            seek = (int) Math.rint(lastWordEnd * FRAMES_PER_SECOND);
          }
          if (lastWordEnd != null) {
            lastSpeechTimestamp = lastWordEnd;
          }
        }

        for (int i = 0; i < pieces.size(); i++) {
          WindowSegments.Piece piece = pieces.get(i);
          double start = timed == null ? piece.start() : timed.get(i).start();
          double end = timed == null ? piece.end() : timed.get(i).end();
          String text = tokenizer.decode(textTokens(piece.tokens()));
          // openai blanks these and leaves their tokens out of the prompt; they are dropped here
          if (start == end || text.isBlank()) {
            continue;
          }
          List<WordTiming> words = timed == null ? List.of() : timed.get(i).words();
          windowSegments.add(new Segment(start, end, text, words, result.avgLogprob(),
              result.noSpeechProb(), result.temperature(), result.compressionRatio(), result.vocabulary()));
          for (int token : piece.tokens()) {
            allTokens.add(token);
          }
        }
        if (!options.conditionOnPreviousText() || result.temperature() > PROMPT_RESET_TEMPERATURE) {
          promptResetSince = allTokens.size();
        }
      }
      segments.addAll(windowSegments);
      onWindow.accept(List.copyOf(windowSegments));
    }
    return new Transcription(segments, (double) samples16k.length / SAMPLE_RATE,
        language == null ? "en" : language);
  }

  /**
   * Log-mel frames of silence computed after the audio: a full window's (openai pads 30 s), or with a shortened
   * audio context only the most that a window's margin takes. Frames before the padding do not depend on its
   * length, so a short stream tail costs a spectrogram of seconds, not of 30 s more.
   */
  private int paddingFrames(TranscribeOptions options) {
    return usesShortAudioContext(options) ? 2 * SHORT_CONTEXT_MARGIN_FRAMES : WINDOW_FRAMES;
  }

  private boolean usesShortAudioContext(TranscribeOptions options) {
    return options.shortAudioContext() && model.acceptsShortAudioContext();
  }

  /** 3000, or with a shortened audio context the segment and its margin rounded up to the margin. */
  private int windowFrames(int segmentSize, TranscribeOptions options) {
    if (!usesShortAudioContext(options)) {
      return WINDOW_FRAMES;
    }
    int rounded = (segmentSize / SHORT_CONTEXT_MARGIN_FRAMES + 2) * SHORT_CONTEXT_MARGIN_FRAMES;
    return Math.min(WINDOW_FRAMES, rounded);
  }

  /**
   * Retries at the next temperature while the result looks like a failure (openai); beam search,
   * when asked for, decodes the temperature-0 attempt.
   */
  private DecodingResult decodeWithFallback(
      EncoderOutput audio, DecodingOptions base, TranscribeOptions options, BeamSearchDecoder beamSearch,
      Random random, DecodingDraft draft) {
    DecodingResult result = null;
    for (double temperature : options.temperatures()) {
      result = decode(audio, base.withTemperature(temperature), beamSearch, random, draft);
      if (!needsFallback(result, options)) {
        break;
      }
    }
    return result;
  }

  private DecodingResult decode(EncoderOutput audio, DecodingOptions options, BeamSearchDecoder beamSearch,
      Random random, DecodingDraft draft) {
    return options.temperature() == 0 && beamSearch != null
        ? beamSearch.decode(audio, options)
        : decoder.decode(audio, options, random, draft);
  }

  /** Whether a result looks like a failure that a higher temperature may mend (openai), silence aside. */
  private static boolean needsFallback(DecodingResult result, TranscribeOptions options) {
    boolean failed = above(result.compressionRatio(), options.compressionRatioThreshold())
        || below(result.avgLogprob(), options.logprobThreshold());
    // silence: retrying would only invent words
    return failed && !(above(result.noSpeechProb(), options.noSpeechThreshold())
        && below(result.avgLogprob(), options.logprobThreshold()));
  }

  /**
   * Prompt biasing: when the first hypothesis of a window suggests terms, the window is decoded again with them
   * in the prompt, at temperature 0 only. The second hypothesis is kept only when it passes openai's thresholds,
   * adopted a term and respells the first rather than rewriting it; the adopted terms are vocabulary like the
   * phrases the tries completed. The first hypothesis is the second decode's draft: where the two agree, the
   * second costs one decoder call per run of agreeing tokens.
   */
  private DecodingResult withPromptTerms(EncoderOutput audio, DecodingResult first, DecodingOptions decodingOptions,
      List<Integer> previous, TranscribeOptions options, BeamSearchDecoder beamSearch, Random random) {
    List<String> terms = options.biasing().promptTerms(heardWords(first));
    if (terms.isEmpty()) {
      return first;
    }
    // a result that would need a higher temperature is not kept in any case
    DecodingResult prompted = decode(audio,
        decodingOptions.withTemperature(0).withPromptTokens(promptWithTerms(terms, previous)), beamSearch, random,
        DecodingDraft.of(first.tokens(), tokenizer.specials().timestampBegin()));
    List<String> adopted = PromptTerms.adopted(first.text(), prompted.text(), terms);
    boolean kept = !needsFallback(prompted, options) && !adopted.isEmpty()
        && PromptTerms.respells(first.text(), prompted.text());
    return kept ? prompted.withVocabulary(adopted) : first;
  }

  /** The words of a decode as written, each with its confidence ({@link #heardWords(List, float[])}). */
  private List<PromptTerms.HeardWord> heardWords(DecodingResult result) {
    int[] tokens = result.tokens();
    List<String> pieces = new ArrayList<>();
    float[] probabilities = new float[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < tokenizer.specials().eot()) {
        probabilities[pieces.size()] = result.tokenProbs()[i];
        pieces.add(tokenizer.decode(new int[] {tokens[i]}));
      }
    }
    return heardWords(pieces, probabilities);
  }

  /**
   * Text tokens as words (a word begins at a piece with a leading space), each with the mean of its pieces'
   * {@code probabilities} (a word's confidence, as in the results; the array may be longer than the pieces) and
   * whether more than one of its pieces holds letters (the decoder spelled it from pieces: "furos", not "tour" or
   * "drug.").
   */
  static List<PromptTerms.HeardWord> heardWords(List<String> pieces, float[] probabilities) {
    List<PromptTerms.HeardWord> words = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= pieces.size(); i++) {
      if (i == pieces.size() || pieces.get(i).startsWith(" ")) {
        List<String> word = pieces.subList(from, i);
        float sum = 0;
        for (int k = from; k < i; k++) {
          sum += probabilities[k];
        }
        words.add(new PromptTerms.HeardWord(String.join("", word), sum / word.size(),
            PromptTerms.spelledFromPieces(word)));
        from = i;
      }
    }
    return words;
  }


  /**
   * The prompt of a decode with prompt terms: the terms written as a list ("Apixaban, pronator drift."), before
   * the previous text, which is cut from the front so that the terms stay in the prompt.
   */
  private List<Integer> promptWithTerms(List<String> terms, List<Integer> previous) {
    String glossary = String.join(", ", terms);
    int[] listed = tokenizer.encode(" " + Character.toUpperCase(glossary.charAt(0)) + glossary.substring(1) + ".");
    int room = Math.max(0, model.config().textContext() / 2 - 1 - listed.length);
    List<Integer> prompt = new ArrayList<>(listed.length + room);
    for (int token : listed) {
      prompt.add(token);
    }
    prompt.addAll(previous.subList(Math.max(0, previous.size() - room), previous.size()));
    return prompt;
  }

  private static boolean isSilence(DecodingResult result, TranscribeOptions options) {
    return above(result.noSpeechProb(), options.noSpeechThreshold())
        && !above(result.avgLogprob(), options.logprobThreshold());
  }

  /** value > threshold; a NaN threshold is off. */
  private static boolean above(double value, double threshold) {
    return !Double.isNaN(threshold) && value > threshold;
  }

  /** value < threshold; a NaN threshold is off. */
  private static boolean below(double value, double threshold) {
    return !Double.isNaN(threshold) && value < threshold;
  }

  private int[] textTokens(int[] tokens) {
    int eot = tokenizer.specials().eot();
    return Arrays.stream(tokens).filter(t -> t < eot).toArray();
  }

  /** End of the last word, else of the last segment; null without segments. */
  private static Double lastEnd(List<TimedSegment> timed) {
    for (int i = timed.size() - 1; i >= 0; i--) {
      List<WordTiming> words = timed.get(i).words();
      if (!words.isEmpty()) {
        return words.get(words.size() - 1).end();
      }
    }
    return timed.isEmpty() ? null : timed.get(timed.size() - 1).end();
  }
}
