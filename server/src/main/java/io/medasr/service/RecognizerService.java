package io.medasr.service;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import io.medasr.server.ServerConfig;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.whisper.WhisperModel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC face of the recognizer: checks requests, admits calls within the server's limits, and hands the
 * audio to the engine. Engine work runs on the call's own gRPC executor thread, so a slow decode holds back
 * only its own call (and, through gRPC flow control, its client). Thread-safe.
 */
public final class RecognizerService extends RecognizerGrpc.RecognizerImplBase {
  private static final Logger LOG = Logger.getLogger(RecognizerService.class.getName());
  private static final int SAMPLE_RATE = 16000;

  private final WhisperModel model;
  private final Transcriber transcriber;
  private final ServerConfig config;
  private final Semaphore callSlots;

  public RecognizerService(WhisperModel model, ServerConfig config) {
    this.model = model;
    this.transcriber = new Transcriber(model);
    this.config = config;
    this.callSlots = new Semaphore(config.maxConcurrentStreams());
  }

  @Override
  public void recognize(RecognizeRequest request, StreamObserver<RecognizeResponse> responses) {
    if (!callSlots.tryAcquire()) {
      responses.onError(busy());
      return;
    }
    long started = System.nanoTime();
    RecognizeResponse response = null;
    StatusRuntimeException error = null;
    try {
      CallSettings settings = CallSettings.from(request.getConfig(), model, config.decoding());
      float[] samples = AudioDecoders.decodeAll(settings.audioFormat(), request.getAudioContent().toByteArray());
      double seconds = (double) samples.length / SAMPLE_RATE;
      if (seconds > config.maxAudioSeconds()) {
        throw Status.RESOURCE_EXHAUSTED.withDescription(String.format(
            "audio is %.1f s long; this server accepts at most %.0f s per call", seconds, config.maxAudioSeconds()))
            .asRuntimeException();
      }
      Transcription transcription = transcriber.transcribe(samples, settings.transcribeOptions(), window -> {},
          Context.current()::isCancelled);
      response = ResultMapper.toResponse(transcription, settings.wordTimes());
      logCall("Recognize", seconds, started);
      logTranscript(transcription.text());
    } catch (InvalidRequestException | InvalidAudioException e) {
      error = Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    } catch (AudioLimitExceededException e) {
      error = Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException();
    } catch (StatusRuntimeException e) {
      error = e;
    } catch (CancellationException e) {
      error = Status.CANCELLED.withDescription("call cancelled").asRuntimeException();
    } catch (RuntimeException e) {
      error = internal(e);
    } finally {
      // Freed before answering, so a client that calls again right after the answer finds the slot free.
      callSlots.release();
    }
    if (error != null) {
      responses.onError(error);
    } else {
      responses.onNext(response);
      responses.onCompleted();
    }
  }

  @Override
  public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
      StreamObserver<StreamingRecognizeResponse> responses) {
    return new StreamingCall(this, (ServerCallStreamObserver<StreamingRecognizeResponse>) responses);
  }

  WhisperModel model() {
    return model;
  }

  Transcriber transcriber() {
    return transcriber;
  }

  ServerConfig config() {
    return config;
  }

  boolean tryAcquireSlot() {
    return callSlots.tryAcquire();
  }

  void releaseSlot() {
    callSlots.release();
  }

  StatusRuntimeException busy() {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "server is busy: " + config.maxConcurrentStreams() + " calls in progress; retry later")
        .asRuntimeException();
  }

  /** Logs the failure for operators (no audio or text) and tells the client only that it was internal. */
  static StatusRuntimeException internal(RuntimeException e) {
    LOG.log(Level.SEVERE, "call failed", e);
    return Status.INTERNAL.withDescription("internal error while recognizing; the server log has details")
        .asRuntimeException();
  }

  /** Transcript text reaches the log only when the operator allowed it (--log-transcripts): it is patient data. */
  void logTranscript(String text) {
    if (config.logTranscripts()) {
      LOG.info(() -> "transcript: " + text.strip());
    }
  }

  /** Metrics only: length and speed, never content. */
  static void logCall(String method, double audioSeconds, long startedNanos) {
    double elapsed = (System.nanoTime() - startedNanos) / 1e9;
    LOG.info(() -> String.format("%s: %.1f s of audio in %.2f s (RTF %.3f)", method, audioSeconds, elapsed,
        audioSeconds > 0 ? elapsed / audioSeconds : 0));
  }
}
