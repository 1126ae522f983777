package io.medasr.stress;

import static io.medasr.stress.StressStreams.nanos;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.medasr.stress.LeakCheck.ProcessSample;
import io.medasr.stress.StressStreams.Call;
import io.medasr.stress.StressStreams.Clip;
import io.medasr.stress.StressStreams.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Holds K streams against a running server for a long time, at the pace of speech, the way a clinic uses it and
 * abuses it: most streams dictate a clip and half-close, others are cancelled mid-stream, vanish (their connection
 * closed without a word), or read their results slowly (flow control holds the server back). Samples the server's
 * resident memory, threads and file descriptors, and with {@code --metrics} its heap, non-heap and live native
 * values from the Prometheus endpoint. Flat columns after the warm-up mean no leak. Not a test; run it with
 * {@code bench/stress.sh soak} (docs/stress.md).
 */
@Command(name = "Soak", sortOptions = false, usageHelpWidth = 120,
    description = "Holds streams against a running server for a long time at the pace of speech, completed, "
        + "cancelled, vanished and slowly read, and samples its memory, threads and file descriptors "
        + "(docs/stress.md).")
public final class Soak implements Callable<Integer> {
  /** A slow reader reads each result this late. */
  private static final long SLOW_READ_MILLIS = 1500;
  private static final double STREAM_TIMEOUT_SECONDS = 300;
  private static final String HEADER = String.format("%7s %8s %8s %8s %8s %6s %7s %7s %9s %7s %7s %6s %6s",
      "minute", "RSS MB", "heap MB", "other MB", "native", "active", "threads", "fds", "complete", "cancel",
      "vanish", "slow", "odd");

