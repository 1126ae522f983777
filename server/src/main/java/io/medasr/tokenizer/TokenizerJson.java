package io.medasr.tokenizer;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Hugging Face {@code tokenizer.json} a byte-level BPE needs, read with a streaming parser
 * (the file is ~4 MB; building a JSON tree of it costs seconds on a cold JVM).
 *
 * @param vocab  vocabulary string (byte-level alphabet) to id
 * @param merges merge rules in rank order, each {left, right}
 * @param added  content of each added token to its id
 */
record TokenizerJson(
    Map<String, Integer> vocab, List<String[]> merges, Map<String, Integer> added) {

  /**
   * The id of an added token.
   *
   * @throws IllegalArgumentException naming the token when the file has no such added token
   */
  int addedId(String content) {
    Integer id = added.get(content);
    if (id == null) {
      throw new IllegalArgumentException("added_tokens has no " + content);
    }
    return id;
  }

  static TokenizerJson read(Path file) throws IOException {
    Map<String, Integer> vocab = null;
    List<String[]> merges = null;
    Map<String, Integer> added = null;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonReader json = new JsonReader(in)) {
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "added_tokens" -> added = readAddedTokens(json);
          case "model" -> {
            json.beginObject();
            while (json.hasNext()) {
              switch (json.nextName()) {
                case "type" -> requireBpe(json.nextString(), file);
                case "vocab" -> vocab = readVocab(json);
                case "merges" -> merges = readMerges(json);
                default -> json.skipValue();
              }
            }
            json.endObject();
          }
          default -> json.skipValue();
        }
      }
      json.endObject();
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      // JsonReader signals unexpected JSON types with IllegalStateException
      throw new IOException(file + " is not valid tokenizer JSON: " + e.getMessage(), e);
    }
    return new TokenizerJson(
        require(vocab, file, "model.vocab"),
        require(merges, file, "model.merges"),
        require(added, file, "added_tokens"));
  }

  private static Map<String, Integer> readVocab(JsonReader json) throws IOException {
    Map<String, Integer> vocab = new HashMap<>(1 << 17);
    json.beginObject();
    while (json.hasNext()) {
      vocab.put(json.nextName(), json.nextInt());
    }
    json.endObject();
    return vocab;
  }

  /** Each merge is "left right" (older files) or ["left", "right"] (tokenizers >= 0.20). */
  private static List<String[]> readMerges(JsonReader json) throws IOException {
    List<String[]> merges = new ArrayList<>(1 << 16);
    json.beginArray();
    while (json.hasNext()) {
      if (json.peek() == JsonToken.BEGIN_ARRAY) {
        json.beginArray();
        merges.add(new String[] {json.nextString(), json.nextString()});
        json.endArray();
      } else {
        String pair = json.nextString();
        int space = pair.indexOf(' ');
        if (space < 0) {
          throw new IOException("merge " + merges.size() + " '" + pair + "' is not a pair");
        }
        merges.add(new String[] {pair.substring(0, space), pair.substring(space + 1)});
      }
    }
    json.endArray();
    return merges;
  }

  private static Map<String, Integer> readAddedTokens(JsonReader json) throws IOException {
    Map<String, Integer> added = new HashMap<>();
    json.beginArray();
    while (json.hasNext()) {
      Integer id = null;
      String content = null;
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "id" -> id = json.nextInt();
          case "content" -> content = json.nextString();
          default -> json.skipValue();
        }
      }
      json.endObject();
      if (id == null || content == null) {
        throw new IOException("added token " + added.size() + " lacks an id or content");
      }
      added.put(content, id);
    }
    json.endArray();
    return added;
  }

  private static void requireBpe(String type, Path file) throws IOException {
    if (!"BPE".equals(type)) {
      throw new IOException(file + " has model type " + type + ", not BPE");
    }
  }

  private static <T> T require(T part, Path file, String name) throws IOException {
    if (part == null) {
      throw new IOException(file + " has no " + name);
    }
    return part;
  }
}
