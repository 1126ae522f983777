package io.medasr.wer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent word errors over a corpus: substituted pairs, deleted words and inserted words, each sorted
 * by count (then alphabetically).
 */
public record Confusions(List<Count> substitutions, List<Count> deletions, List<Count> insertions) {
  /** How often {@code reference} was heard as {@code hypothesis} (empty for a deletion or an insertion). */
  public record Count(String reference, String hypothesis, long count) {}

  public Confusions {
    substitutions = List.copyOf(substitutions);
    deletions = List.copyOf(deletions);
    insertions = List.copyOf(insertions);
  }

  public static Confusions of(List<UtteranceScore> utterances, int limit) {
    Map<List<String>, Long> substituted = new LinkedHashMap<>();
    Map<List<String>, Long> deleted = new LinkedHashMap<>();
    Map<List<String>, Long> inserted = new LinkedHashMap<>();
    for (UtteranceScore u : utterances) {
      Alignment a = u.words();
      for (AlignmentChunk c : a.chunks()) {
        switch (c.type()) {
          case SUBSTITUTE -> {
            for (int k = 0; k < c.refEnd() - c.refStart(); k++) {
              substituted.merge(List.of(a.reference().get(c.refStart() + k), a.hypothesis().get(c.hypStart() + k)),
                  1L, Long::sum);
            }
          }
          case DELETE -> a.reference().subList(c.refStart(), c.refEnd())
              .forEach(w -> deleted.merge(List.of(w, ""), 1L, Long::sum));
          case INSERT -> a.hypothesis().subList(c.hypStart(), c.hypEnd())
              .forEach(w -> inserted.merge(List.of("", w), 1L, Long::sum));
          case EQUAL -> { }
        }
      }
    }
    return new Confusions(top(substituted, limit), top(deleted, limit), top(inserted, limit));
  }

  private static List<Count> top(Map<List<String>, Long> counts, int limit) {
    List<Count> all = new ArrayList<>();
    counts.forEach((pair, n) -> all.add(new Count(pair.get(0), pair.get(1), n)));
    all.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::reference)
        .thenComparing(Count::hypothesis));
    return all.subList(0, Math.min(limit, all.size()));
  }
}
