package io.medasr.wer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Medical terms to track: one term or phrase per line; blank lines and lines starting with '#' are ignored.
 *
 * @param terms the terms as written in the file
 */
public record TermList(List<String> terms) {
  public static final TermList NONE = new TermList(List.of());

  public TermList {
    terms = List.copyOf(terms);
  }

  public static TermList read(Path path) throws WerInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WerInputException(path + ": no such file");
    } catch (IOException e) {
      throw new WerInputException(path + ": cannot read terms (" + e.getMessage() + ")", e);
    }
    List<String> terms = new ArrayList<>();
    for (String line : lines) {
      String term = line.strip();
      if (!term.isEmpty() && !term.startsWith("#")) {
        terms.add(term);
      }
    }
    return new TermList(terms);
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }
}
