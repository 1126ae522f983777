package io.medasr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a local server process through Linux's /proc for {@code bench}: its CPU time on demand
 * ({@code /proc/PID/stat} utime + stime) and its resident memory ({@code /proc/PID/status} VmRSS) sampled every
 * {@link #SAMPLE_INTERVAL} on a daemon thread from {@link #start} to {@link #stop}. Thread-safe: the peak is kept
 * atomically, and {@link #cpuTicks} reads /proc afresh on the caller's thread. {@link #close} stops the sampling
 * when a run ends early.
 */
final class ServerProcessMonitor implements AutoCloseable {
  static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);
  /** What Linux uses on every common architecture, for when {@code getconf} cannot tell. */
  static final long ASSUMED_CLOCK_TICKS = 100;

  private final long pid;
  private final Path process;
  private final long clockTicks;
  private final boolean clockTicksAssumed;
  private final AtomicLong peakRssKib = new AtomicLong();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "medasr-bench-rss");
    thread.setDaemon(true);
    return thread;
  });

  private ServerProcessMonitor(long pid, long clockTicks, boolean clockTicksAssumed) {
    this.pid = pid;
    this.process = Path.of("/proc", Long.toString(pid));
    this.clockTicks = clockTicks;
    this.clockTicksAssumed = clockTicksAssumed;
  }

  /**
   * Starts sampling the process's memory.
   *
   * @throws UsageException when /proc has no such process (or is not there: not Linux)
   */
  static ServerProcessMonitor start(long pid) throws UsageException {
    Long ticks = clockTicksFromGetconf();
    ServerProcessMonitor monitor = new ServerProcessMonitor(pid, ticks == null ? ASSUMED_CLOCK_TICKS : ticks,
        ticks == null);
    if (monitor.cpuTicks() < 0) {
      throw new UsageException("--server-pid " + pid + ": cannot read /proc/" + pid
          + "/stat (no such process, or not Linux)");
    }
    monitor.sampler.scheduleAtFixedRate(monitor::sampleRss, 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return monitor;
  }

  /** User + system CPU time the process has used so far, in clock ticks; -1 when /proc cannot be read (it ended). */
  long cpuTicks() {
    try {
      String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
      // The command name (field 2) is in parentheses and may hold spaces: count the fields after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15: utime, stime
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Stops sampling and returns the figures, with the CPU time of the two phases from the {@link #cpuTicks} the
   * caller read at their bounds.
   */
  ServerUsage stop(long ticksAtStart, long ticksAfterStreaming, long ticksAfterUnary) throws InterruptedException {
    close();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
    sampleRss();
    return new ServerUsage(pid, seconds(ticksAtStart, ticksAfterStreaming), seconds(ticksAfterStreaming,
        ticksAfterUnary), peakRssKib.get(), statusKib("VmHWM:"), clockTicks, clockTicksAssumed);
  }

  /** Subtracted in whole ticks, so that 1471 ticks are 14.71 s and not 14.710000000000008. */
  private double seconds(long fromTicks, long toTicks) {
    return fromTicks < 0 || toTicks < 0 ? Double.NaN : (double) (toTicks - fromTicks) / clockTicks;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  private void sampleRss() {
    peakRssKib.accumulateAndGet(statusKib("VmRSS:"), Math::max);
  }

  /** A "Name:   1234 kB" line of /proc/PID/status in KiB; 0 when it cannot be read. */
  private long statusKib(String name) {
    try {
      for (String line : Files.readAllLines(process.resolve("status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process has ended: nothing to add
    }
    return 0;
  }

  /** {@code getconf CLK_TCK}, or null when it cannot be run or says something else than a number. */
  private static Long clockTicksFromGetconf() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!getconf.waitFor(5, TimeUnit.SECONDS) || getconf.exitValue() != 0) {
        return null;
      }
      long ticks = Long.parseLong(output);
      return ticks > 0 ? ticks : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
