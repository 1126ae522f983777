package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  private ProgressBar bar(boolean terminal, int total) {
    return new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), terminal, total, now::get);
  }

  private void at(double seconds) {
    now.set(5_000_000_000L + Math.round(seconds * 1e9));
  }

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainOutputPrintsALineAtMostEveryTenSecondsAndAfterTheLast() {
    ProgressBar progress = bar(false, 4);
    progress.start();
    at(1);
    progress.completed(2.5);
    at(12);
    progress.completed(3.0);
    at(13);
    progress.completed(0.25);
    at(20);
    progress.completed(4.0);
    assertEquals("""
        medasr eval: 2/4, audio 5.5 s, elapsed 0:12, ETA 0:12
        medasr eval: 4/4, audio 9.8 s, elapsed 0:20, ETA 0:00
        """, printed());
  }

  @Test
  void terminalOutputRedrawsOneLineAfterEveryItemAndEndsIt() {
    ProgressBar progress = bar(true, 2);
    progress.start();
    at(30);
    progress.completed(60);
    at(61);
    progress.completed(0);
    String clear = "\u001b[K";
    assertEquals("\r[........................] 0/2, audio 0.0 s, elapsed 0:00, ETA --:--" + clear
        + "\r[############............] 1/2, audio 60.0 s, elapsed 0:30, ETA 0:30" + clear
        + "\r[########################] 2/2, audio 60.0 s, elapsed 1:01, ETA 0:00" + clear + "\n", printed());
  }

  @Test
  void clockShowsHoursOnlyFromAnHourOn() {
    assertEquals("0:00", ProgressBar.clock(0));
    assertEquals("59:59", ProgressBar.clock(3599_000_000_000L));
    assertEquals("1:00:00", ProgressBar.clock(3600_000_000_000L));
    assertEquals("27:46:40", ProgressBar.clock(100_000_000_000_000L));
  }
}
