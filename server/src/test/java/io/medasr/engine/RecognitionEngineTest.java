package io.medasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.testing.TestAssets;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.whisper.WhisperModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admission, lanes, failures, cancellation and shutdown of the engine, on the random-weight tiny model. */
class RecognitionEngineTest {
  private static final long WAIT_SECONDS = 60;
  private static final float[] SEVENTY_SECONDS = TestAssets.syntheticAudio(70);
  private static final TranscribeOptions OPTIONS = TranscribeOptions.defaults().withoutTimestamps(true);

  private WhisperModel model;
  private RecognitionEngine engine;

  @BeforeEach
  void start() throws Exception {
    model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT);
    engine = new RecognitionEngine(model, new EngineConfig(2, 2, 64L << 20));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  /** Records how a call failed. */
  private static CompletableFuture<Throwable> failureOf(EngineCall call) {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    call.onFailure(failure::complete);
    return failure;
  }

  private static void awaitRelease(EngineCall call) throws Exception {
    call.whenReleased().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void admitsUpToTheSlotsThenSaysBusyAndAdmitsAgainAfterARelease() throws Exception {
    EngineCall first = engine.admit();
    engine.admit();
    CallRejectedException busy = assertThrows(CallRejectedException.class, engine::admit);
    assertEquals(CallRejectedException.Reason.BUSY, busy.reason());
    assertEquals("server is busy: 2 calls in progress; retry later", busy.getMessage());
    first.end();
    awaitRelease(first);
    assertEquals(1, engine.activeCalls());
    engine.admit();
  }

  @Test
  void callsPerWorkerCountsTheActiveCallsAndAtLeastTheAskingOne() throws Exception {
    assertEquals(0.5, engine.callsPerWorker()); // two workers, no call yet: a new stream would have one alone
    EngineCall first = engine.admit();
    assertEquals(0.5, engine.callsPerWorker());
    engine.admit();
    assertEquals(1.0, engine.callsPerWorker());
    first.end();
    awaitRelease(first);
    assertEquals(0.5, engine.callsPerWorker());
  }

  @Test
  void aDrainingEngineRefusesNewCallsAndLetsRunningOnesFinish() throws Exception {
    EngineCall running = engine.admit();
    engine.stopAdmitting();
    CallRejectedException refused = assertThrows(CallRejectedException.class, engine::admit);
    assertEquals(CallRejectedException.Reason.SHUTTING_DOWN, refused.reason());
    assertEquals("the server is shutting down; retry on another server", refused.getMessage());
    List<Transcription> results = Collections.synchronizedList(new ArrayList<>());
    running.submit(() -> results.add(engine.transcriber().transcribe(TestAssets.syntheticAudio(3), OPTIONS,
        window -> {}, running.run())));
    running.end();
    assertEquals(0, engine.drain(Duration.ofSeconds(WAIT_SECONDS)));
    assertEquals(List.of(new Transcriber(model).transcribe(TestAssets.syntheticAudio(3),
        OPTIONS)), results);
  }

  @Test
  void tasksOfACallRunInOrderOneAtATime() throws Exception {
    EngineCall call = engine.admit();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    int[] running = {0};
    for (int i = 0; i < 50; i++) {
      int index = i;
      call.submit(() -> {
        synchronized (running) {
          running[0]++;
          assertEquals(1, running[0]);
        }
        order.add(index);
        synchronized (running) {
          running[0]--;
        }
      });
    }
    CompletableFuture<Throwable> failure = failureOf(call);
    call.end();
    awaitRelease(call);
    assertEquals(IntStream.range(0, 50).boxed().toList(), order);
    assertFalse(failure.isDone());
  }

  @Test
  void anErrorInATaskReachesTheHandlerDropsLaterTasksAndFreesTheSlot() throws Exception {
    List<VirtualMachineError> fatal = Collections.synchronizedList(new ArrayList<>());
    engine.onFatalError(fatal::add);
    EngineCall call = engine.admit();
    call.reserveMemory(1000);
    CompletableFuture<Throwable> failure = failureOf(call);
    OutOfMemoryError injected = new OutOfMemoryError("injected");
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    call.submit(() -> {
      throw injected;
    });
    call.submit(() -> ran.add("after the error"));
    assertSame(injected, failure.get(WAIT_SECONDS, TimeUnit.SECONDS));
    awaitRelease(call);
    assertEquals(List.of(), ran);
    assertEquals(0, engine.activeCalls());
    assertEquals(0, engine.reservedBytes());
    assertEquals(List.of(injected), fatal);
  }

  @Test
  void aClientMayHoldOnlyItsShareOfTheSlots() throws Exception {
    engine.close();
    engine = new RecognitionEngine(WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT),
        new EngineConfig(1, 3, 1L << 20, 1));
    EngineCall first = engine.admit("API key 1");
    CallRejectedException refused = assertThrows(CallRejectedException.class, () -> engine.admit("API key 1"));
    assertEquals(CallRejectedException.Reason.BUSY, refused.reason());
    assertEquals("API key 1 has 1 calls in progress, this server's limit per client; retry later",
        refused.getMessage());
    engine.admit("API key 2");
    first.end();
    awaitRelease(first);
    engine.admit("API key 1");
  }

