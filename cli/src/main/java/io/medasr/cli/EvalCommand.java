package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.TranscriptResult;
import io.medasr.wer.CorpusScore;
import io.medasr.wer.TimedWords;
import io.medasr.wer.WerInputException;
import io.medasr.wer.WordTimingReport;
import io.medasr.wer.WordTimingScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code medasr eval}: transcribes every utterance of a test-set manifest through a server, K calls at a time,
 * and scores the transcripts against the manifest's references like {@code medasr wer}, adding the server's
 * figures (audio seconds, wall time, real-time factors, failures). See docs/wer.md. Stateless.
 */
public final class EvalCommand implements Command {
  static final int MAX_CONCURRENCY = 64;
  /** The server's limit on phrases per request. */
  static final int MAX_PHRASE_LIST = 1000;

  static final String USAGE = """
      usage: medasr eval --manifest M --server HOST:PORT [--concurrency K] [--normalize MODE]
                         [--terms FILE] [--json] [--report DIR] [--compare OTHER.json] [--hyp-out FILE.jsonl]
                         [--limit N] [options]

      Transcribes the audio of every manifest line through the server (one Recognize call each, K at a time,
      progress on standard error) and scores the transcripts against the manifest's texts, as 'medasr wer'
      does, adding: utterances, audio seconds, wall time, real-time factors and the failed utterances. A call
      that fails (or an audio file that is missing) is listed and scored as an empty hypothesis; the exit
      status is then 1.

      Options:
        --manifest M         JSONL, one object per line: id, audio (relative to M's folder), text (reference)
        --concurrency K      calls in flight at once (default 1, at most %d)
        --limit N            only the first N utterances of the manifest
        --hyp-out FILE       write the transcripts as JSONL (id, text, audio, duration, elapsed_ms): the
                             input of 'medasr wer --hyp' to score them again
        --phrase-list N      send each utterance with N phrases, as a clinician's patient list: its manifest
                             'terms' plus distractors drawn from --terms (at most %d)
        --seed S             seed of the distractor draw (default 1)
      """.formatted(MAX_CONCURRENCY, MAX_PHRASE_LIST)
      + WerOutput.USAGE + "\n" + RecognitionFlags.USAGE + "\n"
      + ServerOptions.USAGE + " (default " + ServerOptions.DEFAULT_DEADLINE_SECONDS + ")\n";

