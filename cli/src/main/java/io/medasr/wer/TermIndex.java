package io.medasr.wer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The terms of a list after normalization, and the one way both term recall and M-WER find them in a text:
 * greedily from the left, at each word the longest term that starts there, occurrences not overlapping
 * (medwer's {@code keep_medical}). A term that several entries normalize to keeps the first entry's category.
 * Immutable, thread-safe.
 */
final class TermIndex {
  /**
   * A normalized term.
   *
   * @param words its words
   * @param category the category of the first entry that normalizes to it; null in a plain list
   */
  record Term(List<String> words, TermCategory category) {
    /** The words joined by a space: the term as one token of M-WER. */
    String text() {
      return String.join(" ", words);
    }
  }

  /** A term found at words [start, end) of a text. */
  record Occurrence(Term term, int start, int end) {}

  private final Map<List<String>, Term> byWords;
  private final int longest;

  private TermIndex(Map<List<String>, Term> byWords) {
    this.byWords = byWords;
    this.longest = byWords.keySet().stream().mapToInt(List::size).max().orElse(0);
  }

  static TermIndex of(TermList list, Normalizer normalizer) {
    Map<List<String>, Term> byWords = new LinkedHashMap<>();
    for (MedicalTerm entry : list.entries()) {
      List<String> words = JiwerTokens.words(normalizer.normalize(entry.text()));
      if (!words.isEmpty()) {
        byWords.putIfAbsent(words, new Term(words, entry.category()));
      }
    }
    return new TermIndex(byWords);
  }

  /** The terms of one category only (so that a longer term of another category no longer hides them). */
  TermIndex only(TermCategory category) {
    Map<List<String>, Term> kept = new LinkedHashMap<>();
    byWords.forEach((words, term) -> {
      if (term.category() == category) {
        kept.put(words, term);
      }
    });
    return new TermIndex(kept);
  }

  boolean isEmpty() {
    return byWords.isEmpty();
  }

  /** The categories of the terms, in {@link TermCategory} order; empty for a plain list. */
  Set<TermCategory> categories() {
    Set<TermCategory> present = EnumSet.noneOf(TermCategory.class);
    byWords.values().stream().map(Term::category).filter(Objects::nonNull).forEach(present::add);
    return present;
  }

  List<Occurrence> find(List<String> words) {
    List<Occurrence> found = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      Term match = null;
      for (int length = Math.min(longest, words.size() - i); length > 0 && match == null; length--) {
        match = byWords.get(words.subList(i, i + length));
      }
      if (match == null) {
        i++;
      } else {
        found.add(new Occurrence(match, i, i + match.words().size()));
        i += match.words().size();
      }
    }
    return found;
  }

  /** The occurrences' terms, each as one token, in text order. */
  List<String> tokens(List<String> words) {
    return find(words).stream().map(o -> o.term().text()).toList();
  }
}
