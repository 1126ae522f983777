package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.engine.RecognitionEngine;
import io.medasr.server.MedAsrServer;
import io.medasr.server.ServerConfig;
import io.medasr.stream.DecoderLoad;
import io.medasr.stream.Endpointing;
import io.medasr.stream.StreamListener;
import io.medasr.stream.StreamingOptions;
import io.medasr.stream.StreamingSession;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.vad.EnergyVadBackend;
import io.medasr.vad.EnergyVadConfig;
import io.medasr.vad.VadBackend;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line against the real server on a loopback port, with the committed tiny English model. */
class RealServerEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("medasr.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path MODEL = REPO.resolve("models/tiny/whisper-tiny-random.en");
  private static final Path CLIP =
      REPO.resolve("../shared/data/speech/librispeech-sample/wav/1089-134686-0001.wav").normalize();

  private static WhisperModel model;
  private static MedAsrServer server;
  private static String target;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig config = ServerConfig.parse(new String[] {"--port", "0", "--model", MODEL.toString(),
        "--threads", "1", "--max-streams", "2", "--max-audio-seconds", "600", "--stream-keep-up", "false"},
        Map.of());
    model = WhisperModel.load(MODEL, new OrtSettings(1, 1, OptLevel.ALL_OPT));
    WhisperModel served = WhisperModel.load(MODEL, new OrtSettings(1, 1, OptLevel.ALL_OPT));
    server = MedAsrServer.start(new RecognitionEngine(served, config.engineConfig(2, Runtime.getRuntime().maxMemory())),
        config);
    target = "127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() throws Exception {
    server.shutdown(Duration.ofSeconds(5));
    model.close();
  }

  /** What the engine itself makes of the clip: the segments the server must pass through unchanged. */
  private static List<String> engineSegments(Path clip, boolean wordTimes) throws Exception {
    return new Transcriber(model)
        .transcribe(AudioDecoders.readFile(clip), TranscribeOptions.defaults().withWordTimestamps(wordTimes))
        .segments().stream().map(Segment::text).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  /** What the engine's streaming session makes of the clip, fed directly: the finals a stream must print. */
  private static List<String> sessionFinals(Path clip) throws Exception {
    List<String> finals = new ArrayList<>();
    StreamListener listener = StreamListener.finalsTo(result -> finals.add(result.text()));
    try (VadBackend vad = new EnergyVadBackend(EnergyVadConfig.defaults())) {
      StreamingSession session = new StreamingSession(new Transcriber(model), vad,
          new StreamingOptions(TranscribeOptions.defaults().withShortAudioContext(true), false, 1.0,
              Endpointing.defaults(), false, StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS),
          listener, InferenceRun.UNCANCELLABLE, DecoderLoad.alone());
      session.accept(AudioDecoders.readFile(clip));
      session.finish();
    }
    return finals;
  }

  @Test
  void healthSaysServing() {
    CliRun run = CliRun.run(null, "health", "--server", target);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("SERVING", run.out().strip());
  }

  @Test
  void transcribeJsonCarriesTheEnginesTextAndWords() throws Exception {
    assumeTrue(Files.isRegularFile(CLIP), "shared speech data not present");
    CliRun run = CliRun.run(null, "transcribe", "--server", target, "--json", CLIP.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonObject json = JsonParser.parseString(run.out().strip()).getAsJsonObject();
    assertEquals(CLIP.toString(), json.get("file").getAsString());
    assertEquals(String.join(" ", engineSegments(CLIP, true)), json.get("transcript").getAsString());
    assertFalse(json.getAsJsonArray("words").isEmpty());
    assertEquals(Files.size(CLIP) - 44, Math.round(json.get("duration").getAsDouble() * 32000));
  }

  @Test
  void streamPrintsTheSameFinalsAsTheEnginesStreamingSession() throws Exception {
    assumeTrue(Files.isRegularFile(CLIP), "shared speech data not present");
    CliRun run = CliRun.run(null, "stream", "--server", target, CLIP.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> expected = sessionFinals(CLIP);
    assertFalse(expected.isEmpty());
    // split on \n only: the random model's text may hold a carriage return
    assertEquals(expected, List.of(run.out().strip().split("\n")));
  }

  @Test
  void evalTranscribesAndScoresAManifest() throws Exception {
    Path manifest = REPO.resolve("../shared/data/speech/librispeech-sample/manifest.jsonl").normalize();
    assumeTrue(Files.isRegularFile(manifest), "shared speech data not present");
    CliRun run = CliRun.run(null, "eval", "--server", target, "--manifest", manifest.toString(), "--limit", "2");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("2 utterances (2 transcribed, 0 failed)"), run.out());
  }
}
