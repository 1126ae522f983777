package io.medasr.cli;

import io.medasr.client.AudioEncoding;
import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.StreamingRecognition;
import io.medasr.wer.CorpusScore;
import io.medasr.wer.Transcript;
import io.medasr.wer.WerInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code medasr bench}: streams every file of a test-set manifest as a dictation client would, K at a time, and
 * measures the latencies a clinician sees; then transcribes the same files with unary Recognize and sets the
 * two WERs side by side. See docs/streaming.md. Stateless: a run's shared pieces (the client, the options, the
 * server monitor) are thread-safe, and each stream's measurements are confined to its worker.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"stream a manifest K at a time: latencies, lag, streamed vs unary WER, server CPU/RSS", "",
        "Measures streaming as dictation clients see it. Each manifest file (a PCM WAV) is streamed with interim "
            + "results on, in chunks of --chunk-ms of audio followed by 1.5 s of digital silence, K streams at once "
            + "(K workers take the files in manifest order). Then the same files are transcribed with unary "
            + "Recognize, one at a time, and both transcripts are scored against the manifest's texts. Prints a table "
            + "per stream, the totals and the two WERs side by side. A stream or call that fails is listed, scored as "
            + "an empty transcript and left out of the latencies; the exit status is then 1."},
    customSynopsis = {"medasr bench --server HOST:PORT --manifest M [--concurrency K] [--realtime] [--json]",
        "                    [--limit N] [--chunk-ms MS] [--server-pid PID] [--normalize MODE] [--word-times] [options]"},
    footer = BenchCommand.MEASUREMENTS)
final class BenchCommand implements Callable<Integer> {
  static final int TRAILING_SILENCE_MILLIS = 1500;

  static final String MEASUREMENTS = """

Measurements, with System.nanoTime on this machine. The audio t s into the file is due t s after the
stream's start; with --realtime each chunk is sent when its last sample is due, as from a microphone.
  speech start, end    from the clean file by energy: the first and last 10 ms frame whose RMS is above
                       40 dB below the loudest frame's (and above 1e-4)
  first interim        arrival of the first interim (or final) result minus when the speech start was due
  interim interval     mean gap between consecutive interim results
  final                arrival of the stream's last final result minus when the end of speech was due
  lag at end           arrival of the first response reporting all the audio (silence included) processed,
                       or of the stream's completion, minus when the end of that audio was due; 0 if earlier
  max lag              (arrival - stream start) - processed_audio_seconds, the largest over the stream's
                       responses (--realtime only)
  p50, p95             nearest rank over the completed streams: the value of rank ceil(p/100 * n)
  server CPU           /proc/PID/stat utime + stime in getconf CLK_TCK ticks (100 assumed if that fails),
                       during the streaming phase and during the unary phase
  server memory        peak of /proc/PID/status VmRSS sampled every 0.5 s, and VmHWM at the end

JSON keys (times in ms; null where nothing was measured):
  settings   server, manifest, concurrency, realtime, chunk_ms, trailing_silence_ms, normalization,
             word_times, server_pid, speech_detector, percentiles
  streams[]  id, audio, audio_seconds, speech_start_seconds, speech_end_seconds, first_interim_ms,
             mean_interim_interval_ms, final_ms, lag_at_end_ms, max_lag_ms, interim_results,
             final_results, speech_started_events, end_of_utterance_events, transcript (streamed finals
             joined with spaces), unary_transcript, error ({code, message}, or null)
  totals     streams, failed_streams, audio_seconds, wall_seconds (streaming phase),
             first_interim_ms {p50, p95}, final_ms {p50, p95}, mean_interim_interval_ms (over all gaps),
             max_lag_at_end_ms, max_lag_ms, server (null without --server-pid: pid,
             streaming_cpu_seconds, unary_cpu_seconds, peak_rss_mib, vm_hwm_mib, clock_ticks_per_second,
             clock_ticks_assumed)
  wer        normalization; streaming and unary, each {wer (percent), errors, reference_words, hits,
             substitutions, deletions, insertions, missing}; difference_points (streaming - unary);
             unary_failures [{code, message, id}]
""";

