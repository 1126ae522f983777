package io.medasr.decoding;

import io.medasr.tokenizer.SpecialTokens;
import io.medasr.tokenizer.WhisperTokenizer;
import io.medasr.whisper.WhisperModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What every decoding strategy shares (openai {@code DecodingTask}): the initial tokens, the logit
 * filters in their order, the no-speech probability and the result's derived values. Thread-safe
 * (immutable).
 */
final class DecodingRules {
  private final WhisperModel model;
  private final WhisperTokenizer tokenizer;
  private final SpecialTokens specials;
  private final int[] blankTokens;
  private final int[] alwaysSuppressed;
  private final SuppressTokens defaultSuppression;
  private final double timestampPrecision;

  DecodingRules(WhisperModel model) {
    this.model = model;
    this.tokenizer = model.tokenizer();
    this.specials = tokenizer.specials();
    int[] space = tokenizer.encode(" ");
    this.blankTokens = Arrays.copyOf(space, space.length + 1);
    blankTokens[space.length] = specials.eot();
    List<Integer> special = new ArrayList<>(List.of(
        specials.transcribe(), specials.translate(), specials.sot(),
        specials.startOfPrev(), specials.startOfLm()));
    if (specials.noSpeech() >= 0) {
      special.add(specials.noSpeech());
    }
    this.alwaysSuppressed = special.stream().mapToInt(Integer::intValue).toArray();
    this.defaultSuppression = suppression(model.config().suppressTokens());
    // 30 s per window over the encoder positions: 0.02 s per timestamp step
    this.timestampPrecision = 30.0 / model.config().audioContext();
  }

  SpecialTokens specials() {
    return specials;
  }

  int textContext() {
    return model.config().textContext();
  }

  /**
   * {@code [<|startofprev|> + last 223 prompt tokens] + SOT sequence [+ <|notimestamps|>]}.
   *
   * @throws IllegalArgumentException for a language the model does not know
   */
  int[] initialTokens(DecodingOptions options) {
    List<Integer> initial = new ArrayList<>();
    List<Integer> prompt = options.promptTokens();
    if (!prompt.isEmpty()) {
      int keep = model.config().textContext() / 2 - 1;
      initial.add(specials.startOfPrev());
      initial.addAll(prompt.subList(Math.max(0, prompt.size() - keep), prompt.size()));
    }
    for (int token : sotSequence(options.language(), options.translate())) {
      initial.add(token);
    }
    if (options.withoutTimestamps()) {
      initial.add(specials.noTimestamps());
    }
    return initial.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The SOT sequence: {@code [sot, language, task]} on multilingual models, {@code [sot]} on
   * English-only ones.
   *
   * @throws IllegalArgumentException for an unknown language, or not "en" on an English-only model
   */
  int[] sotSequence(String language, boolean translate) {
    if (!tokenizer.isMultilingual() && !"en".equals(language)) {
      throw new IllegalArgumentException(
          "model " + model.name() + " is English-only; language '" + language + "' is not supported");
    }
    return tokenizer.sotSequence(language, translate).stream().mapToInt(Integer::intValue).toArray();
  }

  List<LogitFilter> filters(DecodingOptions options, int sampleBegin) {
    List<LogitFilter> filters = new ArrayList<>();
    if (options.suppressBlank()) {
      filters.add(new SuppressBlank(sampleBegin, blankTokens));
    }
    filters.add(options.suppressTokens() == null ? defaultSuppression : suppression(options.suppressTokens()));
    if (!options.withoutTimestamps()) {
      int maxInitial = options.maxInitialTimestamp() >= 0
          ? (int) Math.round(options.maxInitialTimestamp() / timestampPrecision)
          : -1;
      filters.add(new ApplyTimestampRules(
          sampleBegin, specials.eot(), specials.noTimestamps(), specials.timestampBegin(), maxInitial));
    }
    return filters;
  }

  /** The listed ids plus the task and special tokens, which are never sampled. */
  private SuppressTokens suppression(List<Integer> listed) {
    int[] ids = Arrays.copyOf(listed.stream().mapToInt(Integer::intValue).toArray(), listed.size() + alwaysSuppressed.length);
    System.arraycopy(alwaysSuppressed, 0, ids, listed.size(), alwaysSuppressed.length);
    return new SuppressTokens(ids);
  }

  static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("initial tokens lack the SOT token");
  }

  /** Probability of {@code <|nospeech|>} under the unfiltered logits of the SOT position. */
  double noSpeechProb(float[] sotLogits) {
    return specials.noSpeech() >= 0
        ? Math.exp(sotLogits[specials.noSpeech()] - Logits.logSumExp(sotLogits))
        : 0.0;
  }

  /** The result of a finished sequence: text, average log-probability, compression ratio. */
  DecodingResult result(int[] sampled, double sumLogprob, double noSpeechProb, double temperature, float[] tokenProbs,
      Set<String> vocabulary) {
    String text = tokenizer.decode(sampled).strip();
    return new DecodingResult(sampled, text, sumLogprob / (sampled.length + 1), noSpeechProb, temperature,
        CompressionRatio.of(text), tokenProbs, vocabulary);
  }
}
