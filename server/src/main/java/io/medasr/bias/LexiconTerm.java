package io.medasr.bias;

import java.util.List;
import java.util.Set;

/**
 * One row of a medical lexicon (models/vocab/README.md has the file format).
 *
 * @param term the written form, as a transcript should show it
 * @param category diagnosis, drug, procedure, anatomy or abbreviation
 * @param specialties the specialty lists the term belongs to
 * @param priority how common the term is in practice, in [0, 1]; lists are cut to their most common terms
 * @param spoken what is said where it differs from the written form
 */
public record LexiconTerm(String term, String category, Set<String> specialties, double priority,
    List<String> spoken) {

  public LexiconTerm {
    specialties = Set.copyOf(specialties);
    spoken = List.copyOf(spoken);
  }
}
