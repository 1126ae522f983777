package io.medasr.decoding;

import io.medasr.bias.BiasState;
import io.medasr.bias.Boosts;
import io.medasr.tokenizer.SpecialTokens;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.IncrementalDecoder;
import io.medasr.whisper.LogitRows;
import io.medasr.whisper.WhisperModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Greedy (temperature 0) or sampled decoding of one window with Whisper's rules (openai
 * decoding.py {@code DecodingTask} with {@code GreedyDecoder}): initial tokens with optional
 * prompt, no-speech probability at the SOT position, logit filters, stop at end-of-text, after
 * {@code sampleLen} tokens or when the sequence passes the 448-token context.
 *
 * <p>Thread-safe: all per-run state lives in the call; the random source is the caller's.
 */
public final class GreedyDecoder {
  /**
   * Most draft tokens fed in one decoder call: each costs a row of logits whether it is kept or not, and a
   * draft rarely agrees for longer.
   */
  static final int DRAFT_TOKENS_PER_CALL = 24;
  private final WhisperModel model;
  private final DecodingRules rules;
  private final SpecialTokens specials;

  public GreedyDecoder(WhisperModel model) {
    this.model = model;
    this.rules = new DecodingRules(model);
    this.specials = rules.specials();
  }

  /** Decodes {@code audio} with a fresh KV-cache decoder of the model. */
  public DecodingResult decode(EncoderOutput audio, DecodingOptions options, Random random) {
    return decode(audio, options, random, DecodingDraft.NONE);
  }

  /**
   * Decodes {@code audio} with a fresh KV-cache decoder of the model, checking {@code draft}'s tokens in
   * batches at temperature 0 where the model {@link WhisperModel#acceptsDrafts() accepts drafts} (otherwise, and
   * when sampling, one call per token).
   */
  public DecodingResult decode(EncoderOutput audio, DecodingOptions options, Random random, DecodingDraft draft) {
    try (IncrementalDecoder decoder = model.newDecoder(audio)) {
      return decode(decoder, options, random, draft);
    }
  }

  /**
   * Decodes with {@code decoder}, which must not have been fed yet.
   *
   * @param random source for temperature sampling (unused at temperature 0)
   * @param draft tokens to check in batches (see {@link #decode(EncoderOutput, DecodingOptions, Random,
   *     DecodingDraft)})
   * @throws IllegalArgumentException for a language the model does not know
   */
  public DecodingResult decode(IncrementalDecoder decoder, DecodingOptions options, Random random,
      DecodingDraft draft) {
    int[] initial = rules.initialTokens(options);
    int sampleBegin = initial.length;
    int sotIndex = DecodingRules.indexOf(initial, specials.sot());
    List<LogitFilter> filters = rules.filters(options, sampleBegin);
    int textContext = rules.textContext();
    // a draft token is kept when it is the argmax (a sampled token cannot be checked that way), and only where
    // checking it with others gives the logits a step would
    DecodingDraft guide = options.temperature() == 0 && model.acceptsDrafts() ? draft : DecodingDraft.NONE;

    int[] tokens = Arrays.copyOf(initial, sampleBegin + options.sampleLen());
    int length = sampleBegin;
    float[] logits = new float[model.logitsWidth()];
    float[] probs = new float[options.sampleLen()];

    BiasState bias = options.biasing().start();
    Boosts boosts = Boosts.forRun(options.biasing(), logits.length);

    // the draft tokens fed after the last chosen token, and how many of them were chosen since; with timestamps
    // the first token is one (ApplyTimestampRules), which a text-only draft cannot propose
    int[] pending = options.withoutTimestamps() || guide.startsWithTimestamp()
        ? guide.continuation(tokens, sampleBegin, length, DRAFT_TOKENS_PER_CALL)
        : new int[0];
    LogitRows rows = decoder.append(concat(initial, pending), initialRows(sotIndex, initial.length, pending.length));
    rows.copyRow(0, logits);
    double noSpeechProb = rules.noSpeechProb(logits);
    int row = 1;
    int checked = 0;

    double sumLogprob = 0;
    for (int step = 0; step < options.sampleLen(); step++) {
      rows.copyRow(row, logits);
      for (LogitFilter filter : filters) {
        filter.apply(logits, tokens, length);
      }
      double logSumExp = Logits.logSumExp(logits);
      bias.boost(logits, boosts);
      int next = options.temperature() == 0 ? Logits.argmax(logits) : sample(logits, options.temperature(), random);
      // the model's own log-probability: fallback and confidence must not be fooled by the boost
      double logprob = logits[next] - boosts.of(next) - logSumExp;
      bias.advance(next);
      sumLogprob += logprob;
      if (next == specials.eot()) {
        break;
      }
      probs[length - sampleBegin] = (float) Math.exp(logprob);
      tokens[length++] = next;
      if (length > textContext || step == options.sampleLen() - 1) {
        break;
      }
      if (checked < pending.length && pending[checked] == next) {
        // already fed: the next row holds the logits after it
        checked++;
        row++;
        continue;
      }
      decoder.rewind(pending.length - checked);
      pending = guide.continuation(tokens, sampleBegin, length, DRAFT_TOKENS_PER_CALL);
      rows = decoder.append(concat(new int[] {next}, pending), IntStream.rangeClosed(0, pending.length).toArray());
      row = 0;
      checked = 0;
    }

    int[] sampled = Arrays.copyOfRange(tokens, sampleBegin, length);
    return rules.result(sampled, sumLogprob, noSpeechProb, options.temperature(), Arrays.copyOf(probs, sampled.length),
        bias.completed());
  }

