package io.medasr.correct;

import io.medasr.align.WordTiming;
import java.util.List;

/**
 * One corrector of final results: proposes changes to a result's words. Correctors are chained
 * ({@link CorrectorChain}); each proposes against the words as decoded, so every change's span refers to
 * {@code raw_transcript}.
 */
public interface Corrector {
  /** The changes this corrector makes to {@code words}: spans that do not overlap, in any order. */
  List<Correction> propose(List<WordTiming> words);

  /** {@code words} with this corrector's changes made. */
  default CorrectedWords correct(List<WordTiming> words) {
    return words.isEmpty() ? CorrectedWords.unchanged(words) : CorrectedWords.apply(words, propose(words));
  }
}
