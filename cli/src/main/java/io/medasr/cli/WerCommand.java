package io.medasr.cli;

import io.medasr.wer.CorpusScore;
import io.medasr.wer.TranscriptFiles;
import io.medasr.wer.WerInputException;
import java.io.IOException;
import java.io.PrintStream;
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
      usage: medasr wer --ref REF --hyp HYP [--normalize MODE] [--terms FILE] [--json]
                        [--report DIR] [--csv FILE] [--compare OTHER.json]
        --ref FILE           references: line-aligned text, or JSONL with "id" and "text"
        --hyp FILE           hypotheses, same formats (JSONL matched by id)
      """ + WerOutput.USAGE + "\n";
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
    try {
      WerOutput output = WerOutput.load(options.get("--normalize"), options.get("--terms"), options.get("--compare"),
          json, options.get("--report"), options.get("--csv"));
      CorpusScore score = output.score(TranscriptFiles.read(Path.of(options.get("--ref"))),
          TranscriptFiles.read(Path.of(options.get("--hyp"))));
      output.write(score, options.get("--ref"), options.get("--hyp"), "", null, null, out);
      return 0;
    } catch (UsageException e) {
      return usage(err, e.getMessage());
    } catch (WerInputException e) {
      err.println("medasr wer: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("medasr wer: cannot write output: " + e.getMessage());
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("medasr wer: " + problem);
    err.print(USAGE);
    return 2;
  }
}
