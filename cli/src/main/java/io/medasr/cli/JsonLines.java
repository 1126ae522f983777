package io.medasr.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.medasr.client.Correction;
import io.medasr.client.Result;
import io.medasr.client.TranscriptResult;
import io.medasr.client.Word;
import java.util.List;

/** The JSON objects the commands print with {@code --json}, one per line. Stateless. */
final class JsonLines {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private JsonLines() {}

  /** A transcribed file: file, transcript, words, corrections, duration (s), elapsed_ms. */
  static String transcribed(String file, TranscriptResult result, long elapsedMillis) {
    JsonObject json = new JsonObject();
    json.addProperty("file", file);
    json.addProperty("transcript", result.text());
    json.add("words", words(result.words()));
    json.add("corrections", corrections(
        result.results().stream().flatMap(r -> r.best().corrections().stream()).toList()));
    json.addProperty("duration", result.audioDurationSeconds());
    json.addProperty("elapsed_ms", elapsedMillis);
    return GSON.toJson(json);
  }

  /** A file that could not be transcribed: file, error {code, message}. */
  static String failed(String file, String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    JsonObject json = new JsonObject();
    json.addProperty("file", file);
    json.add("error", error);
    return GSON.toJson(json);
  }

  /** One streaming result: is_final, transcript, stability, start, end, words, corrections. */
  static String streamed(Result result) {
    JsonObject json = new JsonObject();
    json.addProperty("is_final", result.isFinal());
    json.addProperty("transcript", result.text());
    json.addProperty("stability", result.stability());
    json.addProperty("start", result.start());
    json.addProperty("end", result.end());
    json.add("words", words(result.best().words()));
    json.add("corrections", corrections(result.best().corrections()));
    return GSON.toJson(json);
  }

  /** Words as every command writes them: word, start, end (s), confidence, from_vocabulary. */
  static JsonArray words(List<Word> words) {
    JsonArray array = new JsonArray();
    for (Word word : words) {
      JsonObject json = new JsonObject();
      json.addProperty("word", word.text());
      json.addProperty("start", word.start());
      json.addProperty("end", word.end());
      json.addProperty("confidence", word.confidence());
      json.addProperty("from_vocabulary", word.fromVocabulary());
      array.add(json);
    }
    return array;
  }

  private static JsonArray corrections(List<Correction> corrections) {
    JsonArray array = new JsonArray();
    for (Correction correction : corrections) {
      JsonObject json = new JsonObject();
      json.addProperty("original", correction.original());
      json.addProperty("replacement", correction.replacement());
      json.addProperty("source", correction.source());
      json.addProperty("confidence", correction.confidence());
      json.addProperty("first_word", correction.firstWord());
      json.addProperty("word_count", correction.wordCount());
      array.add(json);
    }
    return array;
  }
}
