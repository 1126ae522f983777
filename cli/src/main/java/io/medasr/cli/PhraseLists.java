package io.medasr.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Per-utterance phrase lists for {@code eval --phrase-list N}, as a clinician's patient list would be: the
 * utterance's own terms plus distractors drawn from a term list, so that biasing is measured on recall and on
 * the spurious insertions the distractors invite. Reproducible for a seed.
 */
final class PhraseLists {
  private PhraseLists() {}

  /** Lists of {@code size} phrases keyed by utterance id (fewer when the pool runs out). */
  static Map<String, List<String>> build(List<ManifestEntry> entries, List<String> pool, int size, long seed) {
    Random random = new Random(seed);
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (ManifestEntry entry : entries) {
      Set<String> keys = new LinkedHashSet<>();
      List<String> list = new ArrayList<>();
      for (String term : entry.terms()) {
        if (list.size() < size && keys.add(term.toLowerCase(Locale.ROOT))) {
          list.add(term);
        }
      }
      List<String> distractors = new ArrayList<>(pool);
      Collections.shuffle(distractors, random);
      for (String term : distractors) {
        if (list.size() >= size) {
          break;
        }
        if (keys.add(term.toLowerCase(Locale.ROOT))) {
          list.add(term);
        }
      }
      Collections.shuffle(list, random); // the order must not tell the server which terms are real
      lists.put(entry.id(), List.copyOf(list));
    }
    return lists;
  }
}