  /** Runs {@code medasr eval ARGS}, connecting to {@code --server}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> line = new ArrayList<>(List.of("eval"));
    line.addAll(List.of(args));
    return Main.run(line.toArray(String[]::new),
        new CliContext(out, err, System.console() != null, null, CliContext.DEFAULT_COLUMNS, System.getenv()));
  }

  @Override
  public int run(List<String> arguments, CliContext context) throws UsageException {
    ArgParser parser = new ArgParser().option("--manifest").option("--concurrency").option("--limit")
        .option("--hyp-out").option("--normalize").option("--terms").option("--compare").option("--report")
        .option("--csv").option("--phrase-list").option("--seed").flag("--json");
    ArgParser.Args args = ServerOptions.declare(RecognitionFlags.declare(parser)).parse(arguments);
    if (args.helpRequested()) {
      context.out().print(USAGE);
      return 0;
    }
    if (!args.positionals().isEmpty()) {
      throw new UsageException("eval takes no FILE arguments (the manifest names the audio), got '"
          + args.positionals().get(0) + "'");
    }
    String manifest = args.required("--manifest");
    int concurrency = args.intValue("--concurrency", 1, 1, MAX_CONCURRENCY);
    int limit = args.intValue("--limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    // Scoring needs text only: word alignment would add a decoder pass to every call and to the RTF.
    RecognitionOptions options = RecognitionFlags.options(args).build();
    try (MedAsrClient client = ServerOptions.connect(args, context)) {
      // Everything that can be wrong with the inputs is found before the first call, not after an hour of them.
      WerOutput output;
      List<ManifestEntry> entries;
      List<TimedWords> wordTimes;
      try {
        output = WerOutput.load(args.value("--normalize").orElse(null), args.value("--terms").orElse(null),
            args.value("--compare").orElse(null), args.has("--json"), args.value("--report").orElse(null),
            args.value("--csv").orElse(null));
        entries = ManifestEntry.readAll(Path.of(manifest));
        wordTimes = TimedWords.read(Path.of(manifest));
      } catch (WerInputException e) {
        context.error(e.getMessage());
        return 1;
      }
      if (entries.isEmpty()) {
        context.error(manifest + ": no utterances");
        return 1;
      }
      entries = entries.subList(0, Math.min(limit, entries.size()));
      Path hypOut = args.value("--hyp-out").map(Path::of).orElse(null);
      try (Writer hypotheses = hypOut == null ? Writer.nullWriter()
          : Files.newBufferedWriter(hypOut, StandardCharsets.UTF_8)) {
        ProgressBar progress = new ProgressBar(context.err(), stderrIsTerminal(context), entries.size(),
            System::nanoTime);
        Function<ManifestEntry, RecognitionOptions> optionsFor = phraseLists(args, entries, output, options);
        EvalRun run = transcribeAll(client, args.required("--server"), entries, optionsFor, concurrency, progress);
        hypotheses.write(run.hypothesisLines());
        CorpusScore score = output.score(entries.stream().map(ManifestEntry::reference).toList(), run.hypotheses());
        output.write(score, manifest, hypOut == null ? "server " + run.server() : hypOut.toString(), run.text(),
            run.reportMembers(), run.figures(), context.out());
        if (!wordTimes.isEmpty() && !args.has("--json")) {
          context.out().print(WordTimingReport.text(WordTimingScorer.score(wordTimes, run.timedHypotheses())));
        }
        return run.failures().isEmpty() ? 0 : 1;
      } catch (IOException e) {
        context.error("cannot write output: " + e.getMessage());
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        context.error("interrupted");
        return 1;
      }
    }
  }

  /**
   * With {@code --phrase-list N}, each utterance is sent with N phrases: its manifest {@code terms} plus
   * distractors from the {@code --terms} list (seeded by {@code --seed}); without it, every call gets the same
   * options.
   */
  private static Function<ManifestEntry, RecognitionOptions> phraseLists(ArgParser.Args args,
      List<ManifestEntry> entries, WerOutput output, RecognitionOptions options) throws UsageException {
    if (args.value("--phrase-list").isEmpty()) {
      return entry -> options;
    }
    int size = args.intValue("--phrase-list", 0, 1, MAX_PHRASE_LIST);
    if (output.terms().isEmpty()) {
      throw new UsageException("--phrase-list needs --terms: the distractors are drawn from that list");
    }
    Map<String, List<String>> lists = PhraseLists.build(entries, output.terms().terms(), size,
        args.intValue("--seed", 1, 0, Integer.MAX_VALUE));
    return entry -> {
      RecognitionOptions.Builder builder = options.toBuilder();
      lists.get(entry.id()).forEach(builder::phrase);
      return builder.build();
    };
  }

  /** Runs one call per entry, {@code concurrency} at a time; the outcomes come back in manifest order. */
  private static EvalRun transcribeAll(MedAsrClient client, String server, List<ManifestEntry> entries,
      Function<ManifestEntry, RecognitionOptions> optionsFor, int concurrency, ProgressBar progress)
      throws InterruptedException {
    long start = System.nanoTime();
    progress.start();
    List<Transcription> outcomes = Concurrently.map(entries, concurrency, entry -> {
      Transcription outcome = transcribe(client, entry, optionsFor.apply(entry));
      progress.completed(outcome.audioSeconds());
      return outcome;
    });
    return new EvalRun(server, concurrency, outcomes, System.nanoTime() - start);
  }

  /** One Recognize call for the entry's audio; a failure is part of the outcome, not thrown. */
  static Transcription transcribe(MedAsrClient client, ManifestEntry entry, RecognitionOptions options) {
    long start = System.nanoTime();
    try {
      TranscriptResult result = client.recognize(entry.audioFile(), options);
      return Transcription.done(entry, result.text(), result.words(), result.audioDurationSeconds(),
          System.nanoTime() - start);
    } catch (MedAsrException e) {
      return Transcription.failed(entry, System.nanoTime() - start, e.status().name(), Failures.detail(e));
    } catch (IOException e) {
      return Transcription.failed(entry, System.nanoTime() - start, "IO_ERROR", Failures.describe(e));
    }
  }

  /**
   * Whether progress may redraw its line: only on this process's own standard error, when that is a terminal.
   * Linux tells through /proc; elsewhere Java 17 only knows {@link System#console()} (stdin and stdout).
   */
  private static boolean stderrIsTerminal(CliContext context) {
    if (context.err() != System.err) {
      return false; // captured by the caller (tests, embedding)
    }
    try {
      String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return context.terminal();
    }
  }
}
