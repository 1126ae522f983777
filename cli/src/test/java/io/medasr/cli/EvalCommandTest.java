package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.wer.WerInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code medasr eval} against a test double that answers known transcripts for the WAV files the tests write. */
class EvalCommandTest {
  private static final String SERVER = "--server=localhost:50051";

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

  /** Adds a manifest line; writes the WAV (unless {@code transcript} is null: a missing file) and scripts it. */
  private Path utterance(String id, String reference, double seconds, String transcript) throws IOException {
    String audio = "wav/" + id + ".wav";
    manifestLines.add("{\"id\": \"" + id + "\", \"audio\": \"" + audio + "\", \"text\": \"" + reference
        + "\", \"speaker\": \"s1\"}");
    Path wav = manifest.resolveSibling(audio);
    if (transcript != null) {
      TestWavs.tone(wav, seconds, 200 + 50 * manifestLines.size());
      server.answer(wav, transcript);
    }
    return wav;
  }

  /** Four utterances of 1.0 + 2.0 + 0.5 + 0.5 s: exact, one deletion, one substitution, exact. */
  private void fourUtterances() throws IOException {
    utterance("a", "the patient takes metoprolol daily", 1.0, "the patient takes metoprolol daily");
    utterance("b", "blood pressure is stable", 2.0, "blood pressure stable");
    utterance("c", "no known allergies", 0.5, "no known allergy");
    utterance("d", "chest pain", 0.5, "chest pain");
  }

  private CliRun eval(String... args) throws IOException {
    Files.createDirectories(manifest.getParent());
    Files.write(manifest, manifestLines, StandardCharsets.UTF_8);
    List<String> line = new ArrayList<>(List.of("eval", "--manifest", manifest.toString(), SERVER));
    line.addAll(List.of(args));
    return CliRun.run(server.channel(), line.toArray(String[]::new));
  }

  @Test
  void printsTheWerFiguresOfTheServersTranscriptsAndTheRunFigures() throws IOException {
    fourUtterances();
    CliRun run = eval("--normalize", "none");

    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    assertTrue(out.startsWith("medasr wer: 4 utterances, normalization none\n  reference:  " + manifest + "\n"
        + "  hypothesis: server localhost:50051\n"), out);
    assertTrue(out.contains("WER 14.29 %   (S+D+I = 2 over N = 14 reference words)"), out);
    assertTrue(out.contains("hits 12, substitutions 1, deletions 1, insertions 0; hypothesis words 13"), out);
    assertTrue(out.contains("top substitutions: allergies -> allergy (1)"), out);
    assertTrue(out.contains("\nserver run: 4 utterances (4 transcribed, 0 failed), server localhost:50051,"
        + " concurrency 1\n  audio            4.00 s\n"), out);
    assertTrue(out.matches("(?s).*\n  RTF wall   \\s+\\d+\\.\\d{3}     \\(wall time / audio\\)\n.*"), out);
    assertFalse(out.contains("failed utterances"), out);
    assertTrue(run.err().matches("medasr eval: 4/4, audio 4\\.0 s, elapsed \\d+:\\d\\d, ETA 0:00\n"), run.err());
  }

  @Test
  void failedCallsAndMissingAudioAreListedScoredAsEmptyAndExitOne() throws IOException {
    fourUtterances();
    server.fail(manifest.resolveSibling("wav/c.wav"), Status.INTERNAL.withDescription("decoder crashed"));
    utterance("e", "shortness of breath", 1.0, null);
    CliRun run = eval("--normalize", "none");

    assertEquals(1, run.exitCode(), run.err());
    String out = run.out();
    // c (3 words) and e (3 words) become deletions: 1 + 3 + 3 errors over 17 words
    assertTrue(out.contains("WER 41.18 %   (S+D+I = 7 over N = 17 reference words)"), out);
    assertTrue(out.contains("missing hypotheses (scored as empty): 2 (c, e)"), out);
    assertTrue(out.contains("server run: 5 utterances (3 transcribed, 2 failed)"), out);
    assertTrue(out.contains("  audio            3.50 s\n"), out);
    assertTrue(out.contains("failed utterances (scored as empty hypotheses): 2\n"
        + "  c (wav/c.wav): INTERNAL: decoder crashed\n"
        + "  e (wav/e.wav): IO_ERROR: no such file\n"), out);

    JsonObject report = JsonParser.parseString(eval("--normalize", "none", "--json").out()).getAsJsonObject();
    JsonObject figures = report.getAsJsonObject("run");
    assertEquals(5, figures.get("utterances").getAsInt());
    assertEquals(2, figures.get("failed").getAsInt());
    assertEquals(3.5, figures.get("audioSeconds").getAsDouble());
    // a server of its own (--model-dir) is the only one whose CPU time eval can read
    assertTrue(figures.get("serverCpuSeconds").isJsonNull(), figures.toString());
    assertTrue(figures.get("serverCpuPerAudioSecond").isJsonNull(), figures.toString());
    assertEquals("{\"id\":\"e\",\"audio\":\"wav/e.wav\",\"code\":\"IO_ERROR\",\"message\":\"no such file\"}",
        figures.getAsJsonArray("failures").get(1).toString());
    assertEquals(7, report.getAsJsonObject("summary").get("deletions").getAsInt());
  }

