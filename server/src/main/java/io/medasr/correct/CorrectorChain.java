package io.medasr.correct;

import io.medasr.align.WordTiming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Correctors in order of precedence: each proposes changes to the decoded words, and a change is kept when its
 * span overlaps none kept before it, so an earlier corrector's change wins over a later one's on the same words.
 * Immutable; as thread-safe as its correctors.
 */
public record CorrectorChain(List<Corrector> correctors) implements Corrector {

  public CorrectorChain {
    correctors = List.copyOf(correctors);
    if (correctors.isEmpty()) {
      throw new IllegalArgumentException("a chain holds at least one corrector");
    }
  }

  @Override
  public List<Correction> propose(List<WordTiming> words) {
    List<Correction> kept = new ArrayList<>();
    boolean[] taken = new boolean[words.size()];
    for (Corrector corrector : correctors) {
      for (Correction change : corrector.propose(words)) {
        int end = change.firstWord() + change.wordCount();
        boolean free = end <= words.size();
        for (int i = change.firstWord(); free && i < end; i++) {
          free = !taken[i];
        }
        if (free) {
          Arrays.fill(taken, change.firstWord(), end, true);
          kept.add(change);
        }
      }
    }
    return kept;
  }
}
