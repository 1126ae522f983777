package io.medasr.wer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads references and hypotheses. A JSONL manifest (name ending in .jsonl, or first non-blank line starting
 * with '{') gives one JSON object per line with string {@code id} and {@code text} (other fields are ignored,
 * blank lines skipped, ids must be unique). Any other file is line-aligned plain text: line n (1-based, blank
 * lines included, so that alignment is kept) is the utterance with id "n". UTF-8; a byte-order mark is ignored.
 * Stateless and thread-safe.
 */
public final class TranscriptFiles {
  private TranscriptFiles() {}

  public static List<Transcript> read(Path path) throws WerInputException {
    List<String> lines = readLines(path);
    return isJsonLines(path, lines) ? parseJsonLines(path, lines) : plainLines(lines);
  }

  /** The file's lines (UTF-8, a byte-order mark ignored), as {@link #lines} splits them. */
  static List<String> readLines(Path path) throws WerInputException {
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
    } catch (NoSuchFileException e) {
      throw new WerInputException(path + ": no such file");
    } catch (CharacterCodingException e) {
      throw new WerInputException(path + ": not UTF-8 text");
    } catch (IOException e) {
      throw new WerInputException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (content.startsWith("\uFEFF")) {
      content = content.substring(1);
    }
    return lines(content);
  }

  /** Lines without their terminators; a final terminator does not open another (empty) line. */
  static List<String> lines(String content) {
    List<String> lines = new ArrayList<>(List.of(content.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static boolean isJsonLines(Path path, List<String> lines) {
    if (path.getFileName().toString().endsWith(".jsonl")) {
      return true;
    }
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().map(l -> l.startsWith("{"))
        .orElse(false);
  }

  private static List<Transcript> plainLines(List<String> lines) {
    List<Transcript> transcripts = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      transcripts.add(new Transcript(Integer.toString(i + 1), lines.get(i)));
    }
    return transcripts;
  }

  private static List<Transcript> parseJsonLines(Path path, List<String> lines) throws WerInputException {
    List<Transcript> transcripts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = path + ":" + (i + 1) + ": ";
      JsonObject object;
      try {
        JsonElement element = JsonParser.parseString(line);
        if (!element.isJsonObject()) {
          throw new WerInputException(where + "expected a JSON object with \"id\" and \"text\"");
        }
        object = element.getAsJsonObject();
      } catch (JsonParseException e) {
        throw new WerInputException(where + "not valid JSON (" + e.getMessage() + ")");
      }
      String id = primitive(object, "id", where);
      String text = primitive(object, "text", where);
      if (!ids.add(id)) {
        throw new WerInputException(where + "duplicate id '" + id + "'");
      }
      transcripts.add(new Transcript(id, text));
    }
    return transcripts;
  }

  private static String primitive(JsonObject object, String field, String where) throws WerInputException {
    JsonElement value = object.get(field);
    if (value == null || !value.isJsonPrimitive()) {
      throw new WerInputException(where + "missing string field \"" + field + "\"");
    }
    return value.getAsString();
  }
}
