package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.medasr.client.Result;
import io.medasr.client.SpeechEvent;
import io.medasr.client.Transcript;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The latency arithmetic of one stream, on a clock the test moves (no wall time involved). */
class StreamProbeTest {
  private static final ManifestEntry ENTRY = new ManifestEntry("a", "a.wav", Path.of("a.wav"), "ref", List.of());
  private static final long START = TimeUnit.SECONDS.toNanos(100);
  /** 2 s of file and 1.5 s of trailing silence; speech from 0.5 s to 1.5 s. */
  private static final double STREAMED_SECONDS = 3.5;
  private static final SpeechSpan SPEECH = new SpeechSpan(0.5, 1.5);

  private long now;
  private final StreamProbe probe = new StreamProbe(STREAMED_SECONDS, () -> now);

  private void at(double secondsAfterStart) {
    now = START + Math.round(secondsAfterStart * 1e9);
  }

  private static Result result(String text, boolean isFinal) {
    return new Result(List.of(new Transcript(text, 1f, List.of(), text, List.of())), isFinal, 1f, 0, 0);
  }

  @Test
  void latenciesCountFromWhenTheSpeechsAudioWasDue() {
    at(0.9);
    probe.onSpeechEvent(SpeechEvent.SPEECH_STARTED, 0.45);
    probe.onAudioProcessed(0.8); // 100 ms behind
    at(1.2);
    probe.onInterim(result("the", false));
    probe.onAudioProcessed(0.9); // 300 ms behind: the most
    at(1.6);
    probe.onInterim(result("the patient", false));
    probe.onAudioProcessed(1.5);
    at(2.0);
    probe.onInterim(result("the patient is", false));
    at(2.3);
    probe.onFinal(result(" the patient is stable", true));
    probe.onSpeechEvent(SpeechEvent.END_OF_UTTERANCE, 1.6);
    probe.onAudioProcessed(2.2);
    at(3.6);
    probe.onAudioProcessed(3.5); // all the audio: 100 ms after it was due
    at(3.7);
    probe.onComplete();

    StreamMeasurement m = probe.measurement(ENTRY, 2.0, SPEECH, START, true);
    assertEquals(700.0, m.firstInterimMillis(), 1e-6); // 1.2 s - 0.5 s
    assertEquals(400.0, m.meanInterimIntervalMillis(), 1e-6); // (2.0 - 1.2) / 2
    assertEquals(800.0, m.finalMillis(), 1e-6); // 2.3 s - 1.5 s
    assertEquals(100.0, m.lagAtEndMillis(), 1e-6);
    assertEquals(300.0, m.maxLagMillis(), 1e-6);
    assertEquals(3, m.interimCount());
    assertEquals(1, m.finalCount());
    assertEquals(1, m.speechStartedEvents());
    assertEquals(1, m.endOfUtteranceEvents());
    assertEquals("the patient is stable", m.transcript());
    assertEquals(2.0, m.audioSeconds());
  }

  @Test
  void aFinalBeforeAnyInterimIsTheFirstResultAndFinalsJoinWithSpaces() {
    at(0.6);
    probe.onFinal(result("chest pain", true));
    at(1.9);
    probe.onFinal(result("", true));
    at(2.1);
    probe.onFinal(result("resolved", true));
    StreamMeasurement m = probe.measurement(ENTRY, 2.0, SPEECH, START, false);
    assertEquals(100.0, m.firstInterimMillis(), 1e-6);
    assertEquals(600.0, m.finalMillis(), 1e-6); // the last final
    assertEquals("chest pain resolved", m.transcript());
    assertEquals(3, m.finalCount());
    assertNull(m.meanInterimIntervalMillis());
    assertNull(m.maxLagMillis(), "not measured without --realtime");
    assertNull(m.lagAtEndMillis(), "the stream has not completed");
  }

  @Test
  void withoutAReportOfAllTheAudioTheCompletionCountsAndEarlyIsZero() {
    at(3.0);
    probe.onAudioProcessed(2.0);
    probe.onComplete(); // before all the audio was due
    StreamMeasurement m = probe.measurement(ENTRY, 2.0, SPEECH, START, true);
    assertEquals(0.0, m.lagAtEndMillis());
    assertEquals(1000.0, m.maxLagMillis(), 1e-6);

    StreamProbe late = new StreamProbe(STREAMED_SECONDS, () -> now);
    at(4.25);
    late.onComplete();
    assertEquals(750.0, late.measurement(ENTRY, 2.0, SPEECH, START, true).lagAtEndMillis(), 1e-6);
  }

  @Test
  void noSpeechMeansNoLatencies() {
    at(1.0);
    probe.onInterim(result("uh", false));
    probe.onFinal(result("uh", true));
    StreamMeasurement m = probe.measurement(ENTRY, 2.0, null, START, true);
    assertNull(m.firstInterimMillis());
    assertNull(m.finalMillis());
  }
}
