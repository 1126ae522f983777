package io.medasr.stress;

import static io.medasr.stress.StressStreams.nanos;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.medasr.stress.StressStreams.Call;
import io.medasr.stress.StressStreams.Clip;
import io.medasr.stress.StressStreams.Outcome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs many short streams against a running server, a third of them cancelled by the client mid-decode, and
 * samples the server process's memory, threads and file descriptors as it goes: numbers that keep climbing
 * mean a leak. Not a test; run it with {@code bench/stress.sh leak} (docs/stress.md).
 */
@Command(name = "LeakCheck", sortOptions = false, usageHelpWidth = 120,
    description = "Runs many short streams against a running server, a third of them cancelled mid-decode, and "
        + "samples its memory, threads and file descriptors (docs/stress.md).")
public final class LeakCheck implements Callable<Integer> {
  /** Streams use the manifest's shortest clips: the point is many calls, not much audio. */
  private static final int SHORT_CLIPS = 5;
  private static final double STREAM_TIMEOUT_SECONDS = 120;
  private static final String ROW_FORMAT = "%8s %8.1f %8d %6d %7d %10d %10d %6d%n";

  @Option(names = "--manifest", required = true, paramLabel = "FILE",
      description = "speech manifest; its " + SHORT_CLIPS + " shortest clips are used")
  private Path manifest;

  @Mixin private StressOptions.RunningServer server;

