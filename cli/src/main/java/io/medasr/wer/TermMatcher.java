package io.medasr.wer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Finds term occurrences in aligned utterances and scores them (see {@link TermMetrics}). Immutable, thread-safe. */
final class TermMatcher {
  private final TermIndex terms;

  TermMatcher(TermIndex terms) {
    this.terms = terms;
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  TermMetrics score(String utteranceId, Alignment alignment) {
    List<String> ref = alignment.reference();
    List<String> hyp = alignment.hypothesis();
    // for every reference word: the hypothesis word it is aligned to (hit or substitution), else -1
    int[] alignedHyp = new int[ref.size()];
    boolean[] hit = new boolean[ref.size()];
    // insertions before reference position k (k = ref.size() for insertions at the end)
    List<List<Integer>> insertedBefore = new ArrayList<>();
    for (int k = 0; k <= ref.size(); k++) {
      insertedBefore.add(new ArrayList<>());
    }
    Arrays.fill(alignedHyp, -1);
    for (AlignmentChunk c : alignment.chunks()) {
      switch (c.type()) {
        case EQUAL, SUBSTITUTE -> {
          for (int k = c.refStart(); k < c.refEnd(); k++) {
            alignedHyp[k] = c.hypStart() + k - c.refStart();
            hit[k] = c.type() == AlignmentChunk.Type.EQUAL;
          }
        }
        case INSERT -> {
          for (int h = c.hypStart(); h < c.hypEnd(); h++) {
            insertedBefore.get(c.refStart()).add(h);
          }
        }
        case DELETE -> { }
      }
    }
    List<TermIndex.Occurrence> refOccurrences = terms.find(ref);
    List<TermIndex.Occurrence> hypOccurrences = terms.find(hyp);
    Set<TermIndex.Occurrence> hypSpans = new HashSet<>(hypOccurrences);
    long recognized = 0;
    long termWords = 0;
    long termWordErrors = 0;
    List<MissedTerm> missed = new ArrayList<>();
    for (TermIndex.Occurrence o : refOccurrences) {
      termWords += o.end() - o.start();
      boolean allHits = true;
      List<Integer> heard = new ArrayList<>();
      for (int k = o.start(); k < o.end(); k++) {
        if (k > o.start()) {
          heard.addAll(insertedBefore.get(k));
          termWordErrors += insertedBefore.get(k).size();
        }
        if (!hit[k]) {
          allHits = false;
          termWordErrors++;
        }
        if (alignedHyp[k] >= 0) {
          heard.add(alignedHyp[k]);
        }
      }
      int hypStart = alignedHyp[o.start()];
      // all hits and nothing inserted inside: the same words at consecutive hypothesis positions
      boolean sameWords = allHits && heard.size() == o.end() - o.start();
      if (sameWords && hypSpans.contains(new TermIndex.Occurrence(o.term(), hypStart, hypStart + heard.size()))) {
        recognized++;
      } else {
        // words inserted right before or after the span are shown too: "metoprolol" heard as "meto prolol"
        // aligns as an insertion followed by a substitution
        List<Integer> around = new ArrayList<>(insertedBefore.get(o.start()));
        around.addAll(heard);
        around.addAll(insertedBefore.get(o.end()));
        StringBuilder words = new StringBuilder();
        for (int h : around) {
          words.append(words.length() == 0 ? "" : " ").append(hyp.get(h));
        }
        missed.add(new MissedTerm(utteranceId, o.term().text(), words.toString()));
      }
    }
    return new TermMetrics(refOccurrences.size(), hypOccurrences.size(), recognized, termWords, termWordErrors,
        missed);
  }
}
