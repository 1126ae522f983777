package io.medasr.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.audio.AudioDecoder;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.InvalidAudioException;
import io.medasr.correct.Corrector;
import io.medasr.engine.CallAudio;
import io.medasr.engine.CallCancelledException;
import io.medasr.engine.CallRejectedException;
import io.medasr.engine.EngineCall;
import io.medasr.engine.RecognitionEngine;
import io.medasr.metrics.ServerMetrics;
import io.medasr.server.ServerConfig;
import io.medasr.stream.DecoderLoad;
import io.medasr.transcribe.Transcription;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The gRPC face of the recognizer: checks requests, has the engine admit them, and queues their work on the
 * engine. No model work runs on a gRPC thread. Thread-safe.
 */
public final class RecognizerService extends RecognizerGrpc.RecognizerImplBase implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RecognizerService.class.getName());
  private static final int SAMPLE_RATE = AudioDecoders.TARGET_SAMPLE_RATE;

  private final RecognitionEngine engine;
  private final ServerConfig config;
  private final ServerMetrics metrics;
  /** How busy the engine's decoders are, shared by the streams. */
  private final DecoderLoad decoderLoad;
  /** Ends streams that send nothing; one daemon thread for all of them, stopped by {@link #close()}. */
  private final ScheduledExecutorService idleTimer = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "medasr-idle-timer");
    thread.setDaemon(true);
    return thread;
  });

  /** Serves {@code engine}, which stays owned by the caller, and counts its calls in {@code metrics}. */
  public RecognizerService(RecognitionEngine engine, ServerConfig config, ServerMetrics metrics) {
    this.engine = engine;
    this.config = config;
    this.metrics = metrics;
    this.decoderLoad = new DecoderLoad(engine::callsPerWorker);
  }

  /** Stops the idle timer; the engine is the caller's to close. */
  @Override
  public void close() {
    idleTimer.shutdownNow();
  }

  ScheduledExecutorService idleTimer() {
    return idleTimer;
  }

  @Override
  public void recognize(RecognizeRequest request, StreamObserver<RecognizeResponse> observer) {
    ServerCallStreamObserver<RecognizeResponse> responses = (ServerCallStreamObserver<RecognizeResponse>) observer;
    long started = System.nanoTime();
    CallSettings settings;
    EngineCall call;
    ClientIdentity.Client client = ClientIdentity.current();
    try {
      settings = CallSettings.from(request.getConfig(), engine, config);
      call = engine.admit(client.name(), client.maxCalls());
    } catch (InvalidRequestException | InvalidAudioException | CallRejectedException e) {
      answerFailure(responses, 0, client.name(), "Recognize", e, started);
      return;
    }
    responses.setOnCancelHandler(() -> call.cancel(CallCancelledException.Cause.CLIENT));
    call.onFailure(error -> answerFailure(responses, call.id(), client.name(), "Recognize", error, started));
    call.submit(() -> {
      float[] samples;
      try (AudioDecoder decoder = AudioDecoders.open(settings.audioFormat(), maxSamplesPerCall())) {
        samples = CallAudio.decodeAll(call, decoder, request.getAudioContent().newInput());
      }
      double seconds = (double) samples.length / SAMPLE_RATE;
      Transcription aligned = engine.transcriber().transcribe(samples, settings.transcribeOptions(),
          window -> {}, call.run());
      // the pauses are read from the audio only when there are word times to refine with them
      Transcription decoded = settings.transcribeOptions().wordTimestamps()
          ? aligned.withWordTimes(engine.wordTimes(aligned.language()), samples)
          : aligned;
      Transcription transcription = settings.corrector().map(c -> corrected(call.id(), decoded, c)).orElse(decoded);
      RecognizeResponse response = ResultMapper.toResponse(transcription, settings.wordTimes());
      // Freed before answering, so a client that calls again right after the answer finds the slot free.
      call.release();
      logCall(call.id(), client.name(), "Recognize", Status.OK, seconds, started);
      logTranscript(transcription.text());
      responses.onNext(response);
      responses.onCompleted();
    });
    call.end();
  }

  @Override
  public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
      StreamObserver<StreamingRecognizeResponse> responses) {
    return new StreamingCall(this, (ServerCallStreamObserver<StreamingRecognizeResponse>) responses);
  }

  /** The per-call audio limit, enforced by the decoders before they buffer. */
  long maxSamplesPerCall() {
    return (long) Math.floor(config.maxAudioSeconds() * SAMPLE_RATE);
  }

  RecognitionEngine engine() {
    return engine;
  }

  DecoderLoad decoderLoad() {
    return decoderLoad;
  }

  ServerConfig config() {
    return config;
  }

  ServerMetrics metrics() {
    return metrics;
  }

  /** Transcript text reaches the log only when the operator allowed it (--log-transcripts): it is patient data. */
  void logTranscript(String text) {
    if (config.logTranscripts()) {
      LOG.info(() -> "transcript: " + text.strip());
    }
  }

  /**
   * Ends a call with the status {@code error} means and logs it by id, status and duration only (a failed or
   * cancelled call says nothing of its audio); a client that has gone gets nothing.
   */
  void answerFailure(ServerCallStreamObserver<?> responses, long callId, String client, String method,
      Throwable error, long startedNanos) {
    Status status = CallStatus.of(error);
    logCall(callId, client, method, status, 0, startedNanos);
    if (!responses.isCancelled()) {
      responses.onError(status.asRuntimeException());
    }
  }

  /** {@code transcription} corrected, with the number of changes and the time they took logged (no text). */
  private static Transcription corrected(long callId, Transcription transcription, Corrector corrector) {
    long started = System.nanoTime();
    Transcription corrected = transcription.corrected(corrector::correct);
    double millis = (System.nanoTime() - started) / 1e6;
    long changes = corrected.segments().stream().mapToLong(s -> s.corrections().size()).sum();
    LOG.info(() -> String.format("call %d correction: %d changes in %.2f ms", callId, changes, millis));
    return corrected;
  }

  /**
   * One log line per call: its engine id (0 if never admitted), status, length and speed, never its content; and
   * the same figures in the metrics.
   */
  void logCall(long callId, String client, String method, Status status, double audioSeconds, long startedNanos) {
    CallSummary summary = new CallSummary(callId, method, client, status.getCode().name(), audioSeconds,
        (System.nanoTime() - startedNanos) / 1e9);
    metrics.callEnded(method, summary.status(), audioSeconds, summary.wallSeconds());
    if (LOG.isLoggable(Level.INFO)) {
      LogRecord record = new LogRecord(Level.INFO, summary.describe());
      record.setParameters(new Object[] {summary});
      record.setLoggerName(LOG.getName());
      LOG.log(record);
    }
  }
}
