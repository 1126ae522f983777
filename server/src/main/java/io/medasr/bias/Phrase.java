package io.medasr.bias;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A phrase to bias toward and its boost: log-probability added per token while the phrase is being spelled
 * (the whole phrase earns it once more when completed, and gives it back if abandoned).
 */
public record Phrase(String text, float boost) {
  public Phrase {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a phrase needs text");
    }
    if (!(boost > 0)) {
      throw new IllegalArgumentException("boost must be > 0, got " + boost);
    }
  }

  /**
   * Reads a phrase list: one phrase per line, optionally followed by a TAB and its boost; blank lines and lines
   * starting with {@code #} are skipped.
   *
   * @throws IOException naming the file and line of a bad boost
   */
  public static List<Phrase> readFile(Path file, float defaultBoost) throws IOException {
    List<Phrase> phrases = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", 2);
      float boost = defaultBoost;
      if (fields.length == 2 && !fields[1].isBlank()) {
        try {
          boost = Float.parseFloat(fields[1].strip());
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + (i + 1) + ": boost '" + fields[1].strip() + "' is not a number");
        }
      }
      try {
        phrases.add(new Phrase(fields[0].strip(), boost));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return phrases;
  }
}
