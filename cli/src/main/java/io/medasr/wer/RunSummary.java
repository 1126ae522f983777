package io.medasr.wer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one run that a comparison needs: global counts and rates, and per-utterance word counts.
 * Read back from a run's JSON report ({@link Reports#json}) or taken from a fresh score.
 *
 * @param normalization the run's normalization
 * @param words global word counts
 * @param characters global character counts
 * @param termRecall term recall, NaN without terms
 * @param termErrorRate term error rate, NaN without terms
 * @param utterances word counts by utterance id, in the run's order
 */
public record RunSummary(String normalization, ErrorCounts words, ErrorCounts characters, double termRecall,
    double termErrorRate, Map<String, ErrorCounts> utterances) {

  public RunSummary {
    utterances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(utterances));
  }

  public static RunSummary of(CorpusScore score, String normalization) {
    Map<String, ErrorCounts> utterances = new LinkedHashMap<>();
    score.utterances().forEach(u -> utterances.put(u.id(), u.wordCounts()));
    double recall = score.hasTerms() ? score.terms().recall() : Double.NaN;
    double ter = score.hasTerms() ? score.terms().termErrorRate() : Double.NaN;
    return new RunSummary(normalization, score.words(), score.characters(), recall, ter, utterances);
  }

  public static RunSummary read(Path path) throws WerInputException {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WerInputException(path + ": cannot read (" + e.getMessage() + ")", e);
    } catch (WerInputException e) {
      throw new WerInputException(path + ": " + e.getMessage(), e);
    }
  }

  /** Parses the JSON written by {@link Reports#json}. */
  public static RunSummary parse(String json) throws WerInputException {
    try {
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      if (!root.has("format") || !root.get("format").getAsString().startsWith("medasr-wer/")) {
        throw new WerInputException("not a JSON report of medasr wer (no \"format\": \"medasr-wer/1\")");
      }
      JsonObject summary = root.getAsJsonObject("summary");
      Map<String, ErrorCounts> utterances = new LinkedHashMap<>();
      for (JsonElement e : root.getAsJsonArray("utterances")) {
        JsonObject u = e.getAsJsonObject();
        utterances.put(u.get("id").getAsString(), counts(u));
      }
      JsonObject terms = root.has("terms") && root.get("terms").isJsonObject() ? root.getAsJsonObject("terms") : null;
      return new RunSummary(root.get("normalization").getAsString(), counts(summary),
          counts(summary.getAsJsonObject("characters")), rate(terms, "recall"), rate(terms, "termErrorRate"),
          utterances);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new WerInputException("malformed medasr wer JSON report (" + e.getMessage() + ")", e);
    }
  }

  private static ErrorCounts counts(JsonObject o) {
    return new ErrorCounts(o.get("hits").getAsLong(), o.get("substitutions").getAsLong(),
        o.get("deletions").getAsLong(), o.get("insertions").getAsLong());
  }

  private static double rate(JsonObject terms, String field) {
    if (terms == null || !terms.has(field) || terms.get(field).isJsonNull()) {
      return Double.NaN;
    }
    return terms.get(field).getAsDouble();
  }
}