  @Option(names = "--streams", paramLabel = "M", defaultValue = "1000", converter = StressOptions.AtLeastOne.class,
      description = "calls in all (default: ${DEFAULT-VALUE})")
  private int streams;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "4", converter = StressOptions.AtLeastOne.class,
      description = "calls at once (default: ${DEFAULT-VALUE})")
  private int concurrency;

  @Option(names = "--every", paramLabel = "N", defaultValue = "100", converter = StressOptions.AtLeastOne.class,
      description = "sample after every N finished calls (default: ${DEFAULT-VALUE})")
  private int every;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "seed of the cancel points (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--settle", paramLabel = "S", defaultValue = "5", converter = StressOptions.NotNegative.class,
      description = "seconds to wait before the last sample (default: ${DEFAULT-VALUE})")
  private double settleSeconds;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  private LeakCheck() {}

  record Settings(String host, int port, Long pid, Path manifest, int streams, int concurrency, int every,
      long seed, double settleSeconds) {}

  /** What a stream does; a third of the streams are cancelled by the client, half of those each way. */
  enum Plan {
    COMPLETE, CANCEL_AFTER_FIRST_RESPONSE, CANCEL_AFTER_CHUNKS;

    static Plan forStream(int index) {
      if (index % 3 != 0) {
        return COMPLETE;
      }
      return (index / 3) % 2 == 0 ? CANCEL_AFTER_FIRST_RESPONSE : CANCEL_AFTER_CHUNKS;
    }
  }

  /** The server process as /proc shows it. */
  record ProcessSample(double rssMb, int threads, int fds) {
    /** Null when the process is gone. */
    static ProcessSample read(long pid) {
      try {
        double rssKb = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rssKb = Double.parseDouble(line.replaceAll("[^0-9]", ""));
          } else if (line.startsWith("Threads:")) {
            threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
          }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
          return new ProcessSample(rssKb / 1024, threads, (int) fds.count());
        }
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static final int MAX_BUSY_ATTEMPTS = 200;
  private static final long BUSY_BACKOFF_MILLIS = 25;

  /** How the streams finished so far. Used by the main thread only. */
  static final class Tally {
    int ok;
    int cancelled;
    int exhausted;
    int other;

    void add(Finished stream) {
      Outcome outcome = stream.outcome();
      Status.Code code = outcome.status() == null ? null : outcome.status().getCode();
      if (code == Status.Code.OK) {
        ok++;
      } else if (code == Status.Code.CANCELLED) {
        cancelled++;
      } else if (code == Status.Code.RESOURCE_EXHAUSTED) {
        exhausted++;
      } else {
        other++;
        System.out.printf(Locale.ROOT, "  stream %d (%s): %s%n", stream.index() + 1, stream.plan(),
            outcome.describe());
      }
    }
  }

  /** Runs the check; a bad command line is printed with the usage and exits 2. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LeakCheck()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = new Settings(server.address().host(), server.address().port(), server.pid(), manifest,
        streams, concurrency, every, seed, settleSeconds);
    long pid = settings.pid() != null ? settings.pid() : pidListeningOn(settings.port());
    List<Clip> clips = shortestClips(StressStreams.loadClips(settings.manifest()));
    System.out.printf(Locale.ROOT, "server %s:%d, pid %d; %d streams, %d at once, clips %s%n", settings.host(),
        settings.port(), pid, settings.streams(), settings.concurrency(),
        clips.stream().map(c -> String.format(Locale.ROOT, "%s (%.1f s)", c.id(), c.seconds())).toList());
    System.out.printf("%8s %8s %8s %6s %7s %10s %10s %6s%n",
        "streams", "RSS MB", "threads", "fds", "OK", "cancelled", "exhausted", "other");

    List<ProcessSample> samples = new ArrayList<>();
    Tally tally = new Tally();
    samples.add(sampleAndPrint("0", pid, tally));
    runStreams(settings, clips, pid, tally, samples);
    // Idle pools shrink and closed connections are reaped only after a while: sample again once settled.
    StressStreams.sleepUntil(System.nanoTime() + nanos(settings.settleSeconds()));
    samples.add(sampleAndPrint("settled", pid, tally));
    printFirstLastMax(samples);
    return 0;
  }

  /** One stream's end, with what it was asked to do. */
  record Finished(int index, Plan plan, Outcome outcome) {}

  private static void runStreams(Settings settings, List<Clip> clips, long pid, Tally tally,
      List<ProcessSample> samples) throws InterruptedException {
    ManagedChannel channel = StressStreams.channel(settings.host(), settings.port());
    ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
    try {
      CompletionService<Finished> finished = new ExecutorCompletionService<>(workers);
      Random random = new Random(settings.seed());
      for (int index = 0; index < settings.streams(); index++) {
        int streamIndex = index;
        Plan plan = Plan.forStream(index);
        Clip clip = clips.get(index % clips.size());
        int cancelAfterChunks = 1 + random.nextInt(clip.chunks());
        finished.submit(() -> new Finished(streamIndex, plan, runStream(channel, plan, clip, cancelAfterChunks)));
      }
      for (int done = 1; done <= settings.streams(); done++) {
        tally.add(takeNext(finished));
        if (done % settings.every() == 0 || done == settings.streams()) {
          samples.add(sampleAndPrint(String.valueOf(done), pid, tally));
        }
      }
    } finally {
      workers.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs one stream; a "server is busy" answer (the slot of a stream the client just cancelled is freed a few
   * milliseconds later, when the server hears of it) is retried, so that every stream is really served.
   */
  private static Outcome runStream(ManagedChannel channel, Plan plan, Clip clip, int cancelAfterChunks)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Outcome outcome = runStreamOnce(channel, plan, clip, cancelAfterChunks);
      boolean busy = outcome.status() != null && outcome.status().getCode() == Status.Code.RESOURCE_EXHAUSTED
          && String.valueOf(outcome.status().getDescription()).startsWith("server is busy");
      if (!busy || attempt == MAX_BUSY_ATTEMPTS) {
        return outcome;
      }
      Thread.sleep(BUSY_BACKOFF_MILLIS);
    }
  }

  private static Outcome runStreamOnce(ManagedChannel channel, Plan plan, Clip clip, int cancelAfterChunks)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos(STREAM_TIMEOUT_SECONDS);
    Call call = Call.open(channel, true);
    switch (plan) {
      case COMPLETE -> {
        call.sendAudio(clip, Integer.MAX_VALUE, false, deadline);
        call.halfClose();
      }
      case CANCEL_AFTER_FIRST_RESPONSE -> {
        // No half-close: the server is still decoding the audio that follows when the cancel arrives.
        call.sendAudio(clip, Integer.MAX_VALUE, false, deadline);
        if (call.awaitFirstResponse(deadline)) {
          call.cancel("stress: cancel after the first response");
        }
      }
      case CANCEL_AFTER_CHUNKS -> {
        call.sendAudio(clip, cancelAfterChunks, false, deadline);
        call.cancel("stress: cancel after " + cancelAfterChunks + " chunks");
      }
    }
    return call.awaitEnd(deadline);
  }

  private static Finished takeNext(CompletionService<Finished> finished) throws InterruptedException {
    try {
      return finished.take().get();
    } catch (ExecutionException e) {
      // runStream throws only on a bug in this tool; show it like an odd status instead of losing the run.
      return new Finished(-1, null, new Outcome(Status.UNKNOWN.withDescription("client failure: " + e.getCause()),
          0, 0));
    }
  }

  private static List<Clip> shortestClips(List<Clip> clips) {
    return clips.stream().sorted(Comparator.comparingDouble(Clip::seconds)).limit(SHORT_CLIPS).toList();
  }

  private static ProcessSample sampleAndPrint(String label, long pid, Tally tally) {
    ProcessSample sample = ProcessSample.read(pid);
    if (sample == null) {
      System.out.printf("%8s  server process %d is gone%n", label, pid);
      return null;
    }
    System.out.printf(Locale.ROOT, ROW_FORMAT, label, sample.rssMb(), sample.threads(), sample.fds(), tally.ok,
        tally.cancelled, tally.exhausted, tally.other);
    return sample;
  }

  private static void printFirstLastMax(List<ProcessSample> samples) {
    List<ProcessSample> present = samples.stream().filter(s -> s != null).toList();
    if (present.size() < samples.size()) {
      System.out.println("the server process disappeared during the run");
    }
    if (present.isEmpty()) {
      return;
    }
    ProcessSample first = present.get(0);
    ProcessSample last = present.get(present.size() - 1);
    System.out.printf(Locale.ROOT, "%nfirst: RSS %.1f MB, %d threads, %d fds%n", first.rssMb(), first.threads(),
        first.fds());
    System.out.printf(Locale.ROOT, "last:  RSS %.1f MB, %d threads, %d fds  (change %+.1f MB, %+d threads, %+d fds)%n",
        last.rssMb(), last.threads(), last.fds(), last.rssMb() - first.rssMb(), last.threads() - first.threads(),
        last.fds() - first.fds());
    System.out.printf(Locale.ROOT, "max:   RSS %.1f MB, %d threads, %d fds%n",
        present.stream().mapToDouble(ProcessSample::rssMb).max().orElse(0),
        present.stream().mapToInt(ProcessSample::threads).max().orElse(0),
        present.stream().mapToInt(ProcessSample::fds).max().orElse(0));
  }

  /** The process holding a listening TCP socket on {@code port}, found through /proc (Linux only). */
  static long pidListeningOn(int port) throws IOException {
    Set<String> inodes = listeningSocketInodes(port);
    if (inodes.isEmpty()) {
      throw new IllegalStateException("nothing listens on port " + port + " here; pass --pid");
    }
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (holdsAnySocket(process, inodes)) {
          return Long.parseLong(process.getFileName().toString());
        }
      }
    }
    throw new IllegalStateException("no readable process holds the socket on port " + port + "; pass --pid");
  }

  /** Inodes of LISTEN sockets on the port, from /proc/net/tcp and tcp6 (hex "addr:port", state 0A). */
  private static Set<String> listeningSocketInodes(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.strip().split("\\s+");
        String local = fields[1];
        boolean listening = fields[3].equals("0A");
        if (listening && Integer.parseInt(local.substring(local.indexOf(':') + 1), 16) == port) {
          inodes.add(fields[9]);
        }
      }
    }
    return inodes;
  }

  private static boolean holdsAnySocket(Path process, Set<String> inodes) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
      for (Path fd : fds) {
        String target = Files.readSymbolicLink(fd).toString();
        if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
          return true;
        }
      }
    } catch (IOException e) {
      // Processes of other users, or ones that ended while we looked: not ours to find.
    }
    return false;
  }
}
