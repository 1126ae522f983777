package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code eval --model-dir}: a real server process of the committed tiny model, started and stopped by the CLI. */
class LocalServerTest {
  private static final Path REPO = Path.of(System.getProperty("medasr.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path MODEL = REPO.resolve("models/tiny/whisper-tiny-random.en");

  /** The server's main class on this test's class path: the same program as the server jar. */
  private static List<String> server(String... flags) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.medasr.server.Main", "--threads", "1", "--lexicon", "none"));
    command.addAll(List.of(flags));
    return command;
  }

  @Test
  void aStartedServerAnswersOnItsPortUntilClosed() throws Exception {
    LocalServer local = LocalServer.start(server("--model", MODEL.toString(), "--port", "0"));
    String target = local.target();
    try {
      assertTrue(target.matches("127\\.0\\.0\\.1:\\d+"), target);
      CliRun health = CliRun.run(null, "health", "--server", target);
      assertEquals(new CliRun(0, "SERVING\n", ""), health);
      // a JVM that has loaded a model has used CPU time, and Linux tells it
      assertTrue(local.cpuSeconds() > 0, "server CPU seconds " + local.cpuSeconds());
    } finally {
      local.close();
    }
    CliRun after = CliRun.run(null, "health", "--server", target, "--deadline", "5");
    assertEquals(1, after.exitCode(), after.out());
  }

  @Test
  void aServerThatCannotStartSaysWhy() {
    IOException failed = assertThrows(IOException.class,
        () -> LocalServer.start(server("--model", REPO.resolve("models/absent").toString(), "--port", "0")));
    assertTrue(failed.getMessage().startsWith("the local server ended before it served; its last output:"),
        failed.getMessage());
    assertTrue(failed.getMessage().contains("models/absent"), failed.getMessage());
  }

  @Test
  void modelDirIsCheckedBeforeAnythingStarts() {
    CliRun both = CliRun.run(null, false, Map.of(LocalServer.SERVER_JAR_VARIABLE, "server.jar"), "eval",
        "--manifest", "m.jsonl", "--server", "h:1", "--model-dir", MODEL.toString());
    assertEquals("medasr: give --server or --model-dir, not both\nRun 'medasr eval --help' for usage.\n", both.err());
    CliRun noJar = CliRun.run(null, "eval", "--manifest", "m.jsonl", "--model-dir", MODEL.toString());
    assertTrue(noJar.err().startsWith("medasr: --model-dir needs the server jar"), noJar.err());
    CliRun noModel = CliRun.run(null, false, Map.of(LocalServer.SERVER_JAR_VARIABLE, "server.jar"), "eval",
        "--manifest", "m.jsonl", "--model-dir", REPO.resolve("models").toString());
    assertEquals(2, noModel.exitCode());
    assertTrue(noModel.err().contains("holds no model (expected encoder_model.onnx there)"), noModel.err());
    assertFalse(LocalServer.holdsModel(REPO.resolve("models")));
    // the manifest is read before the server would load its model: a jar that cannot start proves none started
    CliRun noManifest = CliRun.run(null, false, Map.of(LocalServer.SERVER_JAR_VARIABLE, "no-such-server.jar"),
        "eval", "--manifest", "absent.jsonl", "--model-dir", MODEL.toString());
    assertEquals(1, noManifest.exitCode(), noManifest.err());
    assertTrue(noManifest.err().startsWith("medasr: absent.jsonl"), noManifest.err());
    assertFalse(noManifest.err().contains("local server"), noManifest.err());
  }
}