  @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "speech manifest of the clips")
  private Path manifest;

  @Mixin private StressOptions.RunningServer server;

  @Option(names = "--metrics", paramLabel = "HOST:PORT",
      description = "the server's Prometheus endpoint, for heap, non-heap and live native values (default: none)")
  private String metrics;

  @Option(names = "--streams", paramLabel = "K", defaultValue = "4", converter = StressOptions.AtLeastOne.class,
      description = "streams at once (default: ${DEFAULT-VALUE})")
  private int streams;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "60", converter = StressOptions.NotNegative.class,
      description = "how long to run (default: ${DEFAULT-VALUE})")
  private double minutes;

  @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "60", converter = StressOptions.NotNegative.class,
      description = "seconds between samples (default: ${DEFAULT-VALUE})")
  private double everySeconds;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "seed of the streams' plans and clips (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  private Soak() {}

  /** What one stream does. */
  enum Plan {
    /** Dictates the clip at the pace of speech, half-closes, reads every result. */
    COMPLETE,
    /** Cancels after a random part of the clip. */
    CANCEL,
    /** Closes its connection after a random part of the clip, without cancelling: a client that crashed. */
    VANISH,
    /** Dictates the whole clip but reads each result {@value #SLOW_READ_MILLIS} ms late. */
    SLOW_READER;

    static Plan draw(Random random) {
      int roll = random.nextInt(20);
      return roll < 11 ? COMPLETE : roll < 14 ? CANCEL : roll < 17 ? VANISH : SLOW_READER;
    }
  }

  record Settings(String host, int port, Long pid, String metrics, Path manifest, int streams, double minutes,
      double everySeconds, long seed) {}

  /** What the Prometheus endpoint says; NaN for what it does not. */
  record ServerMetrics(double heapMb, double nonHeapMb, double nativeValues, double activeCalls) {
    static ServerMetrics scrape(HttpClient http, String endpoint) {
      if (endpoint == null) {
        return new ServerMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      try {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new ServerMetrics(sum(text, "jvm_memory_used_bytes{area=\"heap\"") / 1048576,
            sum(text, "jvm_memory_used_bytes{area=\"nonheap\"") / 1048576, sum(text, "medasr_native_values "),
            sum(text, "medasr_active_calls "));
      } catch (IOException e) {
        return new ServerMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ServerMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
    }

    /** The sum of the samples whose line starts with {@code prefix}. */
    private static double sum(String exposition, String prefix) {
      double total = 0;
      boolean found = false;
      for (String line : exposition.split("\n")) {
        if (line.startsWith(prefix)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? total : Double.NaN;
    }
  }

  /** How the streams ended so far, by plan; thread-safe. */
  static final class Tally {
    private final Map<Plan, Integer> ended = new EnumMap<>(Plan.class);
    private int odd;

    synchronized void add(Plan plan, Outcome outcome) {
      ended.merge(plan, 1, Integer::sum);
      if (!expected(plan, outcome)) {
        odd++;
        System.out.printf(Locale.ROOT, "  %s stream: %s%n", plan, outcome.describe());
      }
    }

    /** A completed stream ends OK; one the client cancelled or dropped ends CANCELLED or UNAVAILABLE. */
    private static boolean expected(Plan plan, Outcome outcome) {
      Status.Code code = outcome.status() == null ? null : outcome.status().getCode();
      return switch (plan) {
        case COMPLETE, SLOW_READER -> code == Status.Code.OK;
        case CANCEL -> code == Status.Code.CANCELLED || code == Status.Code.OK;
        case VANISH -> code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED || code == Status.Code.OK;
      };
    }

    synchronized int count(Plan plan) {
      return ended.getOrDefault(plan, 0);
    }

    synchronized int odd() {
      return odd;
    }
  }

  record Sample(double minute, ProcessSample process, ServerMetrics metrics) {}

  /** Runs the soak; a bad command line is printed with the usage and exits 2. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Soak()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = new Settings(server.address().host(), server.address().port(), server.pid(), metrics,
        manifest, streams, minutes, everySeconds, seed);
    long pid = settings.pid() != null ? settings.pid() : LeakCheck.pidListeningOn(settings.port());
    List<Clip> clips = StressStreams.loadClips(settings.manifest());
    System.out.printf(Locale.ROOT, "server %s:%d, pid %d; %d streams at the pace of speech for %.0f min, %d clips"
        + " (%.1f s on average)%n", settings.host(), settings.port(), pid, settings.streams(), settings.minutes(),
        clips.size(), clips.stream().mapToDouble(Clip::seconds).average().orElse(0));
    System.out.println(HEADER);
    long start = System.nanoTime();
    long end = start + nanos(settings.minutes() * 60);
    Tally tally = new Tally();
    HttpClient http = HttpClient.newHttpClient();
    List<Sample> samples = new ArrayList<>();
    samples.add(sample(0, pid, http, settings, tally));

    ManagedChannel shared = StressStreams.channel(settings.host(), settings.port());
    ExecutorService clients = Executors.newFixedThreadPool(settings.streams());
    for (int client = 0; client < settings.streams(); client++) {
      Random random = new Random(settings.seed() * 1_000 + client);
      clients.submit(() -> {
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
          Plan plan = Plan.draw(random);
          Clip clip = clips.get(random.nextInt(clips.size()));
          tally.add(plan, runStream(settings, shared, plan, clip, 1 + random.nextInt(clip.chunks())));
        }
        return null;
      });
    }
    for (long next = start + nanos(settings.everySeconds()); next < end; next += nanos(settings.everySeconds())) {
      StressStreams.sleepUntil(next);
      samples.add(sample((next - start) / 60e9, pid, http, settings, tally));
    }
    clients.shutdown();
    clients.awaitTermination((long) STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    shared.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    samples.add(sample((System.nanoTime() - start) / 60e9, pid, http, settings, tally));
    summarize(samples);
    return 0;
  }

  private static Outcome runStream(Settings settings, ManagedChannel shared, Plan plan, Clip clip, int chunks)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos(STREAM_TIMEOUT_SECONDS);
    ManagedChannel own = plan == Plan.VANISH ? StressStreams.channel(settings.host(), settings.port()) : null;
    try {
      Call call = Call.open(own != null ? own : shared, true, plan == Plan.SLOW_READER ? SLOW_READ_MILLIS : 0);
      switch (plan) {
        case COMPLETE, SLOW_READER -> {
          call.sendAudio(clip, Integer.MAX_VALUE, true, deadline);
          call.halfClose();
        }
        case CANCEL -> {
          call.sendAudio(clip, chunks, true, deadline);
          call.cancel("soak: the client cancels");
        }
        case VANISH -> {
          call.sendAudio(clip, chunks, true, deadline);
          own.shutdownNow(); // the connection closes under the call
        }
      }
      return call.awaitEnd(deadline);
    } finally {
      if (own != null) {
        own.shutdownNow();
      }
    }
  }

  private static Sample sample(double minute, long pid, HttpClient http, Settings settings, Tally tally) {
    ProcessSample process = ProcessSample.read(pid);
    ServerMetrics metrics = ServerMetrics.scrape(http, settings.metrics());
    if (process == null) {
      System.out.printf(Locale.ROOT, "%7.1f  server process %d is gone%n", minute, pid);
    } else {
      System.out.printf(Locale.ROOT, "%7.1f %8.1f %8.1f %8.1f %8.0f %6.0f %7d %7d %9d %7d %7d %6d %6d%n", minute,
          process.rssMb(), metrics.heapMb(), metrics.nonHeapMb(), metrics.nativeValues(), metrics.activeCalls(),
          process.threads(), process.fds(), tally.count(Plan.COMPLETE), tally.count(Plan.CANCEL),
          tally.count(Plan.VANISH), tally.count(Plan.SLOW_READER), tally.odd());
    }
    return new Sample(minute, process, metrics);
  }

  /** First, after warm-up (a quarter of the run) and last: a leak shows as growth from the second to the third. */
  private static void summarize(List<Sample> samples) {
    List<Sample> present = samples.stream().filter(s -> s.process() != null).toList();
    if (present.size() < samples.size()) {
      System.out.println("the server process disappeared during the run");
    }
    if (present.size() < 2) {
      return;
    }
    Sample first = present.get(0);
    Sample warm = present.get(present.size() / 4);
    Sample last = present.get(present.size() - 1);
    for (Sample s : List.of(first, warm, last)) {
      System.out.printf(Locale.ROOT, "%-10s minute %5.1f: RSS %.1f MB, heap %.1f MB, threads %d, fds %d%n",
          s == first ? "first" : s == warm ? "warmed up" : "last", s.minute(), s.process().rssMb(),
          s.metrics().heapMb(), s.process().threads(), s.process().fds());
    }
    System.out.printf(Locale.ROOT, "after warm-up: RSS %+.1f MB, threads %+d, fds %+d over %.1f min%n",
        last.process().rssMb() - warm.process().rssMb(), last.process().threads() - warm.process().threads(),
        last.process().fds() - warm.process().fds(), last.minute() - warm.minute());
  }
}