  @Test
  void htmlReportHasARunSectionWithTheFiguresAndTheEscapedFailures() throws IOException {
    fourUtterances();
    server.fail(manifest.resolveSibling("wav/c.wav"),
        Status.INTERNAL.withDescription("decoder <crashed> & said \"stop\""));
    utterance("e<&>", "shortness of breath", 1.0, null);
    Path report = dir.resolve("report");
    CliRun run = eval("--normalize", "none", "--report", report.toString());
    assertEquals(1, run.exitCode(), run.err());

    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("<h2>Run</h2>"), html);
    assertTrue(html.contains("<tr><th>server</th><td class=\"n\"><code>localhost:50051</code></td>"), html);
    assertTrue(html.contains("<tr><th>utterances</th><td class=\"n\">5</td>"
        + "<td class=\"note\">3 transcribed, 2 failed</td></tr>"), html);
    assertTrue(html.contains("<tr><th>audio</th><td class=\"n\">3.50 s</td>"), html);
    assertTrue(html.matches("(?s).*<tr><th>RTF wall</th><td class=\"n\">\\d+\\.\\d{3}</td>.*"), html);
    assertTrue(html.matches("(?s).*<tr><th>RTF calls</th><td class=\"n\">\\d+\\.\\d{3}</td>.*"), html);
    assertTrue(html.contains("<h3>Failed utterances (scored as empty hypotheses): 2</h3>"), html);
    assertTrue(html.contains("<tr><td><a href=\"#u-c\">c</a></td><td><code>wav/c.wav</code></td>"
        + "<td><code>INTERNAL</code></td><td>decoder &lt;crashed&gt; &amp; said &quot;stop&quot;</td></tr>"), html);
    assertTrue(html.contains("<tr><td><a href=\"#u-e.3c..26..3e.\">e&lt;&amp;&gt;</a></td>"
        + "<td><code>wav/e&lt;&amp;&gt;.wav</code></td><td><code>IO_ERROR</code></td><td>no such file</td></tr>"),
        html);
    assertFalse(html.contains("<crashed>"), html);
    assertFalse(html.contains("e<&>"), html);
  }

  @Test
  void withoutAnyTranscribedAudioTheRealTimeFactorsAreNull() throws IOException {
    utterance("a", "chest pain", 1.0, null);
    CliRun run = eval("--json");
    assertEquals(1, run.exitCode(), run.err());
    JsonObject figures = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("run");
    assertTrue(figures.get("rtfWall").isJsonNull(), figures.toString());
    assertTrue(figures.get("rtfCalls").isJsonNull(), figures.toString());
    assertEquals(0.0, figures.get("audioSeconds").getAsDouble());
    assertTrue(eval().out().contains("  RTF wall          n/a     (wall time / audio)\n"));
    Path report = dir.resolve("report");
    eval("--report", report.toString());
    assertTrue(Files.readString(report.resolve("index.html"))
        .contains("<tr><th>RTF calls</th><td class=\"n\">n/a</td>"));
  }

  @Test
  void threeCallsInFlightScoreExactlyLikeOne() throws IOException {
    fourUtterances();
    utterance("e", "shortness of breath", 1.0, "shortness of breath");
    utterance("f", "take two tablets twice a day", 1.5, "take 2 tablets twice daily");
    Path sequentialHyps = dir.resolve("k1.jsonl");
    Path concurrentHyps = dir.resolve("k3.jsonl");

    CliRun sequential = eval("--json", "--hyp-out", sequentialHyps.toString());
    assertEquals(1, server.mostInFlight());
    server.resetCounts();
    server.holdUntilInFlight(3);
    CliRun concurrent = eval("--json", "--concurrency", "3", "--hyp-out", concurrentHyps.toString());
    assertEquals(3, server.mostInFlight());

    assertEquals(0, concurrent.exitCode(), concurrent.err());
    JsonObject one = JsonParser.parseString(sequential.out()).getAsJsonObject();
    JsonObject three = JsonParser.parseString(concurrent.out()).getAsJsonObject();
    assertEquals(one.get("summary"), three.get("summary"));
    assertEquals(one.get("utterances"), three.get("utterances"));
    assertEquals(3, three.getAsJsonObject("run").get("concurrency").getAsInt());
    assertEquals(idsAndTexts(sequentialHyps), idsAndTexts(concurrentHyps));
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), idsAndTexts(concurrentHyps).stream()
        .map(line -> line.split("=")[0]).toList());
  }

  private static List<String> idsAndTexts(Path hypotheses) throws IOException {
    return Files.readAllLines(hypotheses).stream().map(line -> JsonParser.parseString(line).getAsJsonObject())
        .map(o -> o.get("id").getAsString() + "=" + o.get("text").getAsString()).toList();
  }

  @Test
  void asksForWordTimesOnlyWhenTheManifestHasWordTimesToScore() throws IOException {
    fourUtterances();
    assertEquals(0, eval().exitCode());
    assertEquals(List.of(false, false, false, false),
        server.unaryConfigs.stream().map(RecognitionConfig::getEnableWordTimeOffsets).toList());

    server.unaryConfigs.clear();
    manifestLines.set(3, manifestLines.get(3).replace("}",
        ", \"words\": [{\"word\": \"chest\", \"start\": 0.0, \"end\": 0.2},"
            + " {\"word\": \"pain\", \"start\": 0.2, \"end\": 0.5}]}"));
    assertEquals(0, eval().exitCode());
    assertEquals(List.of(true, true, true, true),
        server.unaryConfigs.stream().map(RecognitionConfig::getEnableWordTimeOffsets).toList());
  }

  @Test
  void warmUpCallsTheFirstUtteranceOnceMoreWithoutScoringOrTimingIt() throws IOException {
    fourUtterances();
    JsonObject cold = JsonParser.parseString(eval("--json").out()).getAsJsonObject();
    assertEquals(4, server.unaryConfigs.size());

    server.unaryConfigs.clear();
    CliRun run = eval("--json", "--warm-up");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(5, server.unaryConfigs.size());
    JsonObject warm = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals(cold.get("summary"), warm.get("summary"));
    assertEquals(cold.get("utterances"), warm.get("utterances"));
    assertEquals(4, warm.getAsJsonObject("run").get("utterances").getAsInt());
    assertEquals(4.0, warm.getAsJsonObject("run").get("audioSeconds").getAsDouble());
  }

  @Test
  void hypOutHoldsTheTranscribedUtterancesAndWerRescoresThemToTheSameFigures() throws IOException {
    fourUtterances();
    server.fail(manifest.resolveSibling("wav/b.wav"), Status.UNAVAILABLE.withDescription("shutting down"));
    Path hypotheses = dir.resolve("out/hyp.jsonl");
    Files.createDirectories(hypotheses.getParent());
    CliRun run = eval("--json", "--hyp-out", hypotheses.toString());
    assertEquals(1, run.exitCode(), run.err());

    List<String> lines = Files.readAllLines(hypotheses);
    assertEquals(3, lines.size(), String.join("\n", lines));
    JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals(List.of("id", "text", "audio", "duration", "elapsed_ms", "words"), List.copyOf(first.keySet()));
    assertEquals("a", first.get("id").getAsString());
    assertEquals("the patient takes metoprolol daily", first.get("text").getAsString());
    assertEquals("wav/a.wav", first.get("audio").getAsString());
    assertEquals(1.0, first.get("duration").getAsDouble());
    assertTrue(first.get("elapsed_ms").getAsLong() >= 0);
    assertEquals("c", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("id").getAsString());
    assertEquals(0.5, JsonParser.parseString(lines.get(2)).getAsJsonObject().get("duration").getAsDouble());

    CliRun rescored = CliRun.run(null, "wer", "--ref", manifest.toString(), "--hyp", hypotheses.toString(), "--json");
    assertEquals(0, rescored.exitCode(), rescored.err());
    JsonObject wer = JsonParser.parseString(rescored.out()).getAsJsonObject();
    JsonObject eval = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals(eval.get("summary"), wer.get("summary"));
    assertEquals(eval.get("utterances"), wer.get("utterances"));
    assertEquals("[\"b\"]", wer.get("missingHypotheses").toString());
    assertEquals(hypotheses.toString(), eval.get("hypothesis").getAsString());
  }

  @Test
  void limitTermsReportAndComparisonWorkAsInWer() throws IOException {
    fourUtterances();
    Path terms = Files.writeString(dir.resolve("terms.txt"), "# drugs\nmetoprolol\nblood pressure\n");
    Path baseline = dir.resolve("baseline.json");
    Files.writeString(baseline, eval("--limit", "2", "--json").out());
    Path report = dir.resolve("report");

    CliRun run = eval("--limit", "2", "--terms", terms.toString(), "--report", report.toString(), "--compare",
        baseline.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("medasr wer: 2 utterances"), run.out());
    assertTrue(run.out().contains("WER 11.11 %   (S+D+I = 1 over N = 9 reference words)"), run.out());
    assertTrue(run.out().contains("terms: recall 100.00 % (2/2)"), run.out());
    assertTrue(run.out().contains("medical: M-WER 0.00 % (0 errors over 2 reference terms), WER 11.11 % over 2 "
        + "utterances\n  spurious medical insertions: 0 (0.00 per 100 utterances)\n"), run.out());
    assertTrue(run.out().contains("compared with the baseline run:\n  WER" + " ".repeat(15) + "11.11 % ->   11.11 %"),
        run.out());
    assertTrue(run.out().contains("server run: 2 utterances (2 transcribed, 0 failed)"), run.out());
    assertTrue(Files.readString(report.resolve("index.html")).contains("<html"));
    JsonObject saved = JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
    assertEquals(3.0, saved.getAsJsonObject("run").get("audioSeconds").getAsDouble());
    assertEquals(0.0, saved.getAsJsonObject("medical").get("medicalWer").getAsDouble());
    assertTrue(Files.readString(report.resolve("index.html")).contains("<h2>Medical</h2>"));
  }

  @Test
  void readsASharedManifestWithItsRelativeAudioPaths() throws IOException, WerInputException {
    Path shared = Path.of(System.getProperty("medasr.repo.root", ".")).resolve("../shared/data/speech/general")
        .normalize();
    assumeTrue(Files.isRegularFile(shared.resolve("manifest.jsonl")), "shared speech data not found at " + shared);
    List<ManifestEntry> entries = ManifestEntry.readAll(shared.resolve("manifest.jsonl"));
    for (ManifestEntry entry : entries) {
      server.answer(entry.audioFile(), entry.text()); // a perfect recognizer: every figure is exact
    }
    CliRun run = CliRun.run(server.channel(), "eval", "--manifest", shared.resolve("manifest.jsonl").toString(),
        SERVER, "--concurrency", "4");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("medasr wer: " + entries.size() + " utterances"), run.out());
    assertTrue(run.out().contains("\nWER 0.00 %"), run.out());
    assertTrue(run.out().contains("(" + entries.size() + " transcribed, 0 failed)"), run.out());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "eval --server h:1                                 | Missing required option: '--manifest=M'",
      "eval --manifest m.jsonl                           | --server is required (or the environment variable MEDASR_SERVER)",
      "eval --manifest m.jsonl --server h:1 a.wav        | Unmatched argument at index 5: 'a.wav'",
      "eval --manifest m.jsonl --server h:1 --concurrency 0  | --concurrency must be a whole number from 1 to 64, got 0",
      "eval --manifest m.jsonl --server h:1 --concurrency 65 | --concurrency must be a whole number from 1 to 64, got 65",
      "eval --manifest m.jsonl --server h:1 --limit none | Invalid value for option '--limit': 'none' is not an int",
      "eval --manifest m.jsonl --server h:1 --normalize x | unknown normalization 'x' (expected none, basic, whisper, medical or medwer)",
      "eval --manifest m.jsonl --server h:1 --ref r.txt  | Unknown options: '--ref', 'r.txt'",
      "eval --manifest m.jsonl --server localhost        | --server must be HOST:PORT, got 'localhost'",
  })
  void wrongCommandLineExitsTwoBeforeAnyCall(String commandLine, String message) {
    CliRun run = CliRun.run(server.channel(), commandLine.trim().split("\\s+"));
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("medasr: " + message + "\nRun 'medasr eval --help' for usage.\n", run.err());
    assertEquals(0, server.mostInFlight());
  }

  @Test
  void unreadableInputsExitOneBeforeAnyCall() throws IOException {
    fourUtterances();
    CliRun noTerms = eval("--terms", dir.resolve("absent.txt").toString());
    assertEquals(1, noTerms.exitCode());
    assertTrue(noTerms.err().startsWith("medasr: " + dir.resolve("absent.txt")), noTerms.err());
    manifestLines.add("{\"id\": \"a\", \"audio\": \"wav/a.wav\", \"text\": \"again\"}");
    CliRun duplicate = eval();
    assertEquals("medasr: " + manifest + ":5: duplicate id 'a'\n", duplicate.err());
    manifestLines.remove(4);
    CliRun unwritable = eval("--hyp-out", dir.resolve("absent/hyp.jsonl").toString());
    assertEquals(1, unwritable.exitCode());
    assertEquals("medasr: cannot write output: " + dir.resolve("absent/hyp.jsonl") + "\n", unwritable.err());
    assertEquals(0, server.mostInFlight());
  }

  @Test
  void mainListsEvalAndHelpShowsItsUsage() {
    assertTrue(CliRun.run(null, "help").out().contains("\n  eval                 transcribe a test-set manifest"));
    CliRun help = CliRun.run(null, "help", "eval");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().startsWith("Usage: medasr eval --manifest M --server HOST:PORT"), help.out());
    assertEquals(help, CliRun.run(null, "eval", "--help"));
  }
}
