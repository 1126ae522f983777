package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code medasr bench} against a test double that answers scripted streams and unary calls for the WAV files the
 * tests write. Latencies depend on the machine's load, so only their presence is checked, never their values.
 */
class BenchCommandTest {
  private static final String SERVER = "--server=localhost:50051";
  private static final Set<String> SETTINGS_KEYS = Set.of("server", "manifest", "concurrency", "realtime",
      "chunk_ms", "trailing_silence_ms", "normalization", "word_times", "server_pid", "speech_detector",
      "percentiles");
  private static final Set<String> STREAM_KEYS = Set.of("id", "audio", "audio_seconds", "speech_start_seconds",
      "speech_end_seconds", "first_interim_ms", "mean_interim_interval_ms", "final_ms", "lag_at_end_ms",
      "max_lag_ms", "interim_results", "final_results", "speech_started_events", "end_of_utterance_events",
      "transcript", "unary_transcript", "error");
  private static final Set<String> TOTALS_KEYS = Set.of("streams", "failed_streams", "audio_seconds",
      "wall_seconds", "first_interim_ms", "final_ms", "mean_interim_interval_ms", "max_lag_at_end_ms",
      "max_lag_ms", "server");
  private static final Set<String> SERVER_KEYS = Set.of("pid", "streaming_cpu_seconds", "unary_cpu_seconds",
      "peak_rss_mib", "vm_hwm_mib", "clock_ticks_per_second", "clock_ticks_assumed");
  private static final Set<String> WER_KEYS = Set.of("normalization", "streaming", "unary", "difference_points",
      "unary_failures");
  private static final Set<String> SCORE_KEYS = Set.of("wer", "errors", "reference_words", "hits",
      "substitutions", "deletions", "insertions", "missing");

  @TempDir Path dir;
  private ScriptedRecognizer server;
  private Path manifest;
  private final List<String> manifestLines = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedRecognizer();
    manifest = dir.resolve("set/manifest.jsonl");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Adds a manifest line and writes its WAV: 0.2 s of silence, 0.5 s of tone, 0.3 s of silence (speech from
   * 0.20 s to 0.70 s), answered with {@code unary} by Recognize and with {@code streamed} finals by a stream.
   */
  private Path utterance(String id, String reference, String unary, String... streamed) throws IOException {
    String audio = "wav/" + id + ".wav";
    manifestLines.add("{\"id\": \"" + id + "\", \"audio\": \"" + audio + "\", \"text\": \"" + reference + "\"}");
    Path wav = TestWavs.toneBetweenSilences(manifest.resolveSibling(audio), 0.2, 0.5, 0.3,
        200 + 50 * manifestLines.size(), 8000);
    server.answer(wav, unary);
    if (streamed.length > 0) {
      server.answerStream(wav, streamed);
    }
    return wav;
  }

  /**
   * Three utterances of 12 words. Streamed: exact, one deletion, one substitution (2 errors); unary: exact,
   * exact, the same substitution (1 error).
   */
  private void threeUtterances() throws IOException {
    utterance("a", "the patient takes metoprolol daily", "the patient takes metoprolol daily",
        "the patient takes", "metoprolol daily");
    utterance("b", "blood pressure is stable", "blood pressure is stable", "blood pressure", "stable");
    utterance("c", "no known allergies", "no known allergy", "no known allergy");
  }

  private CliRun bench(String... args) throws IOException {
    Files.createDirectories(manifest.getParent());
    Files.write(manifest, manifestLines, StandardCharsets.UTF_8);
    List<String> line = new ArrayList<>(List.of("bench", "--manifest", manifest.toString(), SERVER));
    line.addAll(List.of(args));
    return CliRun.run(server.channel(), line.toArray(String[]::new));
  }

  private static JsonObject json(CliRun run) {
    return JsonParser.parseString(run.out()).getAsJsonObject();
  }

