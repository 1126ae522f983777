package io.medasr.wer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Word times against true ones (docs/wer.md, word times): the reference and hypothesis words of each utterance are
 * aligned as for WER, case and punctuation aside, and every word that both have in the same place (a hit) gives
 * the error of its start and of its end (hypothesis minus reference, seconds). Totals over all utterances and per
 * group (the manifest's voice). Stateless and thread-safe.
 */
public final class WordTimingScorer {
  /** The shares of boundaries reported: within 50 and 100 ms. */
  static final double NEAR_SECONDS = 0.05;
  static final double FAIR_SECONDS = 0.1;

  private WordTimingScorer() {}

  /**
   * Summary of boundary errors.
   *
   * @param matchedWords words matched (each gives a start and an end)
   * @param startMeanAbs mean absolute start error, seconds
   * @param startMedianAbs median absolute start error
   * @param startMeanSigned mean signed start error (negative: early)
   * @param endMeanAbs mean absolute end error
   * @param endMedianAbs median absolute end error
   * @param endMeanSigned mean signed end error
   * @param meanAbs mean absolute error of all boundaries (starts and ends)
   * @param withinNear share of boundaries within {@value #NEAR_SECONDS} s
   * @param withinFair share of boundaries within {@value #FAIR_SECONDS} s
   */
  public record Errors(int matchedWords, double startMeanAbs, double startMedianAbs, double startMeanSigned,
      double endMeanAbs, double endMedianAbs, double endMeanSigned, double meanAbs, double withinNear,
      double withinFair) {

    static Errors of(List<double[]> startEndErrors) {
      double[] starts = startEndErrors.stream().mapToDouble(e -> e[0]).toArray();
      double[] ends = startEndErrors.stream().mapToDouble(e -> e[1]).toArray();
      double[] all = new double[starts.length + ends.length];
      System.arraycopy(starts, 0, all, 0, starts.length);
      System.arraycopy(ends, 0, all, starts.length, ends.length);
      return new Errors(starts.length, meanOfAbsolute(starts), medianOfAbsolute(starts), mean(starts),
          meanOfAbsolute(ends), medianOfAbsolute(ends), mean(ends), meanOfAbsolute(all), shareWithin(all, NEAR_SECONDS),
          shareWithin(all, FAIR_SECONDS));
    }
  }

  /**
   * @param total over every matched word
   * @param byGroup per group, in name order (empty when no reference names one)
   * @param firstWordAfterSilence the start errors of matched first words of utterances with added leading silence:
   *     their mean signed and mean absolute error, seconds; NaN when there are none
   * @param firstWords how many such first words were matched
   */
  public record Score(Errors total, Map<String, Errors> byGroup, double firstWordMeanSigned,
      double firstWordMeanAbs, int firstWords) {}

  /** Scores {@code hypotheses} against {@code references}, matched by id; utterances without a hypothesis are skipped. */
  public static Score score(List<TimedWords> references, List<TimedWords> hypotheses) {
    Map<String, TimedWords> byId = hypotheses.stream().collect(Collectors.toMap(TimedWords::id, h -> h, (a, b) -> a));
    List<double[]> all = new ArrayList<>();
    Map<String, List<double[]>> groups = new TreeMap<>();
    List<Double> firstWords = new ArrayList<>();
    for (TimedWords reference : references) {
      TimedWords hypothesis = byId.get(reference.id());
      if (hypothesis == null) {
        continue;
      }
      Alignment alignment = Alignment.of(keys(reference.words()), keys(hypothesis.words()));
      for (AlignmentChunk chunk : alignment.chunks()) {
        if (chunk.type() != AlignmentChunk.Type.EQUAL) {
          continue;
        }
        for (int k = 0; k < chunk.refEnd() - chunk.refStart(); k++) {
          TimedWords.Word truth = reference.words().get(chunk.refStart() + k);
          TimedWords.Word heard = hypothesis.words().get(chunk.hypStart() + k);
          double[] error = {heard.start() - truth.start(), heard.end() - truth.end()};
          all.add(error);
          if (!reference.group().isEmpty()) {
            groups.computeIfAbsent(reference.group(), g -> new ArrayList<>()).add(error);
          }
          if (chunk.refStart() + k == 0 && reference.leadSilenceSeconds() > 0) {
            firstWords.add(error[0]);
          }
        }
      }
    }
    Map<String, Errors> byGroup = new TreeMap<>();
    groups.forEach((group, errors) -> byGroup.put(group, Errors.of(errors)));
    double[] first = firstWords.stream().mapToDouble(Double::doubleValue).toArray();
    return new Score(Errors.of(all), byGroup, mean(first), meanOfAbsolute(first), first.length);
  }

  /** A word's key: lower case, letters and digits only. */
  private static List<String> keys(List<TimedWords.Word> words) {
    return words.stream().map(w -> w.text().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "")).toList();
  }

  private static double mean(double[] values) {
    return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElseThrow();
  }

  private static double meanOfAbsolute(double[] values) {
    return mean(Arrays.stream(values).map(Math::abs).toArray());
  }

  private static double medianOfAbsolute(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.stream(values).map(Math::abs).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double shareWithin(double[] values, double limit) {
    return values.length == 0 ? Double.NaN
        : (double) Arrays.stream(values).filter(v -> Math.abs(v) <= limit + 1e-9).count() / values.length;
  }
}
