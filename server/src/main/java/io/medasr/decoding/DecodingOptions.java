package io.medasr.decoding;

import io.medasr.bias.Biasing;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one decoding run over one 30 s window (openai {@code DecodingOptions}, greedy).
 *
 * @param language language code of the SOT sequence (multilingual models; English-only models
 *     accept only "en")
 * @param withoutTimestamps append {@code <|notimestamps|>} and sample text only
 * @param promptTokens previous text after {@code <|startofprev|>}; its last 223 tokens are used;
 *     empty = no prompt
 * @param temperature 0 = argmax; above 0, sampling from softmax(logits / temperature)
 * @param sampleLen most tokens to sample (224 = half the text context)
 * @param translate task token {@code <|translate|>} instead of {@code <|transcribe|>}
 * @param suppressBlank forbid a blank or end-of-text as the first sampled token
 * @param suppressTokens ids always suppressed; {@code null} = the model's non-speech list (openai
 *     "-1"). The task and special tokens are suppressed in any case.
 * @param maxInitialTimestamp latest first timestamp in seconds (1.0); negative = no limit
 * @param biasing phrase tries whose tokens are boosted after the filters (see io.medasr.bias)
 */
public record DecodingOptions(
    String language,
    boolean withoutTimestamps,
    List<Integer> promptTokens,
    double temperature,
    int sampleLen,
    boolean translate,
    boolean suppressBlank,
    List<Integer> suppressTokens,
    double maxInitialTimestamp,
    Biasing biasing) {

  /** openai's default sample length: half of the 448-token text context. */
  public static final int DEFAULT_SAMPLE_LEN = 224;

  public DecodingOptions {
    Objects.requireNonNull(language, "language");
    promptTokens = List.copyOf(promptTokens);
    suppressTokens = suppressTokens == null ? null : List.copyOf(suppressTokens);
    Objects.requireNonNull(biasing, "biasing");
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (sampleLen <= 0) {
      throw new IllegalArgumentException("sampleLen must be > 0, got " + sampleLen);
    }
  }

  /** English transcription with timestamps, greedy, openai's defaults. */
  public static DecodingOptions defaults() {
    return new DecodingOptions(
        "en", false, List.of(), 0.0, DEFAULT_SAMPLE_LEN, false, true, null, 1.0, Biasing.NONE);
  }

  public DecodingOptions withLanguage(String code) {
    return new DecodingOptions(code, withoutTimestamps, promptTokens, temperature, sampleLen, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, biasing);
  }

  public DecodingOptions withTemperature(double value) {
    return new DecodingOptions(language, withoutTimestamps, promptTokens, value, sampleLen, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, biasing);
  }

  public DecodingOptions withPromptTokens(List<Integer> tokens) {
    return new DecodingOptions(language, withoutTimestamps, tokens, temperature, sampleLen, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, biasing);
  }

  public DecodingOptions withoutTimestamps(boolean value) {
    return new DecodingOptions(language, value, promptTokens, temperature, sampleLen, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, biasing);
  }

  public DecodingOptions withBiasing(Biasing value) {
    return new DecodingOptions(language, withoutTimestamps, promptTokens, temperature, sampleLen, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, value);
  }

  public DecodingOptions withSampleLen(int value) {
    return new DecodingOptions(language, withoutTimestamps, promptTokens, temperature, value, translate,
        suppressBlank, suppressTokens, maxInitialTimestamp, biasing);
  }
}