  @ParentCommand private Main main;

  @Option(names = "--manifest", paramLabel = "M", required = true, order = 1,
      description = "JSONL, one object per line: id, audio (a WAV, relative to M's folder), text")
  private Path manifest;

  @Option(names = "--concurrency", paramLabel = "K", defaultValue = "1", order = 2,
      description = "streams at once (default 1, at most " + EvalCommand.MAX_CONCURRENCY + ")")
  private int concurrency;

  @Option(names = "--realtime", order = 3,
      description = "send each chunk when its audio would have been spoken; without it the audio goes as fast as "
          + "flow control allows and the latency and lag figures mean nothing")
  private boolean realtime;

  @Option(names = "--chunk-ms", paramLabel = "MS", defaultValue = "100", order = 4,
      description = "audio per chunk, 10 to 5000 (default 100)")
  private int chunkMillis;

  @Option(names = "--endpoint-ms", paramLabel = "MS", order = 5,
      description = "silence that ends an utterance, 100 to 5000 (default: the server's, 500)")
  private Integer endpointMillis;

  @Option(names = "--limit", paramLabel = "N", order = 6, description = "only the first N files of the manifest")
  private Integer limit;

  @Option(names = "--normalize", paramLabel = "MODE", order = 7, description = ScoringOptions.NORMALIZE_DESCRIPTION)
  private String normalize;

  @Option(names = "--word-times", order = 8, description = "ask for word times in both passes (default off)")
  private boolean wordTimes;

  @Option(names = "--server-pid", paramLabel = "PID", order = 9,
      description = "the server's process id when it runs on this machine (Linux): report its CPU time and memory")
  private Long serverPid;

  @Option(names = "--json", order = 10, description = "print one JSON object (keys below) instead of the tables")
  private boolean json;

