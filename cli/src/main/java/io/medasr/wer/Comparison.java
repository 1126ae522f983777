package io.medasr.wer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What got better or worse from a baseline run to the current run: global rates and, per utterance present in
 * both, the change in word errors (S + D + I).
 *
 * @param baseline the earlier run
 * @param current the run being compared
 * @param improved utterances with fewer word errors now, largest improvement first
 * @param regressed utterances with more word errors now, largest regression first
 * @param unchanged number of utterances with the same error count
 * @param onlyInBaseline ids scored in the baseline only
 * @param onlyInCurrent ids scored in the current run only
 */
public record Comparison(RunSummary baseline, RunSummary current, List<UtteranceChange> improved,
    List<UtteranceChange> regressed, int unchanged, List<String> onlyInBaseline, List<String> onlyInCurrent) {

  /** One utterance's word counts in both runs. */
  public record UtteranceChange(String id, ErrorCounts before, ErrorCounts after) {
    public long errorDelta() {
      return after.errors() - before.errors();
    }
  }

  public Comparison {
    improved = List.copyOf(improved);
    regressed = List.copyOf(regressed);
    onlyInBaseline = List.copyOf(onlyInBaseline);
    onlyInCurrent = List.copyOf(onlyInCurrent);
  }

  public static Comparison of(RunSummary baseline, RunSummary current) {
    List<UtteranceChange> improved = new ArrayList<>();
    List<UtteranceChange> regressed = new ArrayList<>();
    List<String> onlyInBaseline = new ArrayList<>();
    List<String> onlyInCurrent = new ArrayList<>();
    int unchanged = 0;
    for (var entry : baseline.utterances().entrySet()) {
      ErrorCounts after = current.utterances().get(entry.getKey());
      if (after == null) {
        onlyInBaseline.add(entry.getKey());
        continue;
      }
      UtteranceChange change = new UtteranceChange(entry.getKey(), entry.getValue(), after);
      if (change.errorDelta() < 0) {
        improved.add(change);
      } else if (change.errorDelta() > 0) {
        regressed.add(change);
      } else {
        unchanged++;
      }
    }
    current.utterances().keySet().stream().filter(id -> !baseline.utterances().containsKey(id))
        .forEach(onlyInCurrent::add);
    improved.sort(Comparator.comparingLong(UtteranceChange::errorDelta));
    regressed.sort(Comparator.comparingLong(UtteranceChange::errorDelta).reversed());
    return new Comparison(baseline, current, improved, regressed, unchanged, onlyInBaseline, onlyInCurrent);
  }

  /** Current minus baseline WER, as a fraction (negative is better). */
  public double werDelta() {
    return current.words().errorRate() - baseline.words().errorRate();
  }

  public boolean sameNormalization() {
    return baseline.normalization().equals(current.normalization());
  }
}
