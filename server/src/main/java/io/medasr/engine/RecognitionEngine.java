package io.medasr.engine;

import io.medasr.align.WordRetimer;
import io.medasr.bart.BartModel;
import io.medasr.bart.BartRewriter;
import io.medasr.bias.Vocabulary;
import io.medasr.transcribe.Transcriber;
import io.medasr.vad.EnergyVadBackend;
import io.medasr.vad.EnergyVadConfig;
import io.medasr.vad.VadBackend;
import io.medasr.whisper.WhisperModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Owns the models (Whisper, the voice-activity detector, the correction model) and every piece of work done with
 * them: admits calls within the slot and memory limits, runs their tasks on a bounded pool of decode workers,
 * cancels them, drains them at shutdown, and closes the models only after the last model run has returned.
 * Independent of any transport.
 *
 * <p>Lifecycle: {@link State#SERVING} → {@link #stopAdmitting()} → {@link State#DRAINING} (running calls go on,
 * new ones are refused) → {@link #close()} → {@link State#CLOSED} (calls still running are cancelled, the workers
 * stop, the model is closed).
 *
 * <p>Scheduling: each admitted call has at most one task queued or running (see {@link EngineCall}), so the
 * workers' queue never holds more than {@code maxCalls} tasks. The queue is first in, first out, except that the
 * turns of urgent calls ({@link EngineCall#setUrgent}: a stream whose final results wait for its next decode) go
 * before the others. This is the seam where encoder runs of several calls could later be batched: a worker could
 * take the windows of all queued calls at once.
 *
 * <p>Thread-safe.
 */
public final class RecognitionEngine implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RecognitionEngine.class.getName());
  /** How long close() waits for cancelled work to return before giving up on closing the model. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /** Greedy rewriting: corrections are gated anyway, and a final result should not wait on beams. */
  private static final int REWRITE_BEAM_SIZE = 1;

  /** Where the engine is in its life. */
  public enum State { SERVING, DRAINING, CLOSED }

  private final WhisperModel model;
  private final VadBackend vad;
  private final Optional<BartModel> correctionModel;
  private final Optional<BartRewriter> rewriter;
  private final WordRetimer wordTimes;
  private final Transcriber transcriber;
  private final Vocabulary vocabulary;
  private final EngineConfig config;
  private final ThreadPoolExecutor workers;
  private final AtomicLong turns = new AtomicLong();

  private final Object lock = new Object();
  // guarded by lock
  private final Set<EngineCall> active = new LinkedHashSet<>();
  private final Map<String, Integer> callsPerClient = new HashMap<>();
  private final List<Consumer<VirtualMachineError>> fatalListeners = new CopyOnWriteArrayList<>();
  private long reservedBytes;
  private long nextCallId = 1;
  private State state = State.SERVING;

  /**
   * Takes ownership of {@code model}: {@link #close()} closes it. No biasing vocabulary; the energy
   * voice-activity detector.
   */
  public RecognitionEngine(WhisperModel model, EngineConfig config) {
    this(model, new EnergyVadBackend(EnergyVadConfig.defaults()), config, Vocabulary.Settings.none());
  }

  /** Takes ownership of {@code model} and {@code vad}: {@link #close()} closes them. No correction model. */
  public RecognitionEngine(WhisperModel model, VadBackend vad, EngineConfig config, Vocabulary.Settings vocabulary) {
    this(model, vad, config, vocabulary, Optional.empty());
  }

  /** As the constructor below, with word times from cross-attention and the audio's pauses. */
  public RecognitionEngine(WhisperModel model, VadBackend vad, EngineConfig config, Vocabulary.Settings vocabulary,
      Optional<BartModel> correctionModel) {
    this(model, vad, config, vocabulary, correctionModel, WordRetimer.PAUSES);
  }

  /**
   * Takes ownership of {@code model}, {@code vad} and {@code correctionModel}: {@link #close()} closes them.
   * Corrections run inside calls' tasks, so the correction model is closed only once they have returned.
   *
   * @param wordTimes times the words of every result (a forced aligner, or {@link WordRetimer#PAUSES})
   */
  public RecognitionEngine(WhisperModel model, VadBackend vad, EngineConfig config, Vocabulary.Settings vocabulary,
      Optional<BartModel> correctionModel, WordRetimer wordTimes) {
    this.model = model;
    this.wordTimes = wordTimes;
    this.vad = vad;
    this.correctionModel = correctionModel;
    this.rewriter = correctionModel.map(bart -> new BartRewriter(bart, REWRITE_BEAM_SIZE));
    this.transcriber = new Transcriber(model);
    this.vocabulary = new Vocabulary(model.tokenizer(), vocabulary);
    this.config = config;
    this.workers = new ThreadPoolExecutor(config.decodeWorkers(), config.decodeWorkers(), 0, TimeUnit.SECONDS,
        new PriorityBlockingQueue<>(), workerThreads());
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    // Not daemons: the process cannot end while a worker is inside ONNX Runtime.
    return task -> new Thread(task, "medasr-decode-" + count.incrementAndGet());
  }

  /** The model, for reading its name, configuration and tokenizer; its runs belong to calls. */
  public WhisperModel model() {
    return model;
  }

  /** Scores voice activity for every stream; its per-stream detectors belong to the calls. */
  public VadBackend vad() {
    return vad;
  }

  public Transcriber transcriber() {
    return transcriber;
  }

  /**
   * Times the words of results in {@code language} (null when not known): the engine's retimer where it speaks
   * the language, else the pauses' refinement. Shared by all calls.
   */
  public WordRetimer wordTimes(String language) {
    return wordTimes.speaks(language) ? wordTimes : WordRetimer.PAUSES;
  }

  /** The correction model's rewriter, shared by all calls; empty when the server has no correction model. */
  public Optional<BartRewriter> rewriter() {
    return rewriter;
  }

  /** The biasing vocabulary (lexicon, specialty lists, the server's phrases) shared by all calls. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public EngineConfig config() {
    return config;
  }

  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Calls admitted and not yet released. */
  public int activeCalls() {
    synchronized (lock) {
      return active.size();
    }
  }

  /** Active calls (counting at least the asking one) per decoding worker: how many share a worker's time. */
  public double callsPerWorker() {
    return Math.max(1, activeCalls()) / (double) config.decodeWorkers();
  }

  /** Turns of calls waiting for a decode worker. */
  public int queuedTurns() {
    return workers.getQueue().size();
  }

  /** The model's native values handed out and not yet closed (see {@link WhisperModel#liveNativeValues()}). */
  public int liveNativeValues() {
    return model.liveNativeValues();
  }

  /** Audio bytes reserved by the active calls. */
  public long reservedBytes() {
    synchronized (lock) {
      return reservedBytes;
    }
  }

  /** Admits a call from an unnamed client; see {@link #admit(String, int)}. */
  public EngineCall admit() throws CallRejectedException {
    return admit("unnamed");
  }

  /** Admits a call from {@code client} within the engine's limit per client; see {@link #admit(String, int)}. */
  public EngineCall admit(String client) throws CallRejectedException {
    return admit(client, 0);
  }

  /**
   * Admits a call from {@code client}.
   *
   * @param clientLimit calls this client may have admitted at once (e.g. its API key's own limit); 0 = the
   *     engine's limit per client
   * @throws CallRejectedException {@link CallRejectedException.Reason#BUSY} when every slot, or every slot this
   *     client may hold, is taken; {@link CallRejectedException.Reason#SHUTTING_DOWN} once the engine is
   *     draining or closed
   */
  public EngineCall admit(String client, int clientLimit) throws CallRejectedException {
    synchronized (lock) {
      if (state != State.SERVING) {
        throw new CallRejectedException(CallRejectedException.Reason.SHUTTING_DOWN,
            "the server is shutting down; retry on another server");
      }
      if (active.size() >= config.maxCalls()) {
        throw new CallRejectedException(CallRejectedException.Reason.BUSY,
            "server is busy: " + config.maxCalls() + " calls in progress; retry later");
      }
      int ofClient = callsPerClient.getOrDefault(client, 0);
      if (ofClient >= (clientLimit > 0 ? clientLimit : config.maxCallsPerClient())) {
        throw new CallRejectedException(CallRejectedException.Reason.BUSY, client + " has " + ofClient
            + " calls in progress, " + (clientLimit > 0 ? "its own limit" : "this server's limit per client")
            + "; retry later");
      }
      EngineCall call = new EngineCall(this, nextCallId++, client);
      active.add(call);
      callsPerClient.put(client, ofClient + 1);
      return call;
    }
  }

  /** Queues a turn of a call: after the turns queued before it, unless it is urgent and they are not. */
  void execute(Runnable step, boolean urgent) {
    workers.execute(new Turn(step, urgent, turns.getAndIncrement()));
  }

  /** A queued turn; the workers' priority queue takes urgent turns first, then in order of arrival. */
  private record Turn(Runnable step, boolean urgent, long order) implements Runnable, Comparable<Turn> {
    @Override
    public void run() {
      step.run();
    }

    @Override
    public int compareTo(Turn other) {
      return urgent != other.urgent ? (urgent ? -1 : 1) : Long.compare(order, other.order);
    }
  }

  void reserve(long bytes) throws CallRejectedException {
    synchronized (lock) {
      if (reservedBytes + bytes > config.memoryBudgetBytes()) {
        throw new CallRejectedException(CallRejectedException.Reason.MEMORY, String.format(
            "the server's audio memory (%d MB) is taken by other calls; retry later or send shorter audio",
            config.memoryBudgetBytes() >> 20));
      }
      reservedBytes += bytes;
    }
  }

  void unreserve(long bytes) {
    synchronized (lock) {
      reservedBytes -= bytes;
    }
  }

  void released(EngineCall call, long bytes) {
    synchronized (lock) {
      active.remove(call);
      callsPerClient.computeIfPresent(call.client(), (client, calls) -> calls == 1 ? null : calls - 1);
      reservedBytes -= bytes;
      lock.notifyAll();
    }
  }

  /**
   * Asks to hear of an error that leaves the process in doubt (out of memory, a JVM failure) in any call, so
   * that health checks can take the server out of rotation.
   */
  public void onFatalError(Consumer<VirtualMachineError> listener) {
    fatalListeners.add(listener);
  }

  void fatal(VirtualMachineError error) {
    LOG.severe(() -> "a call failed with " + error.getClass().getSimpleName() + "; the server reports NOT_SERVING");
    fatalListeners.forEach(listener -> listener.accept(error));
  }

  /** Refuses new calls from now on; running calls go on. Idempotent. */
  public void stopAdmitting() {
    synchronized (lock) {
      if (state == State.SERVING) {
        state = State.DRAINING;
      }
    }
  }

  /**
   * Waits until no call is active or {@code timeout} has passed.
   *
   * @return whether every call has been released
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!active.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * Stops admitting, waits up to {@code grace} for running calls to finish, then cancels the rest.
   *
   * @return how many calls had to be cancelled
   */
  public int drain(Duration grace) throws InterruptedException {
    stopAdmitting();
    if (awaitIdle(grace)) {
      return 0;
    }
    return cancelAll();
  }

  private int cancelAll() {
    List<EngineCall> running;
    synchronized (lock) {
      running = new ArrayList<>(active);
    }
    running.forEach(call -> call.cancel(CallCancelledException.Cause.SHUTDOWN));
    return running.size();
  }

  /**
   * Cancels every call still running, waits for their model work to return, stops the workers and closes the
   * model. If some work does not return within 30 s, the model is left open rather than freed under a running
   * inference. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    cancelAll();
    boolean stopped;
    try {
      stopped = awaitIdle(STOP_TIMEOUT);
      workers.shutdown();
      stopped &= workers.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = false;
    }
    if (stopped) {
      model.close();
      vad.close();
      correctionModel.ifPresent(BartModel::close);
    } else {
      LOG.severe("model work did not stop within " + STOP_TIMEOUT.toSeconds() + " s; the model is left open");
    }
  }
}
