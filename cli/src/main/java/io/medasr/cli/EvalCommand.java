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
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code medasr eval}: transcribes every utterance of a test-set manifest through a server, K calls at a time,
 * and scores the transcripts against the manifest's references like {@code medasr wer}, adding the server's
 * figures (audio seconds, wall time, real-time factors, failures). See docs/wer.md. One instance per command
 * line, filled by picocli.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"transcribe a test-set manifest through a server and score it like wer", "",
        "Transcribes the audio of every manifest line through the server (one Recognize call each, K at a time, "
            + "progress on standard error) and scores the transcripts against the manifest's texts, as 'medasr wer' "
            + "does, adding: utterances, audio seconds, wall time, real-time factors and the failed utterances. A "
            + "call that fails (or an audio file that is missing) is listed and scored as an empty hypothesis; the "
            + "exit status is then 1."},
    customSynopsis = {"medasr eval --manifest M --server HOST:PORT [--concurrency K] [--normalize MODE]",
        "                   [--terms FILE] [--json] [--report DIR] [--compare OTHER.json] [--hyp-out FILE.jsonl]",
        "                   [--limit N] [--warm-up] [options]"})
final class EvalCommand implements Callable<Integer> {
  static final int MAX_CONCURRENCY = 64;
  /** The server's limit on phrases per request. */
  static final int MAX_PHRASE_LIST = 1000;

  @ParentCommand private Main main;

  @Option(names = "--manifest", paramLabel = "M", required = true, order = 1,
      description = "JSONL, one object per line: id, audio (relative to M's folder), text (reference)")
  private Path manifest;

  @Option(names = "--concurrency", paramLabel = "K", defaultValue = "1", order = 2,
      description = "calls in flight at once (default 1, at most " + MAX_CONCURRENCY + ")")
  private int concurrency;

  @Option(names = "--limit", paramLabel = "N", order = 3, description = "only the first N utterances of the manifest")
  private Integer limit;

  @Option(names = "--hyp-out", paramLabel = "FILE", order = 4,
      description = "write the transcripts as JSONL (id, text, audio, duration, elapsed_ms): the input of "
          + "'medasr wer --hyp' to score them again")
  private Path hypOut;

