package io.medasr.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started on this machine for one command ({@code eval --model-dir DIR}): the server jar on a free
 * loopback port, its output read on a daemon thread until it says where it serves. {@link #close} stops it
 * (SIGTERM, as an operator would, then SIGKILL if it outlives the grace). Thread-safe.
 */
final class LocalServer implements AutoCloseable {
  /** Where the launcher says the server jar is. */
  static final String SERVER_JAR_VARIABLE = "MEDASR_SERVER_JAR";

  private static final Pattern SERVING = Pattern.compile("^medasr: serving model .* on port (\\d+)$");
  /** Loading base takes seconds; a cold file cache and a busy machine, a minute. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** Lines of the server's output kept to explain a failed start. */
  private static final int KEPT_LINES = 20;

  private final Process process;
  private final int port;

  private LocalServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The server jar's command line for {@code modelDir}, run by the JVM that runs this command. */
  static List<String> command(Path serverJar, Path modelDir) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(java, "-jar", serverJar.toString(), "--model", modelDir.toString(), "--port", "0");
  }

  /**
   * Runs {@code command} (a server that listens on loopback and prints "medasr: serving model M on port P") and
   * waits until it serves.
   *
   * @throws IOException when it cannot start, ends before it serves, or does not serve within two minutes; the
   *     message ends with the last lines it printed
   */
  static LocalServer start(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread reader = new Thread(() -> read(process, port, lastLines), "medasr-local-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new LocalServer(process, port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      String why = e instanceof TimeoutException ? "did not serve within " + START_TIMEOUT.toSeconds() + " s"
          : "ended before it served";
      List<String> output;
      synchronized (lastLines) {
        output = new ArrayList<>(lastLines);
      }
      throw new IOException("the local server " + why + "; its last output:\n  " + String.join("\n  ", output));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads the server's output to its end: the port once it serves, the last lines for a failed start. */
  private static void read(Process process, CompletableFuture<Integer> port, Deque<String> lastLines) {
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        Matcher serving = SERVING.matcher(line);
        if (serving.matches()) {
          port.complete(Integer.parseInt(serving.group(1)));
        }
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended; what it said is in lastLines
    }
    port.completeExceptionally(new IOException("the server's output ended"));
  }

  /** Where the server listens: {@code 127.0.0.1:PORT}. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /**
   * User + system CPU time the server process has used so far, in seconds; NaN when the operating system does not
   * tell (Linux reads it from /proc, in clock ticks of 10 ms).
   */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** Whether a model directory holds a model this server can load (the encoder is in every layout). */
  static boolean holdsModel(Path modelDir) {
    return Files.isRegularFile(modelDir.resolve("encoder_model.onnx"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
