package io.medasr.stress;

import static io.medasr.stress.StressStreams.nanos;

import io.grpc.ManagedChannel;
import io.medasr.server.Main;
import io.medasr.stress.StressStreams.Call;
import io.medasr.stress.StressStreams.Clip;
import io.medasr.stress.StressStreams.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Starts the real server as a child process again and again, streams speech into it, and sends SIGTERM at a
 * random moment while it decodes: the server must drain its calls and exit cleanly every time. Not a test; run
 * it with {@code bench/stress.sh shutdown} (docs/stress.md).
 */
@Command(name = "ShutdownStress", sortOptions = false, usageHelpWidth = 120,
    description = "Starts the server again and again, streams speech into it and sends SIGTERM at a random moment: "
        + "it must drain its calls and exit cleanly every time (docs/stress.md).")
public final class ShutdownStress implements Callable<Integer> {
  private static final Pattern SERVING = Pattern.compile("^medasr: serving model .* on port (\\d+)$");
  private static final String SERVER_LOG = "server.log";
  /** After destroyForcibly, how long to wait for the process to be gone. */
  private static final long KILL_WAIT_SECONDS = 10;

  @Spec
  private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory passed to the server")
  private Path model;

  @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "speech manifest of the clips")
  private Path manifest;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "200", converter = StressOptions.AtLeastOne.class,
      description = "rounds (default: ${DEFAULT-VALUE})")
  private int rounds;

  @Option(names = "--streams", paramLabel = "K", defaultValue = "4", converter = StressOptions.AtLeastOne.class,
      description = "calls per round (default: ${DEFAULT-VALUE})")
  private int streams;

  @Option(names = "--max-delay", paramLabel = "S", defaultValue = "10", converter = StressOptions.NotNegative.class,
      description = "SIGTERM at a uniform random moment in [0, S] s after the calls start (default: ${DEFAULT-VALUE})")
  private double maxDelaySeconds;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "seed of the SIGTERM moments (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--fast", description = "send the audio without real-time pacing")
  private boolean fast;

  @Option(names = "--round-timeout", paramLabel = "S", defaultValue = "90",
      converter = StressOptions.NotNegative.class,
      description = "bound on one round in seconds, server start included (default: ${DEFAULT-VALUE})")
  private double roundTimeoutSeconds;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "server port; 0 lets the server pick a free one each round (default: ${DEFAULT-VALUE})")
  private int port;

  @Option(names = "--jar", paramLabel = "FILE",
      description = "server jar to start (default: the server jar on the class path)")
  private Path jar;

  @Option(names = "--ok-exit", paramLabel = "CODE", split = ",", defaultValue = "0",
      description = "exit codes that count as clean, e.g. 0,143 (default: ${DEFAULT-VALUE})")
  private SortedSet<Integer> okExitCodes;

  @Parameters(paramLabel = "SERVER-FLAG", description = "everything after a lone -- goes to the server")
  private List<String> serverArgs = new ArrayList<>();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  private ShutdownStress() {}

  record Settings(int rounds, int streams, Path model, Path manifest, double maxDelaySeconds, long seed,
      boolean realTime, double roundTimeoutSeconds, int port, Path jar, Set<Integer> okExitCodes,
      List<String> serverArgs) {}

  /** One start–stream–SIGTERM cycle. {@code exitCode} is null when the server was killed or never started. */
  record Round(int number, double sigtermAfterSeconds, Integer exitCode, double exitSeconds, Path hsErr,
      List<Outcome> streams, String failure, Path workDir) {

    boolean clean(Set<Integer> okExitCodes) {
      return failure == null && hsErr == null && exitCode != null && okExitCodes.contains(exitCode)
          && streams.stream().noneMatch(Outcome::isReset);
    }
  }

  /** Runs the rounds; a bad command line is printed with the usage and exits 2. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ShutdownStress()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = settings();
    // Ctrl-C on the tool must not leave a server behind, holding its port and a gigabyte of memory.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    List<Clip> clips = StressStreams.loadClips(settings.manifest());
    printHeader(settings, clips);
    Random random = new Random(settings.seed());
    List<Round> rounds = new ArrayList<>();
    for (int number = 1; number <= settings.rounds(); number++) {
      double sigtermAfter = random.nextDouble() * settings.maxDelaySeconds();
      Round round = runRound(number, settings, clips, sigtermAfter);
      rounds.add(round);
      System.out.println(describe(round, settings));
      if (round.clean(settings.okExitCodes())) {
        deleteQuietly(round.workDir()); // failed rounds keep theirs for the post-mortem
      }
    }
    printSummary(rounds, settings);
    return rounds.stream().allMatch(r -> r.clean(settings.okExitCodes())) ? 0 : 1;
  }

  private Settings settings() {
    // picocli takes a stray word before "--" for a server flag too: refuse it, it is a typo
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    int dashes = args.indexOf("--");
    if (serverArgs.size() > (dashes < 0 ? 0 : args.size() - dashes - 1)) {
      throw new ParameterException(spec.commandLine(), "Unmatched argument: '" + serverArgs.get(0)
          + "' (server flags go after --)");
    }
    return new Settings(rounds, streams, model.toAbsolutePath(), manifest, maxDelaySeconds, seed, !fast,
        roundTimeoutSeconds, port, (jar != null ? jar : serverJarOnClasspath()).toAbsolutePath(), okExitCodes,
        serverArgs);
  }

  /** The server jar this class was loaded with, so the tool and the server under test always match. */
  private static Path serverJarOnClasspath() {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void printHeader(Settings settings, List<Clip> clips) {
    System.out.printf(Locale.ROOT, "server %s%nmodel %s%n%d rounds, %d streams each (%d clips from %s, %s), "
            + "SIGTERM at U[0, %.1f] s, seed %d, round timeout %.0f s, accepted exit codes %s%n",
        settings.jar(), settings.model(), settings.rounds(), settings.streams(), clips.size(), settings.manifest(),
        settings.realTime() ? "real-time pace" : "fast", settings.maxDelaySeconds(), settings.seed(),
        settings.roundTimeoutSeconds(), settings.okExitCodes());
    if (clips.size() < settings.streams()) {
      System.out.println("note: fewer clips than streams; some streams of a round send the same clip");
    }
  }

  private static Round runRound(int number, Settings settings, List<Clip> clips, double sigtermAfter)
      throws IOException, InterruptedException {
    // A fresh working directory per round: the JVM writes hs_err_pid*.log into its working directory.
    Path workDir = Files.createTempDirectory("medasr-shutdown-");
    long deadline = System.nanoTime() + nanos(settings.roundTimeoutSeconds());
    Process server = startServer(settings, workDir);
    try {
      int port = awaitServing(server, workDir.resolve(SERVER_LOG), deadline);
      if (port < 0) {
        server.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        String why = server.isAlive() ? "did not start in time" : "exited with " + server.exitValue() + " on start";
        return new Round(number, sigtermAfter, null, 0, findHsErr(workDir), List.of(), "server " + why, workDir);
      }
      return streamAndTerminate(number, settings, clips, sigtermAfter, server, port, workDir, deadline);
    } finally {
      if (server.isAlive()) {
        server.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  private static Process startServer(Settings settings, Path workDir) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", settings.jar().toString(), "--port", String.valueOf(settings.port()),
        "--model", settings.model().toString()));
    command.addAll(settings.serverArgs());
    // The log goes to a file in the round's directory rather than a pipe: nothing can block on a full pipe,
    // and a failed round keeps the server's last words next to its hs_err file.
    return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(workDir.resolve(SERVER_LOG).toFile()).start();
  }

  /** Polls the server's output for the "serving" line; the port, or -1 if it died or the deadline passed. */
  private static int awaitServing(Process server, Path log, long deadline) throws IOException, InterruptedException {
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      // Only complete lines: a line caught half-written could show a truncated port number.
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        Matcher serving = SERVING.matcher(line);
        if (serving.matches()) {
          return Integer.parseInt(serving.group(1));
        }
      }
      if (!server.isAlive()) {
        return -1;
      }
      Thread.sleep(100);
    }
    return -1;
  }

  private static Round streamAndTerminate(int number, Settings settings, List<Clip> clips, double sigtermAfter,
      Process server, int port, Path workDir, long deadline) throws InterruptedException {
    ManagedChannel channel = StressStreams.channel("127.0.0.1", port);
    ExecutorService clients = Executors.newFixedThreadPool(settings.streams());
    try {
      List<Future<Outcome>> streams = new ArrayList<>();
      for (int stream = 0; stream < settings.streams(); stream++) {
        // A different clip per stream and per round, so that the SIGTERM lands on varied decoding states.
        Clip clip = clips.get(((number - 1) * settings.streams() + stream) % clips.size());
        streams.add(clients.submit(() -> streamWholeClip(channel, clip, settings.realTime(), deadline)));
      }
      StressStreams.sleepUntil(Math.min(System.nanoTime() + nanos(sigtermAfter), deadline));
      long sigtermAt = System.nanoTime();
      server.destroy(); // SIGTERM on Linux
      boolean exited = server.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      double exitSeconds = (System.nanoTime() - sigtermAt) / 1e9;
      if (!exited) {
        server.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
      }
      List<Outcome> outcomes = collect(streams, deadline);
      return new Round(number, sigtermAfter, exited ? server.exitValue() : null, exitSeconds, findHsErr(workDir),
          outcomes, exited ? null : "server still running at the round timeout; killed", workDir);
    } finally {
      clients.shutdownNow();
      channel.shutdownNow();
    }
  }

  /** The whole clip, then a normal half-close: the client does not know the server is going away. */
  private static Outcome streamWholeClip(ManagedChannel channel, Clip clip, boolean realTime, long deadline)
      throws InterruptedException {
    Call call = Call.open(channel, true);
    call.sendAudio(clip, Integer.MAX_VALUE, realTime, deadline);
    call.halfClose();
    return call.awaitEnd(deadline);
  }

  private static List<Outcome> collect(List<Future<Outcome>> streams, long deadline) throws InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> stream : streams) {
      try {
        // The streams watch the same deadline themselves; the extra second only covers their own cleanup.
        outcomes.add(stream.get(Math.max(0, deadline - System.nanoTime()) + nanos(1), TimeUnit.NANOSECONDS));
      } catch (ExecutionException | TimeoutException e) {
        outcomes.add(new Outcome(null, 0, 0));
      }
    }
    return outcomes;
  }

  private static Path findHsErr(Path workDir) {
    try (DirectoryStream<Path> found = Files.newDirectoryStream(workDir, "hs_err_pid*.log")) {
      for (Path path : found) {
        return path;
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Round round, Settings settings) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %4d  SIGTERM at %5.2f s  ",
        round.number(), round.sigtermAfterSeconds()));
    line.append(round.exitCode() == null ? "no exit code" : String.format(Locale.ROOT, "exit %3d in %5.2f s",
        round.exitCode(), round.exitSeconds()));
    line.append("  streams [").append(round.streams().stream().map(Outcome::describe)
        .collect(Collectors.joining("; "))).append("]");
    if (round.failure() != null) {
      line.append("  ").append(round.failure());
    }
    if (round.hsErr() != null) {
      line.append("  CRASH ").append(round.hsErr());
    }
    if (round.clean(settings.okExitCodes())) {
      line.append("  clean");
    } else {
      line.append("  FAILED (server log kept: ").append(round.workDir().resolve(SERVER_LOG)).append(")");
    }
    return line.toString();
  }

  private static void printSummary(List<Round> rounds, Settings settings) {
    List<Outcome> streams = rounds.stream().flatMap(r -> r.streams().stream()).toList();
    long ok = streams.stream().filter(Outcome::isOk).count();
    long resets = streams.stream().filter(Outcome::isReset).count();
    double[] exitTimes = rounds.stream().filter(r -> r.exitCode() != null).mapToDouble(Round::exitSeconds).sorted()
        .toArray();
    System.out.printf(Locale.ROOT, "%nsummary: %d rounds, %d clean, %d crashes (hs_err), %d non-zero exits "
            + "(%d outside accepted %s), %d rounds with resets, %d other failures (start or timeout)%n",
        rounds.size(), rounds.stream().filter(r -> r.clean(settings.okExitCodes())).count(),
        rounds.stream().filter(r -> r.hsErr() != null).count(),
        rounds.stream().filter(r -> r.exitCode() != null && r.exitCode() != 0).count(),
        rounds.stream().filter(r -> r.exitCode() != null && !settings.okExitCodes().contains(r.exitCode())).count(),
        settings.okExitCodes(), rounds.stream().filter(r -> r.streams().stream().anyMatch(Outcome::isReset)).count(),
        rounds.stream().filter(r -> r.failure() != null).count());
    System.out.printf(Locale.ROOT, "streams: %d, OK %d, ended with another status %d, reset %d%n",
        streams.size(), ok, streams.size() - ok - resets, resets);
    if (exitTimes.length > 0) {
      System.out.printf(Locale.ROOT, "exit time after SIGTERM: p50 %.2f s, p95 %.2f s, max %.2f s%n",
          percentile(exitTimes, 0.50), percentile(exitTimes, 0.95), exitTimes[exitTimes.length - 1]);
    }
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A left-over temporary directory is harmless.
    }
  }
}
