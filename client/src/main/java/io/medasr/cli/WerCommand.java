package io.medasr.cli;

import io.medasr.wer.Comparison;
import io.medasr.wer.CorpusScore;
import io.medasr.wer.Normalizer;
import io.medasr.wer.Reports;
import io.medasr.wer.RunInfo;
import io.medasr.wer.RunSummary;
import io.medasr.wer.TermList;
import io.medasr.wer.TranscriptFiles;
import io.medasr.wer.WerInputException;
import io.medasr.wer.WerScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code medasr wer}: scores a hypothesis file against a reference file (see docs/wer.md). Exit codes: 0 done,
 * 2 usage error, 1 failure (unreadable or malformed input, unwritable output). Stateless; each call is
 * independent.
 */
public final class WerCommand {
  static final String USAGE = """
      usage: medasr wer --ref REF --hyp HYP [--normalize none|basic|whisper] [--terms FILE] [--json]
                        [--report DIR] [--csv FILE] [--compare OTHER.json]
        --ref FILE         references: line-aligned text, or JSONL with "id" and "text"
        --hyp FILE         hypotheses, same formats (JSONL matched by id)
        --normalize MODE   none | basic | whisper (default whisper: Whisper's English normalizer)
        --terms FILE       medical terms, one per line ('#' comments): term recall, precision, error rate
        --json             print the JSON report instead of the table (input of --compare)
        --report DIR       write DIR/index.html (self-contained) and DIR/report.json
        --csv FILE         write one CSV row per utterance
        --compare FILE     a previous run's JSON report: show what got better or worse
      """;
  private static final Set<String> VALUED = Set.of("--ref", "--hyp", "--normalize", "--terms", "--report", "--csv",
      "--compare");

  private WerCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.print(USAGE);
        return 0;
      } else if (VALUED.contains(arg)) {
        if (i + 1 >= args.length) {
          return usage(err, arg + " needs a value");
        }
        if (options.put(arg, args[++i]) != null) {
          return usage(err, arg + " given twice");
        }
      } else {
        return usage(err, "unknown argument '" + arg + "'");
      }
    }
    if (!options.containsKey("--ref") || !options.containsKey("--hyp")) {
      return usage(err, "--ref and --hyp are required");
    }
    String mode = options.getOrDefault("--normalize", "whisper");
    Normalizer normalizer;
    try {
      normalizer = Normalizer.named(mode);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    try {
      TermList terms = options.containsKey("--terms") ? TermList.read(Path.of(options.get("--terms"))) : TermList.NONE;
      CorpusScore score = new WerScorer(normalizer, terms).score(
          TranscriptFiles.read(Path.of(options.get("--ref"))), TranscriptFiles.read(Path.of(options.get("--hyp"))));
      RunInfo info = new RunInfo(options.get("--ref"), options.get("--hyp"), mode, options.get("--terms"));
      Comparison comparison = options.containsKey("--compare")
          ? Comparison.of(RunSummary.read(Path.of(options.get("--compare"))), RunSummary.of(score, mode))
          : null;
      String jsonReport = Reports.json(score, info);
      out.print(json ? jsonReport : Reports.text(score, info, comparison));
      if (options.containsKey("--csv")) {
        write(Path.of(options.get("--csv")), Reports.csv(score));
      }
      if (options.containsKey("--report")) {
        Path dir = Path.of(options.get("--report"));
        Files.createDirectories(dir);
        write(dir.resolve("index.html"), Reports.html(score, info, comparison));
        write(dir.resolve("report.json"), jsonReport);
        if (!json) {
          out.println("\nreport: " + dir.resolve("index.html").toAbsolutePath());
        }
      }
      out.flush();
      return 0;
    } catch (WerInputException e) {
      err.println("medasr wer: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("medasr wer: cannot write output: " + e.getMessage());
      return 1;
    }
  }

  private static void write(Path path, String content) throws IOException {
    Files.writeString(path, content, StandardCharsets.UTF_8);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("medasr wer: " + problem);
    err.print(USAGE);
    return 2;
  }
}