  /** The SOT row, the last initial token's row, and a row per draft token after it. */
  private static int[] initialRows(int sotIndex, int initialLength, int draftLength) {
    int[] rows = new int[2 + draftLength];
    rows[0] = sotIndex;
    for (int i = 0; i <= draftLength; i++) {
      rows[1 + i] = initialLength - 1 + i;
    }
    return rows;
  }

  private static int[] concat(int[] first, int[] second) {
    int[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /**
   * {@code [<|startofprev|> + last 223 prompt tokens] + SOT sequence [+ <|notimestamps|>]}.
   *
   * @throws IllegalArgumentException for a language the model does not know
   */
  public int[] initialTokens(DecodingOptions options) {
    return rules.initialTokens(options);
  }

  /**
   * The SOT sequence: {@code [sot, language, task]} on multilingual models, {@code [sot]} on
   * English-only ones.
   *
   * @throws IllegalArgumentException for an unknown language, or not "en" on an English-only model
   */
  public int[] sotSequence(String language, boolean translate) {
    return rules.sotSequence(language, translate);
  }

  /**
   * openai {@code detect_language}: one pass over {@code [sot]}, the likeliest language token.
   * English-only models answer "en".
   */
  public String detectLanguage(EncoderOutput audio) {
    if (!model.tokenizer().isMultilingual()) {
      return "en";
    }
    float[] logits = new float[model.logitsWidth()];
    try (IncrementalDecoder decoder = model.newDecoder(audio)) {
      decoder.append(new int[] {specials.sot()}, 0).copyRow(0, logits);
    }
    // ties go to the lower id, as argmax does
    String best = null;
    int bestId = Integer.MAX_VALUE;
    for (Map.Entry<String, Integer> language : specials.languages().entrySet()) {
      int id = language.getValue();
      if (best == null || logits[id] > logits[bestId] || (logits[id] == logits[bestId] && id < bestId)) {
        best = language.getKey();
        bestId = id;
      }
    }
    return best;
  }

  /** Draws from softmax(logits / temperature); masked (-inf) ids have probability 0. */
  static int sample(float[] logits, double temperature, Random random) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double total = 0;
    for (float logit : logits) {
      total += Math.exp((logit - max) / temperature);
    }
    double target = random.nextDouble() * total;
    int lastPossible = 0;
    for (int i = 0; i < logits.length; i++) {
      double weight = Math.exp((logits[i] - max) / temperature);
      if (weight > 0) {
        lastPossible = i;
        target -= weight;
        if (target < 0) {
          return i;
        }
      }
    }
    return lastPossible;
  }
}