  @Option(names = "--phrase-list", paramLabel = "N", order = 5,
      description = "send each utterance with N phrases, as a clinician's patient list: its manifest 'terms' plus "
          + "distractors drawn from --terms (at most " + MAX_PHRASE_LIST + ")")
  private Integer phraseList;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", order = 6,
      description = "seed of the distractor draw (default 1)")
  private int seed;

  @Option(names = "--model-dir", paramLabel = "DIR", order = 7,
      description = "instead of --server: start a server of this model directory on a free loopback port for the "
          + "evaluation and stop it after (the launcher tells where the server jar is: "
          + LocalServer.SERVER_JAR_VARIABLE + ")")
  private Path modelDir;

  @Option(names = "--warm-up", order = 8,
      description = "transcribe the first utterance once before the run, untimed and unscored: the real-time "
          + "factors then measure a warm server and client, not the first call's connection, class loading and "
          + "allocations")
  private boolean warmUp;

  @Mixin private ScoringOptions scoring;
  @Mixin private RecognitionFlags recognition;
  @Mixin private ServerOptions server;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    Ranges.check("--concurrency", concurrency, 1, MAX_CONCURRENCY);
    int count = limit == null ? Integer.MAX_VALUE : Ranges.check("--limit", limit, 1, Integer.MAX_VALUE);
    RecognitionOptions.Builder options = recognition.options();
    if (modelDir == null) {
      try (MedAsrClient client = server.connect(context)) {
        Inputs inputs = inputs(context, count);
        return inputs == null ? 1 : evaluate(client, server.server(), () -> Double.NaN, context, options, inputs);
      }
    }
    if (server.given()) {
      throw new UsageException("give --server or --model-dir, not both");
    }
    String serverJar = context.environment().get(LocalServer.SERVER_JAR_VARIABLE);
    if (serverJar == null || serverJar.isBlank()) {
      throw new UsageException("--model-dir needs the server jar: run eval through the launcher (./medasr), or set "
          + LocalServer.SERVER_JAR_VARIABLE);
    }
    if (!LocalServer.holdsModel(modelDir)) {
      throw new UsageException("--model-dir " + modelDir + " holds no model (expected encoder_model.onnx there)");
    }
    Inputs inputs = inputs(context, count);
    if (inputs == null) {
      return 1; // found before the server loads its model
    }
    try (LocalServer local = LocalServer.start(LocalServer.command(Path.of(serverJar), modelDir));
        MedAsrClient client = server.connect(local.target(), context, ServerOptions.DEFAULT_DEADLINE_SECONDS)) {
      return evaluate(client, local.target(), local::cpuSeconds, context, options, inputs);
    } catch (IOException e) {
      context.error(e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.error("interrupted");
      return 1;
    }
  }

  /** What the run reads: the scoring settings, the manifest's first utterances and their word times, if any. */
  private record Inputs(WerOutput output, List<ManifestEntry> entries, List<TimedWords> wordTimes) {}

  /**
   * Reads the inputs; everything that can be wrong with them is found before the first call, not after an hour of
   * them. Null, with the error printed, when they cannot be used.
   */
  private Inputs inputs(CliContext context, int count) throws UsageException {
    try {
      WerOutput output = scoring.load();
      List<ManifestEntry> entries = ManifestEntry.readAll(manifest);
      if (entries.isEmpty()) {
        context.error(manifest + ": no utterances");
        return null;
      }
      return new Inputs(output, entries.subList(0, Math.min(count, entries.size())), TimedWords.read(manifest));
    } catch (WerInputException e) {
      context.error(e.getMessage());
      return null;
    }
  }

  /**
   * Transcribes and scores the manifest through {@code client}, connected to {@code target}; the exit status.
   * {@code serverCpu} reads the server's CPU seconds so far (NaN when it is not this command's process).
   */
  private int evaluate(MedAsrClient client, String target, DoubleSupplier serverCpu, CliContext context,
      RecognitionOptions.Builder flags, Inputs inputs) throws UsageException {
    List<ManifestEntry> entries = inputs.entries();
    // Word times only for a manifest that has some to score them against: aligning the words adds work to every
    // call, and to the RTF, that a text-only evaluation (or a peer asked for text only) does not do.
    RecognitionOptions options = flags.wordTimes(!inputs.wordTimes().isEmpty()).build();
    try (Writer hypotheses = hypOut == null ? Writer.nullWriter()
        : Files.newBufferedWriter(hypOut, StandardCharsets.UTF_8)) {
      ProgressBar progress = new ProgressBar(context.err(), stderrIsTerminal(context), entries.size(),
          System::nanoTime);
      Function<ManifestEntry, RecognitionOptions> optionsFor = phraseLists(entries, inputs.output(), options);
      if (warmUp) {
        transcribe(client, entries.get(0), optionsFor.apply(entries.get(0))); // a failure shows again in the run
      }
      EvalRun run = transcribeAll(client, target, serverCpu, entries, optionsFor, concurrency, progress);
      hypotheses.write(run.hypothesisLines());
      CorpusScore score = inputs.output().score(entries.stream().map(ManifestEntry::reference).toList(),
          run.hypotheses());
      inputs.output().write(score, manifest.toString(), hypOut == null ? "server " + run.server() : hypOut.toString(),
          run.text(), run.reportMembers(), run.figures(), context.out());
      if (!inputs.wordTimes().isEmpty() && !scoring.json()) {
        context.out().print(WordTimingReport.text(WordTimingScorer.score(inputs.wordTimes(), run.timedHypotheses())));
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

  /**
   * With {@code --phrase-list N}, each utterance is sent with N phrases: its manifest {@code terms} plus
   * distractors from the {@code --terms} list (seeded by {@code --seed}); without it, every call gets the same
   * options.
   */
  private Function<ManifestEntry, RecognitionOptions> phraseLists(List<ManifestEntry> entries, WerOutput output,
      RecognitionOptions options) throws UsageException {
    if (phraseList == null) {
      return entry -> options;
    }
    int size = Ranges.check("--phrase-list", phraseList, 1, MAX_PHRASE_LIST);
    if (output.terms().isEmpty()) {
      throw new UsageException("--phrase-list needs --terms: the distractors are drawn from that list");
    }
    Map<String, List<String>> lists = PhraseLists.build(entries, output.terms().terms(), size,
        Ranges.check("--seed", seed, 0, Integer.MAX_VALUE));
    return entry -> {
      RecognitionOptions.Builder builder = options.toBuilder();
      lists.get(entry.id()).forEach(builder::phrase);
      return builder.build();
    };
  }

  /** Runs one call per entry, {@code concurrency} at a time; the outcomes come back in manifest order. */
  private static EvalRun transcribeAll(MedAsrClient client, String server, DoubleSupplier serverCpu,
      List<ManifestEntry> entries, Function<ManifestEntry, RecognitionOptions> optionsFor, int concurrency,
      ProgressBar progress) throws InterruptedException {
    double cpuAtStart = serverCpu.getAsDouble();
    long start = System.nanoTime();
    progress.start();
    List<Transcription> outcomes = Concurrently.map(entries, concurrency, entry -> {
      Transcription outcome = transcribe(client, entry, optionsFor.apply(entry));
      progress.completed(outcome.audioSeconds());
      return outcome;
    });
    long wallNanos = System.nanoTime() - start;
    return new EvalRun(server, concurrency, outcomes, wallNanos, serverCpu.getAsDouble() - cpuAtStart);
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