  @Test
  void cancellingMidDecodeStopsTheCallFreesItsSlotAndLeavesItsNeighbourIntact() throws Exception {
    EngineCall victim = engine.admit();
    EngineCall neighbour = engine.admit();
    CompletableFuture<Throwable> victimFailure = failureOf(victim);
    CountDownLatch firstWindow = new CountDownLatch(1);
    victim.submit(() -> engine.transcriber().transcribe(SEVENTY_SECONDS, OPTIONS, window -> firstWindow.countDown(),
        victim.run()));
    CompletableFuture<Transcription> neighbourResult = new CompletableFuture<>();
    neighbour.submit(() -> neighbourResult.complete(
        engine.transcriber().transcribe(SEVENTY_SECONDS, OPTIONS, window -> {}, neighbour.run())));
    neighbour.end();

    assertTrue(firstWindow.await(WAIT_SECONDS, TimeUnit.SECONDS));
    victim.cancel(CallCancelledException.Cause.CLIENT);
    Throwable failure = victimFailure.get(WAIT_SECONDS, TimeUnit.SECONDS);
    CallCancelledException cancellation = assertInstanceOf(CallCancelledException.class, failure);
    assertEquals(CallCancelledException.Cause.CLIENT, cancellation.cancelledBy());
    awaitRelease(victim);
    engine.admit().end(); // the slot is free again

    assertEquals(new Transcriber(model).transcribe(SEVENTY_SECONDS, OPTIONS),
        neighbourResult.get(WAIT_SECONDS, TimeUnit.SECONDS));
    awaitRelease(neighbour);
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void anIdleCallCancelledIsReleasedAndToldAtOnce() throws Exception {
    EngineCall idle = engine.admit();
    CompletableFuture<Throwable> failure = failureOf(idle);
    idle.cancel(CallCancelledException.Cause.SHUTDOWN);
    assertEquals(CallCancelledException.Cause.SHUTDOWN,
        assertInstanceOf(CallCancelledException.class, failure.getNow(null)).cancelledBy());
    assertTrue(idle.whenReleased().isDone());
    assertEquals(0, engine.activeCalls());
  }

  @Test
  void aCallCancelledBeforeItHasAFailureHandlerTellsTheHandlerWhenItIsSet() throws Exception {
    // a shutdown's drain may cancel a call between its admission and the caller's onFailure
    EngineCall call = engine.admit();
    call.cancel(CallCancelledException.Cause.SHUTDOWN);
    assertTrue(call.whenReleased().isDone());

    CompletableFuture<Throwable> failure = failureOf(call);

    assertEquals(CallCancelledException.Cause.SHUTDOWN,
        assertInstanceOf(CallCancelledException.class, failure.getNow(null)).cancelledBy());
    assertEquals(0, engine.activeCalls());
  }

  /**
   * Replaces the engine with one of a single worker, and holds that worker with a task of a new call until
   * {@code letGo} counts down: tasks submitted meanwhile wait in the queue.
   */
  private EngineCall holdTheOnlyWorker(CountDownLatch letGo) throws Exception {
    engine.close();
    engine = new RecognitionEngine(WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT),
        new EngineConfig(1, 4, 1L << 20));
    EngineCall busy = engine.admit();
    CountDownLatch occupying = new CountDownLatch(1);
    busy.submit(() -> {
      occupying.countDown();
      letGo.await();
    });
    assertTrue(occupying.await(WAIT_SECONDS, TimeUnit.SECONDS));
    return busy;
  }

