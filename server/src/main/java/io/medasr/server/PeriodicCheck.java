package io.medasr.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a check every {@link #INTERVAL} on a daemon thread of its own until closed: how the server notices files
 * replaced under it (a renewed certificate, a changed API keys file). Thread-safe.
 */
final class PeriodicCheck implements AutoCloseable {
  /** How often files are checked for changes; a change takes effect within this. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final ScheduledExecutorService executor;

  PeriodicCheck(String threadName, Runnable check) {
    executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
