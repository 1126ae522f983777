package io.medasr.tokenizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of Whisper's special tokens, as found in a model's tokenizer file. Timestamp tokens are
 * {@code timestampBegin} ({@code <|0.00|>}) and every id above it, 0.02 s apart.
 *
 * @param languages language code (e.g. "en") to its {@code <|en|>} token id, in id order
 */
public record SpecialTokens(
    int eot,
    int sot,
    int translate,
    int transcribe,
    int startOfLm,
    int startOfPrev,
    int noSpeech,
    int noTimestamps,
    int timestampBegin,
    Map<String, Integer> languages) {

  /** Seconds between consecutive timestamp tokens (one step of the 1500-position encoder output). */
  public static final double TIMESTAMP_STEP_SECONDS = 0.02;

  public SpecialTokens {
    languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
  }

  public boolean isTimestamp(int id) {
    return id >= timestampBegin;
  }

  /** The time a timestamp token stands for, e.g. 1.08 for {@code <|1.08|>}. */
  public double timestampSeconds(int id) {
    if (!isTimestamp(id)) {
      throw new IllegalArgumentException(
          "token " + id + " is not a timestamp (they start at " + timestampBegin + ")");
    }
    // dividing by 50 rather than multiplying by 0.02 gives the double closest to the 2-decimal
    // value
    return (id - timestampBegin) / (1.0 / TIMESTAMP_STEP_SECONDS);
  }
}
