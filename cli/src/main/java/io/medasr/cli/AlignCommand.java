package io.medasr.cli;

import io.medasr.wer.TimedWords;
import io.medasr.wer.WerInputException;
import io.medasr.wer.WordTimingReport;
import io.medasr.wer.WordTimingScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code medasr align}: scores hypothesis word times against true ones (docs/wer.md, word times). */
@Command(name = "align", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"score hypothesis word times against true ones", "",
        "Aligns each utterance's hypothesis words with its reference words (as for WER, case and punctuation "
            + "aside) and reports how far the matched words' starts and ends lie from the true ones: mean, median "
            + "and signed errors, the share of boundaries within 50 and 100 ms, per voice and in total, and the "
            + "start error of first words after added leading silence."},
    customSynopsis = "medasr align --ref MANIFEST --hyp HYP [--json]")
final class AlignCommand implements Callable<Integer> {
  @ParentCommand private Main main;

  @Option(names = "--ref", paramLabel = "FILE", required = true, order = 1,
      description = "JSONL with \"id\" and \"words\" ([{\"word\", \"start\", \"end\"}], seconds), e.g. "
          + "timing-synth's manifest; optional \"voice\" and \"lead_silence_s\"")
  private Path references;

  @Option(names = "--hyp", paramLabel = "FILE", required = true, order = 2,
      description = "JSONL with \"id\" and \"words\", e.g. written by eval --hyp-out")
  private Path hypotheses;

  @Option(names = "--json", order = 3, description = "one JSON object (seconds, shares as fractions) instead of text")
  private boolean json;

  @Override
  public Integer call() {
    CliContext context = main.context();
    try {
      List<TimedWords> truth = TimedWords.read(references);
      if (truth.isEmpty()) {
        context.error(references + " has no words with times");
        return 1;
      }
      WordTimingScorer.Score score = WordTimingScorer.score(truth, TimedWords.read(hypotheses));
      context.out().print(json ? WordTimingReport.json(score) + "\n" : WordTimingReport.text(score));
      return 0;
    } catch (WerInputException e) {
      context.error(e.getMessage());
      return 1;
    }
  }
}
