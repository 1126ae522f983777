package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medasr serve}'s answers to its command line before it loads anything, in a child JVM: they exit it. */
class MainCommandLineTest {
  private static final long WAIT_SECONDS = 60;

  /** A finished child: its exit code and what it printed. */
  private record Run(int exitCode, String out, String err) {}

  @Test
  void helpGoesToStdoutAndExitsZero(@TempDir Path dir) throws Exception {
    for (String help : new String[] {"--help", "-h"}) {
      assertEquals(new Run(0, ServeCommand.usage(), ""), run(dir, Map.of("MEDASR_PORT", "6000"), help));
    }
  }

  @Test
  void versionGoesToStdoutAndExitsZero(@TempDir Path dir) throws Exception {
    Run run = run(dir, Map.of(), "--version");
    assertEquals(new Run(0, ServeCommand.version() + System.lineSeparator(), ""), run);
    assertTrue(run.out().startsWith("medasr-server "), run.out());
  }

  @Test
  void aBadCommandLineIsNamedOnStderrWithTheUsageAndExitsTwo(@TempDir Path dir) throws Exception {
    assertEquals(new Run(2, "", "medasr serve: Unknown option: '--bogus'" + System.lineSeparator()
        + ServeCommand.usage()), run(dir, Map.of(), "--bogus"));
    assertEquals(new Run(2, "", "medasr serve: Invalid value for option '--port': 'x' is not an int"
        + System.lineSeparator() + ServeCommand.usage()), run(dir, Map.of("MEDASR_PORT", "x")));
    assertEquals(new Run(2, "", "medasr serve: port must be 0..65535, got 70000" + System.lineSeparator()
        + ServeCommand.usage()), run(dir, Map.of(), "--port", "70000"));
  }

  /** Runs Main with {@code env} as its only MEDASR_ variables, so that the caller's cannot change the outcome. */
  private static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    // the JVM announces these options on stderr
    builder.environment().keySet().removeIf(name -> name.startsWith("MEDASR_") || name.equals("JAVA_TOOL_OPTIONS")
        || name.equals("_JAVA_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("serve " + String.join(" ", args) + " did not exit");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
