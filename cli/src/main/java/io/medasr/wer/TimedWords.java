package io.medasr.wer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One utterance's words with their times, read from JSONL: a manifest whose lines carry {@code words} (timing-synth:
 * {@code word}, {@code start}, {@code end} in seconds), or a hypothesis file that {@code eval --hyp-out} wrote.
 *
 * @param id the utterance id
 * @param group what the utterance is scored under besides the total (the manifest's {@code voice}; "" for none)
 * @param leadSilenceSeconds silence added before the speech ({@code lead_silence_s}; 0 when absent)
 * @param words the words in order
 */
public record TimedWords(String id, String group, double leadSilenceSeconds, List<Word> words) {

  /** A word and its span in seconds from the start of the audio. */
  public record Word(String text, double start, double end) {}

  public TimedWords {
    words = List.copyOf(words);
  }

  /**
   * Every line of {@code path} that has an {@code id} and a {@code words} array; lines without words are left out
   * (a manifest without word times gives none).
   *
   * @throws WerInputException when the file cannot be read, or a line is not JSON or has malformed words
   */
  public static List<TimedWords> read(Path path) throws WerInputException {
    List<String> lines = TranscriptFiles.readLines(path);
    List<TimedWords> all = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = path + ":" + (i + 1) + ": ";
      try {
        JsonElement element = JsonParser.parseString(line);
        if (!element.isJsonObject()) {
          throw new WerInputException(where + "expected a JSON object");
        }
        JsonObject object = element.getAsJsonObject();
        if (object.has("id") && object.has("words") && object.get("words").isJsonArray()) {
          all.add(parse(object, where));
        }
      } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
        throw new WerInputException(where + "not valid JSON with words of \"word\", \"start\" and \"end\" ("
            + e.getMessage() + ")");
      }
    }
    return all;
  }

  private static TimedWords parse(JsonObject object, String where) throws WerInputException {
    List<Word> words = new ArrayList<>();
    for (JsonElement element : object.getAsJsonArray("words")) {
      JsonObject word = element.getAsJsonObject();
      if (!word.has("word") || !word.has("start") || !word.has("end")) {
        throw new WerInputException(where + "every word needs \"word\", \"start\" and \"end\"");
      }
      words.add(new Word(word.get("word").getAsString(), word.get("start").getAsDouble(),
          word.get("end").getAsDouble()));
    }
    return new TimedWords(object.get("id").getAsString(),
        object.has("voice") ? object.get("voice").getAsString() : "",
        object.has("lead_silence_s") ? object.get("lead_silence_s").getAsDouble() : 0, words);
  }
}
