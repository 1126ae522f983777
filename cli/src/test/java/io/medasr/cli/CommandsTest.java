package io.medasr.cli;

import static io.medasr.client.InProcessRecognizer.textFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.medasr.client.InProcessRecognizer;
import io.medasr.client.MedAsrClient;
import io.medasr.client.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against the in-process test double of the server (through {@link CliContext#channel()}). */
class CommandsTest {
  private static final String SERVER = "--server=localhost:50051";

  private InProcessRecognizer server;

  @BeforeEach
  void start() throws IOException {
    server = new InProcessRecognizer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    return CliRun.run(server.channel(), args);
  }

  @Test
  void theApiKeyComesFromTheEnvironmentWhenNoOptionGivesOne() {
    String wav = TestData.speechWav().toString();
    Map<String, String> environment = Map.of("MEDASR_API_KEY", "env-key");
    assertEquals(0, CliRun.run(server.channel(), false, environment, "transcribe", SERVER, wav).exitCode());
    assertEquals("Bearer env-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
    CliRun flag = CliRun.run(server.channel(), false, environment, "transcribe", "--api-key", "flag-key", SERVER, wav);
    assertEquals(0, flag.exitCode(), flag.err());
    assertEquals("Bearer flag-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
    assertEquals(0, CliRun.run(server.channel(), false, Map.of("MEDASR_API_KEY", " "), "transcribe", SERVER, wav)
        .exitCode());
    assertNull(server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
  }

  @Test
  void transcribeJsonPrintsOneParsableObjectPerFileAndExitsOneWhenAFileFails(@TempDir Path dir)
      throws IOException {
    Path wav = TestData.speechWav();
    Path missing = dir.resolve("missing.wav");
    CliRun run = run("transcribe", "--json", "--api-key", "qa-key", SERVER, wav.toString(), missing.toString());

    assertEquals(1, run.exitCode());
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());

    JsonObject ok = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    long bytes = Files.size(wav);
    assertEquals(wav.toString(), ok.get("file").getAsString());
    assertEquals(textFor(bytes), ok.get("transcript").getAsString());
    assertEquals(bytes / 32000.0, ok.get("duration").getAsDouble(), 1e-9);
    assertTrue(ok.get("elapsed_ms").getAsLong() >= 0);
    var words = ok.getAsJsonArray("words");
    assertEquals(bytes / 1000, words.size());
    JsonObject second = words.get(1).getAsJsonObject();
    assertEquals("w1", second.get("word").getAsString());
    assertEquals(1.0, second.get("start").getAsDouble());
    assertEquals(1.5, second.get("end").getAsDouble());
    assertEquals(0.5, second.get("confidence").getAsDouble());

    JsonObject failed = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertEquals(missing.toString(), failed.get("file").getAsString());
    assertEquals("IO_ERROR", failed.getAsJsonObject("error").get("code").getAsString());
    assertEquals("no such file", failed.getAsJsonObject("error").get("message").getAsString());

    assertEquals("Bearer qa-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
    var config = server.unaryRequests.get(0).getConfig();
    assertEquals("WAV", config.getEncoding().name());
    assertTrue(config.getEnableWordTimeOffsets());
  }

  @Test
  void transcribePlainPrintsFileAndTranscriptAndReportsServerErrorsPerFile() throws IOException {
    Path wav = TestData.speechWav();
    CliRun ok = run("transcribe", SERVER, "--language", "en-GB", "--specialty", "cardiology",
        "--phrase", "metoprolol", "--phrase", "apixaban", "--correct", "--correctors", "lexicon,seq2seq",
        wav.toString());
    assertEquals(0, ok.exitCode(), ok.err());
    assertEquals(wav + ": " + textFor(Files.size(wav)) + "\n", ok.out());
    var config = server.unaryRequests.get(0).getConfig();
    assertEquals("en-GB", config.getLanguageCode());
    assertEquals("cardiology", config.getSpecialty());
    assertEquals(List.of("metoprolol", "apixaban"),
        config.getPhrasesList().stream().map(p -> p.getValue()).toList());
    assertTrue(config.getEnableCorrection());
    assertEquals(List.of("lexicon", "seq2seq"), config.getCorrectorsList());
    CliRun withoutCorrect = run("transcribe", SERVER, "--correctors", "seq2seq", wav.toString());
    assertEquals(2, withoutCorrect.exitCode());
    assertTrue(withoutCorrect.err().contains("--correctors needs --correct"), withoutCorrect.err());

    server.failWith = Status.INVALID_ARGUMENT.withDescription("unsupported WAV format: 12-bit PCM");
    CliRun failed = run("transcribe", SERVER, wav.toString(), wav.toString());
    assertEquals(1, failed.exitCode());
    assertEquals("", failed.out());
    String expected = "medasr: " + wav + ": INVALID_ARGUMENT: unsupported WAV format: 12-bit PCM\n";
    assertEquals(expected + expected, failed.err());
  }

  @Test
  void streamSendsTheWavInChunksOfChunkMsAndPrintsOnlyFinalsOnAPipe() throws IOException {
    Path wav = TestData.speechWav();
    byte[] file = Files.readAllBytes(wav);
    CliRun run = run("stream", SERVER, "--chunk-ms", "100", wav.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(textFor(file.length) + "\n", run.out());
    int chunkBytes = 3200; // 100 ms of 16 kHz 16-bit mono
    assertEquals((file.length + chunkBytes - 1) / chunkBytes, server.chunks.size());
    assertTrue(server.chunks.subList(0, server.chunks.size() - 1).stream().allMatch(c -> c.size() == chunkBytes));
    assertEquals(ByteString.copyFrom(file), ByteString.copyFrom(server.chunks));
    var config = server.streamConfig.get();
    assertEquals("WAV", config.getConfig().getEncoding().name());
    assertTrue(config.getInterimResults());
  }

  @Test
  void streamOnATerminalRedrawsOneLineForInterims(@TempDir Path dir) throws IOException {
    Path wav = writeWav(dir.resolve("short.wav"), 16000, 3200); // 0.2 s: two chunks of 100 ms
    CliRun run = CliRun.run(server.channel(), true, "stream", SERVER, wav.toString());
    assertEquals(0, run.exitCode(), run.err());
    String clear = "\r\033[2K";
    assertEquals(clear + textFor(3200) + clear + textFor(3244) + clear + textFor(3244) + "\n", run.out());
  }

  @Test
  void interimTextIsCutToTheTerminalWidthKeepingItsEnd() {
    assertEquals("short", StreamCommand.fitToWidth("short", 80));
    assertEquals("abcd", StreamCommand.fitToWidth("abcd", 5));
    assertEquals("…def", StreamCommand.fitToWidth("abcdef", 5));
    assertEquals("…東京", StreamCommand.fitToWidth("大阪と東京", 4));
    assertEquals(80, Main.columns(null));
    assertEquals(132, Main.columns(" 132 "));
    assertEquals(80, Main.columns("wide"));
  }

  @Test
  void streamJsonPrintsEveryResultWithIsFinal(@TempDir Path dir) throws IOException {
    // At 8 kHz a 100 ms chunk is 1600 bytes: header and data make three chunks.
    Path wav = writeWav(dir.resolve("short.wav"), 8000, 3 * 1600 - 44);
    CliRun run = run("stream", "--json", SERVER, wav.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<JsonObject> results = run.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    assertEquals(List.of(false, false, false, true),
        results.stream().map(r -> r.get("is_final").getAsBoolean()).toList());
    assertEquals(textFor(4800), results.get(3).get("transcript").getAsString());
    assertTrue(results.get(0).has("words") && results.get(0).has("stability") && results.get(0).has("end"));
  }

  @Test
  void streamRealtimePacesChunksAtTheSpeedOfTheAudio(@TempDir Path dir) throws IOException {
    Path wav = writeWav(dir.resolve("half-second.wav"), 16000, 16000); // 0.5 s
    long start = System.nanoTime();
    CliRun run = run("stream", "--realtime", "--chunk-ms", "50", SERVER, wav.toString());
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(11, server.chunks.size()); // ten of 50 ms, and the header's 44 bytes
    // The eleventh chunk is due 500 ms after the first.
    assertTrue(elapsedMillis >= 480, "took " + elapsedMillis + " ms");
  }

  @Test
  void streamRealtimeNeedsAWavFile(@TempDir Path dir) throws IOException {
    Path flac = Files.write(dir.resolve("a.flac"), new byte[100]);
    CliRun run = run("stream", "--realtime", SERVER, flac.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("medasr: --realtime needs a WAV file"), run.err());
  }

  @Test
  void streamOfAFileItCannotUseIsOneLineAndExitsOne(@TempDir Path dir) throws IOException {
    Path text = Files.write(dir.resolve("notes.txt"), "not audio".getBytes());
    CliRun unknown = run("stream", SERVER, text.toString());
    assertEquals(new CliRun(1, "", "medasr: " + text + ": INVALID_ARGUMENT: cannot tell the encoding: not a WAV"
        + " file, and the extension is not .flac, .ogg, .opus or .mp3\n"), unknown);
    CliRun missing = run("stream", SERVER, dir.resolve("missing.wav").toString());
    assertEquals(new CliRun(1, "", "medasr: " + dir.resolve("missing.wav") + ": no such file\n"), missing);
    assertTrue(server.chunks.isEmpty());
  }

  @Test
  void streamFailureIsOneLineAndExitsOne(@TempDir Path dir) throws IOException {
    server.failWith = Status.UNAUTHENTICATED.withDescription("missing API key");
    Path wav = writeWav(dir.resolve("a.wav"), 16000, 320);
    CliRun run = run("stream", SERVER, wav.toString());
    assertEquals(1, run.exitCode());
    assertEquals("medasr: " + wav + ": UNAUTHENTICATED: missing API key\n", run.err());
  }

  @Test
  void healthPrintsTheStatusAndExitsZeroOnlyWhenServing() {
    CliRun serving = run("health", SERVER);
    assertEquals(new CliRun(0, "SERVING\n", ""), serving);
    server.serving(false);
    CliRun notServing = run("health", SERVER);
    assertEquals(new CliRun(1, "NOT_SERVING\n", ""), notServing);
  }

  @Test
  void commandsConnectToARealSocketWithoutTheSeam(@TempDir Path dir) throws IOException {
    String address = "127.0.0.1:" + server.listenOnLoopback();
    Path wav = writeWav(dir.resolve("a.wav"), 16000, 6400);
    CliRun health = CliRun.run(null, "health", "--server", address);
    assertEquals(new CliRun(0, "SERVING\n", ""), health);
    CliRun transcribe = CliRun.run(null, "transcribe", "--server", address, "--api-key", "net-key", wav.toString());
    assertEquals(new CliRun(0, wav + ": " + textFor(6444) + "\n", ""), transcribe);
    assertEquals("Bearer net-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));
    CliRun stream = CliRun.run(null, "stream", "--server", address, wav.toString());
    assertEquals(new CliRun(0, textFor(6444) + "\n", ""), stream);
  }

  @Test
  void healthOfAnUnreachableServerIsAClearMessageWithoutStackTrace() {
    CliRun run = CliRun.run(null, "health", "--server", "127.0.0.1:1", "--deadline", "5");
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("medasr: health check of 127.0.0.1:1 failed: UNAVAILABLE"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  /** Writes a 16-bit mono PCM WAV file of {@code dataBytes} bytes of silence. */
  private static Path writeWav(Path file, int sampleRate, int dataBytes) throws IOException {
    ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes()).putInt(dataBytes);
    return Files.write(file, wav.array());
  }
}
