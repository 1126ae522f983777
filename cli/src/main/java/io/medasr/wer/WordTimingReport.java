package io.medasr.wer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;

/** {@link WordTimingScorer.Score} as text for people and as JSON for tools (docs/wer.md). Stateless. */
public final class WordTimingReport {
  private WordTimingReport() {}

  /** Milliseconds, shares in per cent. */
  public static String text(WordTimingScorer.Score score) {
    WordTimingScorer.Errors total = score.total();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "word times: %d words matched; boundaries: mean abs %.1f ms, within 50 ms "
        + "%.1f %%, within 100 ms %.1f %%%n", total.matchedWords(), ms(total.meanAbs()), 100 * total.withinNear(),
        100 * total.withinFair()));
    out.append(String.format(Locale.ROOT, "  starts: mean abs %.1f ms, median abs %.1f ms, mean signed %+.1f ms%n",
        ms(total.startMeanAbs()), ms(total.startMedianAbs()), ms(total.startMeanSigned())));
    out.append(String.format(Locale.ROOT, "  ends:   mean abs %.1f ms, median abs %.1f ms, mean signed %+.1f ms%n",
        ms(total.endMeanAbs()), ms(total.endMedianAbs()), ms(total.endMeanSigned())));
    if (score.firstWords() > 0) {
      out.append(String.format(Locale.ROOT, "  first words after leading silence (%d): start mean signed %+.1f ms, "
          + "mean abs %.1f ms%n", score.firstWords(), ms(score.firstWordMeanSigned()), ms(score.firstWordMeanAbs())));
    }
    for (Map.Entry<String, WordTimingScorer.Errors> group : score.byGroup().entrySet()) {
      WordTimingScorer.Errors errors = group.getValue();
      out.append(String.format(Locale.ROOT, "  %s: %d words, mean abs %.1f ms, starts %+.1f ms, ends %+.1f ms, "
          + "within 50 ms %.1f %%%n", group.getKey(), errors.matchedWords(), ms(errors.meanAbs()),
          ms(errors.startMeanSigned()), ms(errors.endMeanSigned()), 100 * errors.withinNear()));
    }
    return out.toString();
  }

  /** Seconds and shares as fractions; NaN written as null. */
  public static String json(WordTimingScorer.Score score) {
    JsonObject json = errors(score.total());
    JsonObject first = new JsonObject();
    first.addProperty("count", score.firstWords());
    first.addProperty("start_mean_signed", score.firstWordMeanSigned());
    first.addProperty("start_mean_abs", score.firstWordMeanAbs());
    json.add("first_words_after_silence", first);
    JsonObject groups = new JsonObject();
    score.byGroup().forEach((group, errors) -> groups.add(group, errors(errors)));
    json.add("by_group", groups);
    return new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(json)
        .replace("NaN", "null");
  }

  private static JsonObject errors(WordTimingScorer.Errors errors) {
    JsonObject json = new JsonObject();
    json.addProperty("matched_words", errors.matchedWords());
    json.addProperty("mean_abs", errors.meanAbs());
    json.addProperty("start_mean_abs", errors.startMeanAbs());
    json.addProperty("start_median_abs", errors.startMedianAbs());
    json.addProperty("start_mean_signed", errors.startMeanSigned());
    json.addProperty("end_mean_abs", errors.endMeanAbs());
    json.addProperty("end_median_abs", errors.endMedianAbs());
    json.addProperty("end_mean_signed", errors.endMeanSigned());
    json.addProperty("within_50ms", errors.withinNear());
    json.addProperty("within_100ms", errors.withinFair());
    return json;
  }

  private static double ms(double seconds) {
    return 1000 * seconds;
  }
}