  @Test
  void jsonHasTheDocumentedKeysTheMeasurementsOfEveryStreamAndExactWerCounts() throws IOException {
    threeUtterances();
    CliRun run = bench("--json", "--normalize", "none", "--concurrency", "2");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    JsonObject report = json(run);
    assertEquals(Set.of("settings", "streams", "totals", "wer"), report.keySet());
    JsonObject settings = report.getAsJsonObject("settings");
    assertEquals(SETTINGS_KEYS, settings.keySet());
    assertEquals(2, settings.get("concurrency").getAsInt());
    assertFalse(settings.get("realtime").getAsBoolean());
    assertEquals(100, settings.get("chunk_ms").getAsInt());
    assertEquals(1500, settings.get("trailing_silence_ms").getAsInt());
    assertTrue(settings.get("server_pid").isJsonNull());

    var streams = report.getAsJsonArray("streams");
    assertEquals(3, streams.size());
    JsonObject a = streams.get(0).getAsJsonObject();
    assertEquals(STREAM_KEYS, a.keySet());
    assertEquals("a", a.get("id").getAsString());
    assertEquals("wav/a.wav", a.get("audio").getAsString());
    assertEquals(1.0, a.get("audio_seconds").getAsDouble(), 1e-9);
    assertEquals(0.2, a.get("speech_start_seconds").getAsDouble(), 1e-9);
    assertEquals(0.7, a.get("speech_end_seconds").getAsDouble(), 1e-9);
    assertEquals("the patient takes metoprolol daily", a.get("transcript").getAsString());
    assertEquals("the patient takes metoprolol daily", a.get("unary_transcript").getAsString());
    assertEquals(2, a.get("interim_results").getAsInt());
    assertEquals(2, a.get("final_results").getAsInt());
    assertEquals(1, a.get("speech_started_events").getAsInt());
    assertEquals(1, a.get("end_of_utterance_events").getAsInt());
    for (String figure : List.of("first_interim_ms", "mean_interim_interval_ms", "final_ms")) {
      assertTrue(a.get(figure).getAsJsonPrimitive().isNumber(), figure + " in " + a);
    }
    assertTrue(a.get("lag_at_end_ms").getAsDouble() >= 0, a.toString());
    assertTrue(a.get("max_lag_ms").isJsonNull(), "lag during a stream is measured with --realtime only");
    assertTrue(a.get("error").isJsonNull());
    JsonObject c = streams.get(2).getAsJsonObject();
    assertEquals(1, c.get("interim_results").getAsInt());
    assertTrue(c.get("mean_interim_interval_ms").isJsonNull(), "one interim has no interval");

    JsonObject totals = report.getAsJsonObject("totals");
    assertEquals(TOTALS_KEYS, totals.keySet());
    assertEquals(3, totals.get("streams").getAsInt());
    assertEquals(0, totals.get("failed_streams").getAsInt());
    assertEquals(3.0, totals.get("audio_seconds").getAsDouble(), 1e-9);
    assertTrue(totals.get("wall_seconds").getAsDouble() > 0);
    for (String figure : List.of("first_interim_ms", "final_ms")) {
      assertEquals(Set.of("p50", "p95"), totals.getAsJsonObject(figure).keySet());
      assertTrue(totals.getAsJsonObject(figure).get("p95").getAsJsonPrimitive().isNumber());
    }
    assertTrue(totals.get("mean_interim_interval_ms").getAsJsonPrimitive().isNumber());
    assertTrue(totals.get("max_lag_at_end_ms").getAsDouble() >= 0);
    assertTrue(totals.get("max_lag_ms").isJsonNull());
    assertTrue(totals.get("server").isJsonNull());

    JsonObject wer = report.getAsJsonObject("wer");
    assertEquals(WER_KEYS, wer.keySet());
    assertEquals("none", wer.get("normalization").getAsString());
    JsonObject streaming = wer.getAsJsonObject("streaming");
    JsonObject unary = wer.getAsJsonObject("unary");
    assertEquals(SCORE_KEYS, streaming.keySet());
    assertEquals(List.of(2, 12, 10, 1, 1, 0, 0), counts(streaming));
    assertEquals(List.of(1, 12, 11, 1, 0, 0, 0), counts(unary));
    assertEquals(100.0 * 2 / 12, streaming.get("wer").getAsDouble(), 1e-9);
    assertEquals(100.0 * 1 / 12, unary.get("wer").getAsDouble(), 1e-9);
    assertEquals(100.0 / 12, wer.get("difference_points").getAsDouble(), 1e-9);
    assertEquals(0, wer.getAsJsonArray("unary_failures").size());
  }

