package io.medasr.wer;

import java.nio.file.Path;
import java.util.List;

/**
 * Medical terms to track, read by {@link TermListReader}: a plain list (one term or phrase per line) or a lexicon
 * TSV whose entries carry a {@link TermCategory}.
 *
 * @param entries the terms in file order
 */
public record TermList(List<MedicalTerm> entries) {
  public static final TermList NONE = new TermList(List.of());

  public TermList {
    entries = List.copyOf(entries);
  }

  /** A plain list: terms without category. */
  public static TermList of(List<String> terms) {
    return new TermList(terms.stream().map(t -> new MedicalTerm(t, null)).toList());
  }

  /** Reads a plain list or a lexicon TSV, told apart by the lexicon's header line. */
  public static TermList read(Path path) throws WerInputException {
    return TermListReader.read(path);
  }

  /** The terms' texts, as written. */
  public List<String> terms() {
    return entries.stream().map(MedicalTerm::text).toList();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
