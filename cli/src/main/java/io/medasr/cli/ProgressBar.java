package io.medasr.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a batch of calls on standard error: items done of the total, seconds of audio processed, time
 * elapsed and an estimate of the time left (from the mean time per item so far). On a terminal one line is
 * redrawn ({@code \r}, then ANSI clear-to-end-of-line) at the start and after every item; elsewhere (a log file,
 * CI) a plain line is printed at most every {@link #PLAIN_INTERVAL} and after the last item, so logs stay short.
 * Thread-safe: workers report their items concurrently.
 */
final class ProgressBar {
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);
  private static final int BAR_WIDTH = 24;

  private final PrintStream err;
  private final boolean redraw;
  private final int total;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long lastPrintNanos;
  private int done;
  private double audioSeconds;

  /**
   * @param redraw whether {@code err} is a terminal
   * @param nanoTime the clock ({@code System::nanoTime}; tests pass their own)
   */
  ProgressBar(PrintStream err, boolean redraw, int total, LongSupplier nanoTime) {
    this.err = err;
    this.redraw = redraw;
    this.total = total;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /** Draws the empty bar on a terminal, so that a slow first call does not look like a hang. */
  synchronized void start() {
    if (redraw) {
      err.print("\r" + line(startNanos) + "\u001b[K");
      err.flush();
    }
  }

  /** Counts one finished item (failed ones too, with 0 s of audio). */
  synchronized void completed(double itemAudioSeconds) {
    done++;
    audioSeconds += itemAudioSeconds;
    long now = nanoTime.getAsLong();
    if (redraw) {
      err.print("\r" + line(now) + "\u001b[K" + (done == total ? "\n" : ""));
    } else if (done == total || now - lastPrintNanos >= PLAIN_INTERVAL.toNanos()) {
      err.println(line(now));
      lastPrintNanos = now;
    }
    err.flush();
  }

  private String line(long now) {
    long elapsed = now - startNanos;
    String eta = done == 0 ? "--:--" : clock(elapsed / done * (total - done));
    String counts = String.format(Locale.ROOT, "%d/%d, audio %.1f s, elapsed %s, ETA %s", done, total,
        audioSeconds, clock(elapsed), eta);
    if (!redraw) {
      return "medasr eval: " + counts;
    }
    int filled = total == 0 ? BAR_WIDTH : BAR_WIDTH * done / total;
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + counts;
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String clock(long nanos) {
    long seconds = Math.round(nanos / 1e9);
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