  @Test
  void aCallCancelledWhileItsTurnWaitsInTheQueueIsReleasedAtOnce() throws Exception {
    CountDownLatch letGo = new CountDownLatch(1);
    EngineCall busy = holdTheOnlyWorker(letGo);
    EngineCall queued = engine.admit();
    CompletableFuture<Throwable> failure = failureOf(queued);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    queued.submit(() -> ran.add("queued task"));
    queued.cancel(CallCancelledException.Cause.CLIENT);
    // the only worker is still taken, yet the slot is free and the client told
    assertTrue(queued.whenReleased().isDone());
    assertInstanceOf(CallCancelledException.class, failure.getNow(null));
    assertEquals(1, engine.activeCalls());
    letGo.countDown();
    busy.end();
    awaitRelease(busy);
    assertEquals(List.of(), ran);
  }

  @Test
  void anUrgentCallsTurnGoesBeforeTurnsQueuedEarlier() throws Exception {
    CountDownLatch letGo = new CountDownLatch(1);
    EngineCall busy = holdTheOnlyWorker(letGo);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    EngineCall speaking = engine.admit();
    EngineCall alsoSpeaking = engine.admit();
    EngineCall paused = engine.admit();
    paused.setUrgent(true);
    speaking.submit(() -> ran.add("speaking"));
    alsoSpeaking.submit(() -> ran.add("also speaking"));
    paused.submit(() -> ran.add("paused"));
    letGo.countDown();
    for (EngineCall call : List.of(busy, speaking, alsoSpeaking, paused)) {
      call.end();
      awaitRelease(call);
    }
    assertEquals(List.of("paused", "speaking", "also speaking"), ran);
  }

  @Test
  void theMemoryBudgetIsSharedByAllCallsAndGivenBackAtRelease() throws Exception {
    EngineCall first = engine.admit();
    EngineCall second = engine.admit();
    first.reserveMemory(40L << 20);
    CallRejectedException full = assertThrows(CallRejectedException.class, () -> second.reserveMemory(30L << 20));
    assertEquals(CallRejectedException.Reason.MEMORY, full.reason());
    assertEquals("the server's audio memory (64 MB) is taken by other calls; retry later or send shorter audio",
        full.getMessage());
    first.end();
    awaitRelease(first);
    second.reserveMemory(30L << 20);
    assertEquals(30L << 20, engine.reservedBytes());
  }

  @Test
  void closeCancelsRunningDecodesWaitsForThemAndOnlyThenClosesTheModel() throws Exception {
    EngineCall call = engine.admit();
    CompletableFuture<Throwable> failure = failureOf(call);
    CountDownLatch decoding = new CountDownLatch(1);
    call.submit(() -> engine.transcriber().transcribe(SEVENTY_SECONDS, OPTIONS, window -> decoding.countDown(),
        call.run()));
    assertTrue(decoding.await(WAIT_SECONDS, TimeUnit.SECONDS));
    engine.close();
    assertEquals(RecognitionEngine.State.CLOSED, engine.state());
    assertTrue(call.whenReleased().isDone(), "close() returned before the decode did");
    assertEquals(CallCancelledException.Cause.SHUTDOWN,
        assertInstanceOf(CallCancelledException.class, failure.getNow(null)).cancelledBy());
    assertEquals(0, model.liveNativeValues());
    assertThrows(CallRejectedException.class, engine::admit);
  }
}
