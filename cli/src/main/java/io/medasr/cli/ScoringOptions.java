package io.medasr.cli;

import io.medasr.wer.WerInputException;
import picocli.CommandLine.Option;

/** The scoring options {@code wer} and {@code eval} share (a picocli mixin); {@link #load} reads their files. */
final class ScoringOptions {
  static final String NORMALIZE_DESCRIPTION = "normalization before scoring: none | basic | whisper | medical | "
      + "medwer (default whisper: Whisper's English normalizer; medical: also units, frequencies, routes written "
      + "one way; medwer: Whisper's as medwer 1.0.0 pins it)";

  @Option(names = "--normalize", paramLabel = "MODE", order = 20, description = NORMALIZE_DESCRIPTION)
  private String normalize;

  @Option(names = "--terms", paramLabel = "FILE", order = 21,
      description = "medical terms, one per line ('#' comments), or a lexicon TSV (header term, category, ...): "
          + "term recall, M-WER (per category), spurious term insertions")
  private String terms;

  @Option(names = "--json", order = 22, description = "print the JSON report instead of the table (input of --compare)")
  private boolean json;

  @Option(names = "--report", paramLabel = "DIR", order = 23,
      description = "write DIR/index.html (self-contained) and DIR/report.json")
  private String report;

  @Option(names = "--csv", paramLabel = "FILE", order = 24, description = "write one CSV row per utterance")
  private String csv;

  @Option(names = "--compare", paramLabel = "FILE", order = 25,
      description = "a previous run's JSON report: show what got better or worse")
  private String compare;

  boolean json() {
    return json;
  }

  /**
   * The normalization, terms and baseline, read before any work starts.
   *
   * @throws UsageException for an unknown normalization
   * @throws WerInputException for an unreadable or malformed terms file or baseline report
   */
  WerOutput load() throws UsageException, WerInputException {
    return WerOutput.load(normalize, terms, compare, json, report, csv);
  }
}
