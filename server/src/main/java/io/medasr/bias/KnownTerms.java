package io.medasr.bias;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Terms to recognise in text, case and punctuation aside ("Atrial fibrillation," is "atrial fibrillation"): the
 * lexicon's or a request's phrases. Immutable; thread-safe.
 */
public final class KnownTerms {
  private final Set<String> terms = new HashSet<>();

  private KnownTerms(Collection<String> terms) {
    for (String term : terms) {
      List<String> words = PromptTerms.words(term);
      if (!words.isEmpty()) {
        this.terms.add(String.join(" ", words));
      }
    }
  }

  public static KnownTerms of(Collection<String> terms) {
    return new KnownTerms(terms);
  }

  /** Whether {@code text}'s words (lower case, split at punctuation) are those of a term. */
  public boolean contains(String text) {
    return terms.contains(String.join(" ", PromptTerms.words(text)));
  }
}