  /** errors, reference_words, hits, substitutions, deletions, insertions, missing. */
  private static List<Integer> counts(JsonObject score) {
    return List.of("errors", "reference_words", "hits", "substitutions", "deletions", "insertions", "missing")
        .stream().map(key -> score.get(key).getAsInt()).toList();
  }

  @Test
  void textHasATableRowPerStreamTheTotalsBothWersAndTheDefinitions() throws IOException {
    threeUtterances();
    CliRun run = bench("--normalize", "none");

    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    assertTrue(out.startsWith("medasr bench: 3 streams from " + manifest + ", server localhost:50051\n"
        + "  concurrency 1, as fast as possible, chunks of 100 ms, 1.5 s of trailing silence, word times off\n"
        + "  not --realtime: the audio went as fast as flow control allowed, so latency and lag figures are not"
        + " meaningful\n"), out);
    assertTrue(out.contains("\nid   audio s     speech s  first interim ms  final ms    lag ms  interims\n"), out);
    assertTrue(out.matches("(?s).*\na       1\\.00    0\\.20-0\\.70  +-?\\d+  +-?\\d+  +\\d+         2\n.*"), out);
    assertTrue(out.matches("(?s).*\nc       1\\.00    0\\.20-0\\.70  +-?\\d+  +-?\\d+  +\\d+         1\n.*"), out);
    assertTrue(out.contains("\ntotals: 3 streams completed, 0 failed; audio 3.00 s, wall "), out);
    assertTrue(out.matches("(?s).*\n  first interim     p50 +-?\\d+ ms   p95 +-?\\d+ ms\n.*"), out);
    assertTrue(out.matches("(?s).*\n  final             p50 +-?\\d+ ms   p95 +-?\\d+ ms\n.*"), out);
    assertTrue(out.matches("(?s).*\n  interim interval  mean +\\d+ ms\n.*"), out);
    assertTrue(out.matches("(?s).*\n  lag at end        max +\\d+ ms   \\(largest lag during a stream: n/a\\)\n.*"),
        out);
    assertTrue(out.contains("\n  server CPU, RSS   n/a (no --server-pid)\n"), out);
    assertTrue(out.contains("\nWER, normalization none       streamed finals  unary Recognize\n"
        + "  WER                                   16.67 %           8.33 %\n"
        + "  errors / reference words               2 / 12           1 / 12\n"
        + "  substitutions                               1                1\n"
        + "  deletions                                   1                0\n"
        + "  insertions                                  0                0\n"
        + "  missing (scored as empty)                   0                0\n"
        + "  streamed minus unary: +8.33 points\n"), out);
    assertTrue(out.contains("\n" + SpeechSpan.DEFINITION + ".\n"), out);
    assertTrue(out.contains("p50/p95: nearest rank") && out.contains("meaningful only with --realtime"), out);
  }

  @Test
  void eachFileIsStreamedAsAWavHeaderThenChunksOfAudioThenOneAndAHalfSecondsOfSilence() throws IOException {
    Path wav = utterance("a", "chest pain", "chest pain", "chest pain");
    CliRun run = bench("--chunk-ms", "250", "--specialty", "cardiology");

    assertEquals(0, run.exitCode(), run.err());
    var config = server.streamConfigs.get(0);
    assertTrue(config.getInterimResults());
    assertEquals("WAV", config.getConfig().getEncoding().name());
    assertEquals("cardiology", config.getConfig().getSpecialty());
    assertFalse(config.getConfig().getEnableWordTimeOffsets());

    List<ByteString> chunks = server.streams.get(0);
    assertEquals(TestWavs.HEADER_BYTES, chunks.get(0).size());
    // 1 s of audio and 1.5 s of silence in chunks of 250 ms (8000 bytes)
    assertEquals(11, chunks.size());
    assertTrue(chunks.subList(1, 11).stream().allMatch(chunk -> chunk.size() == 8000));
    byte[] file = Files.readAllBytes(wav);
    byte[] streamed = ByteString.copyFrom(chunks).toByteArray();
    assertEquals(file.length + 48000, streamed.length);
    ByteBuffer header = ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(streamed.length - 8, header.getInt(4), "RIFF size");
    assertEquals(streamed.length - TestWavs.HEADER_BYTES, header.getInt(40), "data size");
    assertEquals(ByteString.copyFrom(file, 44, file.length - 44), ByteString.copyFrom(streamed, 44, file.length - 44));
    for (int i = file.length; i < streamed.length; i++) {
      assertEquals(0, streamed[i], "digital silence at byte " + i);
    }
  }

