package io.medasr.cli;

import io.medasr.wer.CorpusScore;
import io.medasr.wer.TranscriptFiles;
import io.medasr.wer.WerInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code medasr wer}: scores a hypothesis file against a reference file (see docs/wer.md). Exit codes: 0 done,
 * 2 usage error, 1 failure (unreadable or malformed input, unwritable output).
 */
@Command(name = "wer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "score hypotheses against references: WER, CER, medical-term recall",
    customSynopsis = "medasr wer --ref REF --hyp HYP [--normalize MODE] [--terms FILE] [--json] [--report DIR] "
        + "[--csv FILE] [--compare OTHER.json]")
final class WerCommand implements Callable<Integer> {
  @ParentCommand private Main main;

  @Option(names = "--ref", paramLabel = "FILE", required = true, order = 1,
      description = "references: line-aligned text, or JSONL with \"id\" and \"text\"")
  private Path references;

  @Option(names = "--hyp", paramLabel = "FILE", required = true, order = 2,
      description = "hypotheses, same formats (JSONL matched by id)")
  private Path hypotheses;

  @Mixin private ScoringOptions scoring;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    try {
      WerOutput output = scoring.load();
      CorpusScore score = output.score(TranscriptFiles.read(references), TranscriptFiles.read(hypotheses));
      output.write(score, references.toString(), hypotheses.toString(), "", null, null, context.out());
      return 0;
    } catch (WerInputException e) {
      context.error(e.getMessage());
      return 1;
    } catch (IOException e) {
      context.error("cannot write output: " + e.getMessage());
      return 1;
    }
  }
}