  @Mixin private RecognitionFlags recognition;
  @Mixin private ServerOptions server;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    Ranges.check("--concurrency", concurrency, 1, EvalCommand.MAX_CONCURRENCY);
    int count = limit == null ? Integer.MAX_VALUE : Ranges.check("--limit", limit, 1, Integer.MAX_VALUE);
    Ranges.check("--chunk-ms", chunkMillis, 10, 5000);
    if (serverPid != null && serverPid < 1) {
      throw new UsageException("--server-pid must be a process id, got " + serverPid);
    }
    RecognitionOptions unaryOptions = recognition.options().wordTimes(wordTimes).build();
    RecognitionOptions streamOptions = unaryOptions.toBuilder().encoding(AudioEncoding.WAV).interimResults(true)
        .endpointSilenceMillis(endpointMillis == null ? 0 : Ranges.check("--endpoint-ms", endpointMillis, 100, 5000))
        .build();
    // The process is looked up first: a wrong --server-pid is a wrong command line, found before any work.
    try (ServerProcessMonitor monitor = serverPid == null ? null : ServerProcessMonitor.start(serverPid);
        MedAsrClient client = server.connect(context)) {
      WerOutput scoring;
      List<ManifestEntry> entries;
      try {
        scoring = WerOutput.load(normalize, null, null, false, null, null);
        entries = ManifestEntry.readAll(manifest);
      } catch (WerInputException e) {
        context.error(e.getMessage());
        return 1;
      }
      if (entries.isEmpty()) {
        context.error(manifest + ": no utterances");
        return 1;
      }
      entries = entries.subList(0, Math.min(count, entries.size()));
      BenchSettings settings = new BenchSettings(server.server(), manifest.toString(), concurrency, realtime,
          chunkMillis, TRAILING_SILENCE_MILLIS, scoring.mode(), wordTimes, serverPid);
      BenchRun run = bench(client, monitor, entries, streamOptions, unaryOptions, settings, scoring);
      context.out().print(json ? run.json() : run.text());
      context.out().flush();
      return run.anyFailed() ? 1 : 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.error("interrupted");
      return 1;
    }
  }

  /**
   * The streaming phase, K streams at a time, then the unary phase, one call at a time, and the scores.
   *
   * @param monitor the server process, null without {@code --server-pid}
   */
  private static BenchRun bench(MedAsrClient client, ServerProcessMonitor monitor, List<ManifestEntry> entries,
      RecognitionOptions streamOptions, RecognitionOptions unaryOptions, BenchSettings settings, WerOutput scoring)
      throws InterruptedException {
    long ticksAtStart = monitor == null ? -1 : monitor.cpuTicks();
    long start = System.nanoTime();
    List<StreamMeasurement> streams = Concurrently.map(entries, settings.concurrency(),
        entry -> stream(client, entry, streamOptions, settings));
    long streamingWallNanos = System.nanoTime() - start;
    long ticksAfterStreaming = monitor == null ? -1 : monitor.cpuTicks();
    List<Transcription> unary = entries.stream()
        .map(entry -> EvalCommand.transcribe(client, entry, unaryOptions)).toList();
    ServerUsage usage = monitor == null ? null
        : monitor.stop(ticksAtStart, ticksAfterStreaming, monitor.cpuTicks());
    List<Transcript> references = entries.stream().map(ManifestEntry::reference).toList();
    CorpusScore streamingScore = scoring.score(references, streams.stream().filter(s -> !s.hasFailed())
        .map(s -> new Transcript(s.entry().id(), s.transcript())).toList());
    CorpusScore unaryScore = scoring.score(references, unary.stream().filter(t -> !t.hasFailed())
        .map(t -> new Transcript(t.entry().id(), t.text())).toList());
    return new BenchRun(settings, streams, streamingWallNanos, unary, streamingScore, unaryScore, usage);
  }

  /** Streams one file with its trailing silence and measures what comes back; a failure is part of the result. */
  private static StreamMeasurement stream(MedAsrClient client, ManifestEntry entry, RecognitionOptions options,
      BenchSettings settings) {
    PcmWav wav;
    try {
      wav = PcmWav.read(Files.readAllBytes(entry.audioFile()));
    } catch (IOException e) {
      return StreamMeasurement.failed(entry, "IO_ERROR", Failures.describe(e));
    } catch (MedAsrException e) {
      return StreamMeasurement.failed(entry, e.status().name(), Failures.detail(e));
    }
    SpeechSpan speech = SpeechSpan.detect(wav.monoSamples(), wav.sampleRate()).orElse(null);
    byte[] file = wav.withTrailingSilence(settings.trailingSilenceMillis());
    byte[] audio = Arrays.copyOfRange(file, wav.headerBytes(), file.length);
    StreamProbe probe = new StreamProbe((double) audio.length / wav.format().byteRate(), System::nanoTime);
    StreamingRecognition stream = client.stream(options, probe);
    long start = System.nanoTime();
    try {
      // The header on its own, so that every audio chunk starts on a chunk boundary of the audio's time.
      stream.send(Arrays.copyOf(file, wav.headerBytes()));
      // In real time a chunk goes when a microphone would deliver it: once its last sample has been spoken.
      int paceMillis = settings.realtime() ? settings.chunkMillis() : 0;
      PacedSender.send(stream, audio, wav.format().bytesFor(settings.chunkMillis()), paceMillis,
          start + TimeUnit.MILLISECONDS.toNanos(paceMillis));
      stream.halfClose();
      stream.awaitCompletion();
    } catch (MedAsrException e) {
      return StreamMeasurement.failed(entry, e.status().name(), Failures.detail(e));
    } catch (IllegalStateException e) {
      // the server completed the stream before all the audio was sent
      return StreamMeasurement.failed(entry, "ENDED_EARLY", e.getMessage());
    } catch (InterruptedException e) {
      stream.cancel();
      Thread.currentThread().interrupt();
      return StreamMeasurement.failed(entry, "CANCELLED", "interrupted");
    }
    return probe.measurement(entry, wav.seconds(), speech, start, settings.realtime());
  }
}