  @Test
  void kWorkersStreamAtOnce() throws IOException {
    threeUtterances();
    server.holdUntilInFlight(2);
    CliRun run = bench("--concurrency", "2");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(2, server.mostInFlight());
  }

  @Test
  void failedStreamsAndMissingFilesAreListedScoredAsEmptyLeftOutOfTheTotalsAndExitOne() throws IOException {
    threeUtterances();
    utterance("d", "shortness of breath", "shortness of breath"); // no stream scripted: the fake rejects it
    manifestLines.add("{\"id\": \"e\", \"audio\": \"wav/e.wav\", \"text\": \"fever\"}");
    CliRun run = bench("--normalize", "none", "--json");

    assertEquals(1, run.exitCode(), run.err());
    JsonObject report = json(run);
    var streams = report.getAsJsonArray("streams");
    assertEquals("{\"code\":\"INVALID_ARGUMENT\",\"message\":\"unknown audio\"}",
        streams.get(3).getAsJsonObject().get("error").toString());
    assertEquals("IO_ERROR", streams.get(4).getAsJsonObject().getAsJsonObject("error").get("code").getAsString());
    JsonObject totals = report.getAsJsonObject("totals");
    assertEquals(5, totals.get("streams").getAsInt());
    assertEquals(2, totals.get("failed_streams").getAsInt());
    assertEquals(3.0, totals.get("audio_seconds").getAsDouble(), 1e-9);
    JsonObject wer = report.getAsJsonObject("wer");
    // streamed: 2 errors + d's 3 words and e's 1 word deleted; unary: 1 error + e's deletion
    assertEquals(List.of(6, 16, 10, 1, 5, 0, 2), counts(wer.getAsJsonObject("streaming")));
    assertEquals(List.of(2, 16, 14, 1, 1, 0, 1), counts(wer.getAsJsonObject("unary")));
    assertEquals("{\"code\":\"IO_ERROR\",\"message\":\"no such file\",\"id\":\"e\"}",
        wer.getAsJsonArray("unary_failures").get(0).toString());

    String text = bench("--normalize", "none").out();
    assertTrue(text.contains("\nd   failed: INVALID_ARGUMENT\n"), text);
    assertTrue(text.contains("\nfailed streams (left out of the totals, scored as empty): 2\n"
        + "  d (wav/d.wav): INVALID_ARGUMENT: unknown audio\n"
        + "  e (wav/e.wav): IO_ERROR: no such file\n"), text);
    assertTrue(text.contains("\nfailed Recognize calls (scored as empty): 1\n"
        + "  e (wav/e.wav): IO_ERROR: no such file\n"), text);
  }

  @Test
  void withServerPidItReportsTheProcessCpuTimeAndMemory() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
    utterance("a", "chest pain", "chest pain", "chest pain");
    // this test's own JVM stands in for the server
    CliRun run = bench("--json", "--server-pid", Long.toString(ProcessHandle.current().pid()));

