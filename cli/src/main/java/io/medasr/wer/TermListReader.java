package io.medasr.wer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code --terms FILE}. A file whose first line is a tab-separated header naming the columns {@code term}
 * and {@code category} (the lexicon format: {@code term, category, specialties, priority, spoken, source}) is a
 * lexicon: one entry per row, the category one of {@link TermCategory}'s labels, other columns ignored. Any other
 * file is a plain list: one term or phrase per line. In both, blank lines and lines starting with '#' are
 * skipped. Stateless.
 */
final class TermListReader {
  private TermListReader() {}

  static TermList read(Path path) throws WerInputException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WerInputException(path + ": no such file");
    } catch (CharacterCodingException e) {
      throw new WerInputException(path + ": not UTF-8 text");
    } catch (IOException e) {
      throw new WerInputException(path + ": cannot read terms (" + e.getMessage() + ")", e);
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1));
    }
    List<String> header = lines.isEmpty() ? List.of() : columns(lines.get(0));
    if (header.contains("term") && header.contains("category")) {
      return lexicon(path, lines, header.indexOf("term"), header.indexOf("category"));
    }
    List<MedicalTerm> terms = new ArrayList<>();
    for (String line : lines) {
      String term = line.strip();
      if (!skipped(term)) {
        terms.add(new MedicalTerm(term, null));
      }
    }
    return new TermList(terms);
  }

  private static TermList lexicon(Path path, List<String> lines, int termColumn, int categoryColumn)
      throws WerInputException {
    List<MedicalTerm> terms = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      if (skipped(lines.get(n).strip())) {
        continue;
      }
      List<String> row = columns(lines.get(n));
      String where = path + ":" + (n + 1) + ": ";
      if (row.size() <= Math.max(termColumn, categoryColumn)) {
        throw new WerInputException(where + "expected the columns of the header (tab-separated), got "
            + row.size());
      }
      String term = row.get(termColumn).strip();
      TermCategory category = TermCategory.ofLabel(row.get(categoryColumn).strip());
      if (term.isEmpty()) {
        throw new WerInputException(where + "empty term");
      }
      if (category == null) {
        throw new WerInputException(where + "unknown category '" + row.get(categoryColumn).strip()
            + "' (expected diagnosis, drug, procedure, anatomy or abbreviation)");
      }
      terms.add(new MedicalTerm(term, category));
    }
    return new TermList(terms);
  }

  private static List<String> columns(String line) {
    return Arrays.stream(line.split("\t", -1)).map(String::strip).toList();
  }

  private static boolean skipped(String stripped) {
    return stripped.isEmpty() || stripped.startsWith("#");
  }
}
