package io.medasr.cli;

import com.google.gson.JsonObject;
import io.medasr.wer.Comparison;
import io.medasr.wer.CorpusScore;
import io.medasr.wer.Normalizer;
import io.medasr.wer.Reports;
import io.medasr.wer.RunInfo;
import io.medasr.wer.RunSummary;
import io.medasr.wer.ServerRun;
import io.medasr.wer.TermList;
import io.medasr.wer.Transcript;
import io.medasr.wer.WerInputException;
import io.medasr.wer.WerScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scoring half that {@code wer} and {@code eval} share: the normalization, terms and comparison baseline,
 * loaded before any work starts (so that {@code eval} finds a bad option before transcribing for an hour), and
 * the outputs: the table or the JSON report on standard output, {@code --csv} and {@code --report DIR}. An
 * immutable value; thread-safe.
 *
 * @param mode the normalization's name, as given
 * @param termsLabel the terms file as given, null without one
 * @param baseline the {@code --compare} run, null without one
 * @param report the {@code --report} directory, null without one
 * @param csv the {@code --csv} file, null without one
 */
record WerOutput(String mode, Normalizer normalizer, TermList terms, String termsLabel, RunSummary baseline,
    boolean json, Path report, Path csv) {

  /**
   * Loads the options (each argument null when not given).
   *
   * @throws UsageException for an unknown normalization
   * @throws WerInputException for an unreadable or malformed terms file or baseline report
   */
  static WerOutput load(String mode, String terms, String compare, boolean json, String report, String csv)
      throws UsageException, WerInputException {
    String modeName = mode == null ? "whisper" : mode;
    Normalizer normalizer;
    try {
      normalizer = Normalizer.named(modeName);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new WerOutput(modeName, normalizer, terms == null ? TermList.NONE : TermList.read(Path.of(terms)), terms,
        compare == null ? null : RunSummary.read(Path.of(compare)), json, report == null ? null : Path.of(report),
        csv == null ? null : Path.of(csv));
  }

  CorpusScore score(List<Transcript> references, List<Transcript> hypotheses) {
    return new WerScorer(normalizer, terms).score(references, hypotheses);
  }

  /**
   * Prints the table (followed by {@code extraText}) or the JSON report (with {@code extraJson}'s members added
   * at the top level), then writes the CSV and report files that were asked for.
   *
   * @param extraText figures of the caller's own, appended to the table; empty for none
   * @param extraJson members of the caller's own for the JSON report (also in report.json); null for none
   * @param serverRun the server figures for the HTML report's Run section; null for none
   */
  void write(CorpusScore score, String referenceLabel, String hypothesisLabel, String extraText,
      JsonObject extraJson, ServerRun serverRun, PrintStream out) throws IOException {
    RunInfo info = new RunInfo(referenceLabel, hypothesisLabel, mode, termsLabel);
    Comparison comparison = baseline == null ? null : Comparison.of(baseline, RunSummary.of(score, mode));
    String jsonReport = Reports.json(score, info, extraJson);
    out.print(json ? jsonReport : Reports.text(score, info, comparison) + extraText);
    if (csv != null) {
      Files.writeString(csv, Reports.csv(score), StandardCharsets.UTF_8);
    }
    if (report != null) {
      Files.createDirectories(report);
      Files.writeString(report.resolve("index.html"), Reports.html(score, info, comparison, serverRun), StandardCharsets.UTF_8);
      Files.writeString(report.resolve("report.json"), jsonReport, StandardCharsets.UTF_8);
      if (!json) {
        out.println("\nreport: " + report.resolve("index.html").toAbsolutePath());
      }
    }
    out.flush();
  }
}
