package io.medasr.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An accepted API key: its name, which logs and limits show, and its value, which nothing shows ({@link #toString}
 * leaves it out). An immutable value.
 *
 * @param name who holds the key, e.g. "ward-3-dictation"
 * @param value the secret the client sends as {@code authorization: Bearer <value>}
 * @param maxCalls calls this key may have admitted at once; 0 = the server's limit per client
 */
public record ApiKey(String name, String value, int maxCalls) {
  /** What a client can send in the header: printable ASCII without spaces (as the SDK checks). */
  private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern FIELDS = Pattern.compile("\\s+");
  /** How keys given without names (a comma-separated list) are named: by their position, from 1. */
  static final String UNNAMED_PREFIX = "API key ";

  public ApiKey {
    if (name == null || !(NAME.matcher(name).matches() || name.startsWith(UNNAMED_PREFIX))) {
      throw new IllegalArgumentException("an API key's name must be letters, digits, '.', '_' and '-', got '"
          + name + "'");
    }
    if (value == null || !VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("API key " + name + " must be printable ASCII without spaces");
    }
    if (maxCalls < 0) {
      throw new IllegalArgumentException("API key " + name + ": max calls must be >= 0, got " + maxCalls);
    }
  }

  /** Keys without names, as {@code --api-keys} gives them: "API key 1", "API key 2", ... */
  public static List<ApiKey> numbered(List<String> values) {
    List<ApiKey> keys = new ArrayList<>();
    for (String value : values) {
      keys.add(new ApiKey(UNNAMED_PREFIX + (keys.size() + 1), value, 0));
    }
    return keys;
  }

  /**
   * Reads a key file: one key per line as {@code NAME KEY [MAX_CALLS]} (fields separated by spaces or tabs);
   * blank lines and lines starting with {@code #} are skipped. Names and keys must be unique.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the line that is wrong (never quoting a key)
   */
  public static List<ApiKey> readFile(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * The keys of an API keys file's {@code content} ({@link #readFile}); {@code source} names it in errors, which
   * never quote a key's value.
   *
   * @throws IllegalArgumentException naming the line that is not {@code NAME KEY [MAX_CALLS]}
   */
  public static List<ApiKey> parse(String content, String source) {
    List<ApiKey> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> values = new HashSet<>();
    List<String> lines = content.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] fields = FIELDS.split(line);
      if (fields.length < 2 || fields.length > 3) {
        throw new IllegalArgumentException(where + ": expected NAME KEY [MAX_CALLS], got " + fields.length
            + " fields");
      }
      ApiKey key;
      try {
        key = new ApiKey(fields[0], fields[1], fields.length == 3 ? Integer.parseInt(fields[2]) : 0);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": MAX_CALLS must be an integer");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      if (!names.add(key.name())) {
        throw new IllegalArgumentException(where + ": the name " + key.name() + " is used twice");
      }
      if (!values.add(key.value())) {
        throw new IllegalArgumentException(where + ": the key of " + key.name() + " is also another name's key");
      }
      keys.add(key);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no API key");
    }
    return List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "ApiKey[" + name + (maxCalls > 0 ? ", max calls " + maxCalls : "") + "]";
  }
}