    assertEquals(0, run.exitCode(), run.err());
    JsonObject server = json(run).getAsJsonObject("totals").getAsJsonObject("server");
    assertEquals(SERVER_KEYS, server.keySet());
    assertEquals(ProcessHandle.current().pid(), server.get("pid").getAsLong());
    assertTrue(server.get("streaming_cpu_seconds").getAsDouble() >= 0, server.toString());
    assertTrue(server.get("unary_cpu_seconds").getAsDouble() >= 0, server.toString());
    assertTrue(server.get("peak_rss_mib").getAsDouble() > 0, server.toString());
    // not compared with the sampled peak: the kernel updates VmHWM lazily, so a sample may exceed it
    assertTrue(server.get("vm_hwm_mib").getAsDouble() > 0, server.toString());
    assertTrue(server.get("clock_ticks_per_second").getAsLong() > 0);
  }

  @Test
  void realtimeAlsoMeasuresTheLagDuringTheStream() throws IOException {
    utterance("a", "chest pain", "chest pain", "chest pain");
    CliRun run = bench("--json", "--realtime", "--chunk-ms", "500");

    assertEquals(0, run.exitCode(), run.err());
    JsonObject report = json(run);
    assertTrue(report.getAsJsonObject("settings").get("realtime").getAsBoolean());
    JsonObject stream = report.getAsJsonArray("streams").get(0).getAsJsonObject();
    assertTrue(stream.get("max_lag_ms").getAsDouble() >= 0, stream.toString());
    assertTrue(report.getAsJsonObject("totals").get("max_lag_ms").getAsJsonPrimitive().isNumber());
  }

  @Test
  void everyJsonKeyIsDocumentedInTheHelpAndInDocsStreaming() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (Set<String> group : List.of(SETTINGS_KEYS, STREAM_KEYS, TOTALS_KEYS, SERVER_KEYS, WER_KEYS, SCORE_KEYS)) {
      keys.addAll(group);
    }
    CliRun help = CliRun.run(null, "bench", "--help");
    assertEquals(0, help.exitCode());
    Path doc = Path.of(System.getProperty("medasr.repo.root", "..")).resolve("docs/streaming.md");
    String docs = Files.isRegularFile(doc) ? Files.readString(doc) : "";
    assertFalse(docs.isEmpty(), "docs/streaming.md not found at " + doc.toAbsolutePath());
    String section = docs.substring(docs.indexOf("## Benchmark: medasr bench"));
    for (String key : keys) {
      assertTrue(help.out().matches("(?s).*\\b" + key + "\\b.*"), key + " missing from bench --help");
      assertTrue(section.contains("`" + key + "`"), key + " missing from docs/streaming.md's bench section");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a.wav                 | Unmatched argument at index 4: 'a.wav'",
      "--limit 0             | --limit must be a whole number from 1 to 2147483647, got 0",
      "--server-pid x        | Invalid value for option '--server-pid': 'x' is not a long",
      "--server-pid 0        | --server-pid must be a process id, got 0",
      "--server-pid 2147483647 | --server-pid 2147483647: cannot read /proc/2147483647/stat (no such process,"
          + " or not Linux)",
      "--normalize loud      | unknown normalization 'loud' (expected none, basic, whisper, medical or medwer)",
  })
  void wrongArgumentsAreFoundBeforeAnyWorkAndExitTwo(String argument, String message) {
    List<String> line = new ArrayList<>(List.of("bench", "--manifest", "missing.jsonl", SERVER));
    line.addAll(List.of(argument.split(" ")));
    CliRun run = CliRun.run(server.channel(), line.toArray(String[]::new));
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("medasr: " + message + "\nRun 'medasr bench --help' for usage.\n", run.err());
    assertEquals("", run.out());
    assertTrue(server.streams.isEmpty());
  }

  @Test
  void aSilentFileHasNoSpeechAndSoNoLatencies() throws IOException {
    manifestLines.add("{\"id\": \"quiet\", \"audio\": \"wav/quiet.wav\", \"text\": \"\"}");
    Path wav = TestWavs.write(manifest.resolveSibling("wav/quiet.wav"), new short[16000]);
    server.answer(wav, "");
    server.answerStream(wav);
    JsonObject stream = json(bench("--json")).getAsJsonArray("streams").get(0).getAsJsonObject();
    for (String key : List.of("speech_start_seconds", "speech_end_seconds", "first_interim_ms", "final_ms")) {
      JsonElement value = stream.get(key);
      assertTrue(value.isJsonNull(), key + " in " + stream);
    }
  }
}
