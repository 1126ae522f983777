package io.medasr.cli;

import io.medasr.wer.TimedWords;
import io.medasr.wer.WerInputException;
import io.medasr.wer.WordTimingReport;
import io.medasr.wer.WordTimingScorer;
import java.nio.file.Path;
import java.util.List;

/** {@code medasr align}: scores hypothesis word times against true ones (docs/wer.md, word times). */
final class AlignCommand implements Command {
  static final String USAGE = """
      usage: medasr align --ref MANIFEST --hyp HYP [--json]

      Aligns each utterance's hypothesis words with its reference words (as for WER, case and punctuation
      aside) and reports how far the matched words' starts and ends lie from the true ones: mean, median and
      signed errors, the share of boundaries within 50 and 100 ms, per voice and in total, and the start error
      of first words after added leading silence.

      Options:
        --ref FILE   JSONL with "id" and "words" ([{"word", "start", "end"}], seconds), e.g. timing-synth's
                     manifest; optional "voice" and "lead_silence_s"
        --hyp FILE   JSONL with "id" and "words", e.g. written by eval --hyp-out
        --json       one JSON object (seconds, shares as fractions) instead of text
      """;

  @Override
  public int run(List<String> arguments, CliContext context) throws UsageException {
    ArgParser.Args args = new ArgParser().option("--ref").option("--hyp").flag("--json").parse(arguments);
    if (args.helpRequested()) {
      context.out().print(USAGE);
      return 0;
    }
    if (!args.positionals().isEmpty()) {
      throw new UsageException("align takes no arguments, got '" + args.positionals().get(0) + "'");
    }
    try {
      List<TimedWords> references = TimedWords.read(Path.of(args.required("--ref")));
      if (references.isEmpty()) {
        context.error(args.required("--ref") + " has no words with times");
        return 1;
      }
      WordTimingScorer.Score score =
          WordTimingScorer.score(references, TimedWords.read(Path.of(args.required("--hyp"))));
      context.out().print(args.has("--json") ? WordTimingReport.json(score) + "\n" : WordTimingReport.text(score));
      return 0;
    } catch (WerInputException e) {
      context.error(e.getMessage());
      return 1;
    }
  }
}
