package io.medasr.bias;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A medical lexicon read from the TSV that {@code models/vocab/build-lexicon.sh} writes: header
 * {@code term, category, specialties, priority, spoken, source}, one term per row. Immutable.
 */
public final class Lexicon {
  static final String HEADER = "term\tcategory\tspecialties\tpriority\tspoken\tsource";
  /** The category of abbreviations (said letter by letter or as their spoken forms, not as written). */
  static final String ABBREVIATION = "abbreviation";

  private final List<LexiconTerm> terms;
  private final Set<String> specialties;

  private Lexicon(List<LexiconTerm> terms) {
    this.terms = List.copyOf(terms);
    Set<String> all = new TreeSet<>();
    terms.forEach(t -> all.addAll(t.specialties()));
    this.specialties = Collections.unmodifiableSet(all);
  }

  public static Lexicon empty() {
    return new Lexicon(List.of());
  }

  /** @throws IOException when the file cannot be read or is not in the lexicon format (the message says where) */
  public static Lexicon read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + ": not a lexicon (its first line must be '" + HEADER.replace("\t", "<TAB>")
          + "')");
    }
    List<LexiconTerm> terms = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 6 || fields[0].isBlank()) {
        throw new IOException(file + ":" + (i + 1) + ": expected 6 tab-separated fields with a term");
      }
      try {
        terms.add(new LexiconTerm(fields[0].strip(), fields[1], Set.of(split(fields[2], ",")),
            Double.parseDouble(fields[3]), Arrays.asList(split(fields[4], "\\|"))));
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + (i + 1) + ": priority '" + fields[3] + "' is not a number");
      }
    }
    return new Lexicon(terms);
  }

  private static String[] split(String field, String separator) {
    return field.isBlank() ? new String[0] : Arrays.stream(field.split(separator)).map(String::strip)
        .filter(s -> !s.isEmpty()).distinct().toArray(String[]::new);
  }

  public int size() {
    return terms.size();
  }

  /** Specialties that have at least one term, sorted. */
  public Set<String> specialties() {
    return specialties;
  }

  /** All terms, most common first (ties by term). */
  public List<LexiconTerm> terms() {
    return terms.stream()
        .sorted(Comparator.comparingDouble(LexiconTerm::priority).reversed().thenComparing(LexiconTerm::term))
        .toList();
  }

  /** The {@code limit} most common terms of {@code specialty}, most common first (ties by term). */
  public List<LexiconTerm> top(String specialty, int limit) {
    return terms.stream()
        .filter(t -> t.specialties().contains(specialty))
        .sorted(Comparator.comparingDouble(LexiconTerm::priority).reversed().thenComparing(LexiconTerm::term))
        .limit(limit)
        .toList();
  }
}
