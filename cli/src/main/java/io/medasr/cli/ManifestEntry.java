package io.medasr.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.medasr.wer.Transcript;
import io.medasr.wer.WerInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One utterance of a test-set manifest: a JSONL file with one object per line holding {@code id}, {@code audio}
 * (a path relative to the manifest's folder), {@code text} (the reference) and optionally {@code terms} (the
 * medical terms said, as written in {@code text}); other fields are ignored. An immutable value.
 *
 * @param audio the audio path as the manifest writes it
 * @param audioFile where that file is: {@code audio} resolved against the manifest's folder
 * @param terms the utterance's terms, empty when the manifest has none
 */
record ManifestEntry(String id, String audio, Path audioFile, String text, List<String> terms) {

  ManifestEntry {
    terms = List.copyOf(terms);
  }

  /** The reference transcript, for scoring. */
  Transcript reference() {
    return new Transcript(id, text);
  }

  /**
   * Reads a manifest. Blank lines are skipped; ids must be unique (a numeric id is read as its string).
   *
   * @throws WerInputException naming the file and line of the first problem
   */
  static List<ManifestEntry> readAll(Path manifest) throws WerInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WerInputException(manifest + ": no such file");
    } catch (IOException e) {
      throw new WerInputException(manifest + ": cannot read (" + e.getMessage() + ")", e);
    }
    Path folder = manifest.toAbsolutePath().getParent();
    List<ManifestEntry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = manifest + ":" + (i + 1) + ": ";
      JsonObject object;
      try {
        JsonElement element = JsonParser.parseString(line);
        if (!element.isJsonObject()) {
          throw new WerInputException(where + "expected a JSON object with \"id\", \"audio\" and \"text\"");
        }
        object = element.getAsJsonObject();
      } catch (JsonParseException e) {
        throw new WerInputException(where + "not valid JSON (" + e.getMessage() + ")");
      }
      String id = field(object, "id", where);
      String audio = field(object, "audio", where);
      if (!ids.add(id)) {
        throw new WerInputException(where + "duplicate id '" + id + "'");
      }
      Path audioFile;
      try {
        audioFile = folder.resolve(audio);
      } catch (InvalidPathException e) {
        throw new WerInputException(where + "\"audio\" is not a usable path (" + e.getMessage() + ")");
      }
      entries.add(new ManifestEntry(id, audio, audioFile, field(object, "text", where), terms(object, where)));
    }
    return entries;
  }

  private static List<String> terms(JsonObject object, String where) throws WerInputException {
    JsonElement value = object.get("terms");
    if (value == null) {
      return List.of();
    }
    if (!value.isJsonArray()) {
      throw new WerInputException(where + "\"terms\" must be an array of strings");
    }
    List<String> terms = new ArrayList<>();
    for (JsonElement term : value.getAsJsonArray()) {
      if (!term.isJsonPrimitive()) {
        throw new WerInputException(where + "\"terms\" must be an array of strings");
      }
      terms.add(term.getAsString());
    }
    return terms;
  }

  private static String field(JsonObject object, String name, String where) throws WerInputException {
    JsonElement value = object.get(name);
    if (value == null || !value.isJsonPrimitive()) {
      throw new WerInputException(where + "missing string field \"" + name + "\"");
    }
    return value.getAsString();
  }
}
