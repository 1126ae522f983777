package io.medasr.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.align.WordRetimer;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.audio.AudioDecoder;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.InvalidAudioException;
import io.medasr.bias.Biasing;
import io.medasr.engine.CallCancelledException;
import io.medasr.engine.CallRejectedException;
import io.medasr.engine.EngineCall;
import io.medasr.stream.Endpointing;
import io.medasr.stream.RecognitionResult;
import io.medasr.stream.SpeechEvent;
import io.medasr.stream.StreamListener;
import io.medasr.stream.StreamingOptions;
import io.medasr.stream.StreamingSession;
import io.medasr.transcribe.TranscribeOptions;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One StreamingRecognize call. The first request configures it and has the engine admit it; every later
 * request becomes a task on the call's engine lane, and the next request is asked of the client only when
 * that task has run (manual flow control), so a client that sends faster than the server decodes is held
 * back by HTTP/2 and at most one request per call waits in memory.
 *
 * <p>Threads: gRPC delivers requests one at a time on its executor; once admitted, every response and the
 * final status are sent from the call's engine tasks or from its failure handler, which the engine never runs
 * concurrently, so the response observer is never used by two threads at once.
 */
final class StreamingCall implements StreamObserver<StreamingRecognizeRequest>, StreamListener {
  /** Audio between two decodes of an utterance's tail: interim text is redrawn about once a second. */
  private static final double DECODE_INTERVAL_SECONDS = 1.0;
  private static final String METHOD = "StreamingRecognize";

  private final RecognizerService service;
  private final ServerCallStreamObserver<StreamingRecognizeResponse> responses;
  private final long started = System.nanoTime();

  /** Set once, on the gRPC thread, by the config request; read by the cancel handler on any thread. */
  private volatile EngineCall call;
  /** Whether the client has been told how the call ended; the config request and tasks run in turn. */
  private volatile boolean answered;
  private RecognitionConfig recognitionConfig;
  /** Who the call comes from, known once the first request arrived. */
  private String clientName;
  private AudioDecoder decoder;
  private StreamingSession session;
  private boolean singleUtterance;
  private boolean wordTimes;
  /** When the audio (or the half-close) that the session is working on arrived: final latency is counted from it. */
  private long arrivedNanos;
  /** Ends the call when the client sends nothing for the idle timeout while the server waits for it. */
  private final AtomicReference<ScheduledFuture<?>> idleTimeout = new AtomicReference<>();

  StreamingCall(RecognizerService service, ServerCallStreamObserver<StreamingRecognizeResponse> responses) {
    this.service = service;
    this.responses = responses;
    responses.disableAutoRequest();
    responses.setOnCancelHandler(() -> {
      EngineCall admitted = call;
      if (admitted != null) {
        admitted.cancel(CallCancelledException.Cause.CLIENT);
      }
    });
    responses.request(1);
  }

  @Override
  public void onNext(StreamingRecognizeRequest request) {
    disarmIdleTimeout();
    if (answered) {
      return;
    }
    if (call == null) {
      start(request);
      return;
    }
    switch (request.getStreamingRequestCase()) {
      case AUDIO_CONTENT -> {
        byte[] bytes = request.getAudioContent().toByteArray();
        long arrived = System.nanoTime();
        call.submit(() -> {
          arrivedNanos = arrived;
          session.accept(decodeWithinLimit(() -> decoder.decode(bytes, 0, bytes.length)));
          call.setUrgent(session.awaitsFinals());
          requestNext();
        });
      }
      case PHRASE_UPDATE -> {
        RecognitionConfig updated = recognitionConfig.toBuilder().clearPhrases()
            .addAllPhrases(request.getPhraseUpdate().getPhrasesList()).build();
        call.submit(() -> {
          CallSettings.CallVocabulary vocabulary =
              CallSettings.vocabularyWithinLimits(updated, service.engine(), service.config());
          session.setPhrases(streamBiasing(vocabulary.biasing()), vocabulary.corrector());
          requestNext();
        });
      }
      case STREAMING_CONFIG -> call.submit(() -> {
        throw new InvalidRequestException("streaming_config may only be sent once, in the first request");
      });
      case STREAMINGREQUEST_NOT_SET -> call.submit(() -> {
        throw new InvalidRequestException("empty request: set streaming_config or audio_content");
      });
    }
  }

  /** The first request: configure, admit, and open the session; refusals are answered here, before any task. */
  private void start(StreamingRecognizeRequest request) {
    ClientIdentity.Client client = ClientIdentity.current();
    clientName = client.name();
    try {
      if (request.getStreamingRequestCase() != StreamingRecognizeRequest.StreamingRequestCase.STREAMING_CONFIG) {
        throw new InvalidRequestException("the first request must carry streaming_config, not audio");
      }
      StreamingRecognitionConfig streamingConfig = request.getStreamingConfig();
      recognitionConfig = streamingConfig.getConfig();
      CallSettings settings = CallSettings.from(streamingConfig.getConfig(), service.engine(), service.config());
      Endpointing endpointing = CallSettings.endpointing(streamingConfig.getEndpointing());
      EngineCall admitted = service.engine().admit(client.name(), client.maxCalls());
      try {
        admitted.reserveMemory(StreamingSession.MEMORY_BYTES);
        decoder = AudioDecoders.open(settings.audioFormat(), service.maxSamplesPerCall());
      } catch (CallRejectedException | InvalidAudioException e) {
        admitted.end();
        throw e;
      }
      admitted.whenReleased().thenRun(decoder::close);
      singleUtterance = streamingConfig.getSingleUtterance();
      TranscribeOptions decoding = settings.transcribeOptions();
      StreamingOptions options = new StreamingOptions(
          decoding.withShortAudioContext(service.config().streamShortContext())
              .withBiasing(streamBiasing(decoding.biasing())),
          streamingConfig.getInterimResults(), DECODE_INTERVAL_SECONDS, endpointing,
          service.config().streamKeepUp(), service.config().streamFinalContextSeconds(), settings.corrector());
      wordTimes = settings.wordTimes();
      session = new StreamingSession(service.engine().transcriber(), service.engine().vad(), options, this,
          admitted.run(), service.decoderLoad(),
          // results carry word times only when asked: their start and end need no more than the pauses
          wordTimes ? service.engine().wordTimes(decoding.language()) : WordRetimer.PAUSES);
      call = admitted;
      admitted.onFailure(this::fail); // answers at once if a shutdown cancelled the call since its admission
      if (responses.isCancelled()) {
        admitted.cancel(CallCancelledException.Cause.CLIENT); // the cancel handler ran before call was set
      }
      if (!answered) {
        requestNext();
      }
    } catch (InvalidRequestException | InvalidAudioException | CallRejectedException e) {
      fail(e);
    }
  }

  /** Decoding that may pass the call's audio limit. */
  private interface Decoding {
    float[] decode() throws InvalidAudioException, AudioLimitExceededException;
  }

  /** Past the audio limit, first delivers the finals of all the audio accepted, then fails the call. */
  private float[] decodeWithinLimit(Decoding decoding) throws InvalidAudioException, AudioLimitExceededException {
    try {
      return decoding.decode();
    } catch (AudioLimitExceededException e) {
      session.finish();
      throw e;
    }
  }

  @Override
  public void onResult(RecognitionResult result) {
    if (answered || responses.isCancelled()) {
      return;
    }
    if (result.isFinal()) {
      service.logTranscript(result.text());
    }
    responses.onNext(StreamingRecognizeResponse.newBuilder()
        .addResults(ResultMapper.toStreamingResult(result, wordTimes))
        .setProcessedAudioSeconds(session.receivedSeconds())
        .build());
  }

  @Override
  public void onSpeechEvent(SpeechEvent event) {
    if (answered || responses.isCancelled()) {
      return;
    }
    responses.onNext(StreamingRecognizeResponse.newBuilder()
        .setSpeechEventType(switch (event.type()) {
          case SPEECH_STARTED -> SpeechEventType.SPEECH_STARTED;
          case END_OF_UTTERANCE -> SpeechEventType.END_OF_UTTERANCE;
        })
        .setSpeechEventTime(event.time())
        .setProcessedAudioSeconds(session.receivedSeconds())
        .build());
    if (event.type() == SpeechEvent.Type.END_OF_UTTERANCE) {
      // the utterance's last final results went out just before this event
      service.metrics().finalResult((System.nanoTime() - arrivedNanos) / 1e9);
    }
    if (event.type() == SpeechEvent.Type.END_OF_UTTERANCE && singleUtterance) {
      session.stop();
      complete();
    }
  }

  @Override
  public void onError(Throwable t) {
    disarmIdleTimeout();
    // The client cancelled or the transport broke: nothing can be sent any more.
    EngineCall admitted = call;
    if (admitted != null) {
      admitted.cancel(CallCancelledException.Cause.CLIENT);
    }
  }

  /**
   * Asks the client for its next message, with the idle timeout armed first, so that the message (which may
   * come at once, on another thread) always finds the timeout to disarm.
   */
  private void requestNext() {
    Duration timeout = service.config().idleTimeout();
    ScheduledFuture<?> armed = service.idleTimer().schedule(
        () -> call.cancel(CallCancelledException.Cause.IDLE, String.format(
            "no audio for %.0f s: a stream must send audio or half-close at least every %.0f s",
            timeout.toMillis() / 1000.0, timeout.toMillis() / 1000.0)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> previous = idleTimeout.getAndSet(armed);
    if (previous != null) {
      previous.cancel(false);
    }
    responses.request(1);
  }

  private void disarmIdleTimeout() {
    ScheduledFuture<?> armed = idleTimeout.getAndSet(null);
    if (armed != null) {
      armed.cancel(false);
    }
  }

  @Override
  public void onCompleted() {
    disarmIdleTimeout();
    if (answered) {
      return;
    }
    if (call == null) {
      fail(new InvalidRequestException("the stream ended before streaming_config was sent"));
      return;
    }
    long arrived = System.nanoTime();
    call.submit(() -> {
      arrivedNanos = arrived;
      session.accept(decodeWithinLimit(decoder::finish));
      session.finish();
      if (!answered) {
        complete();
      }
    });
    call.end();
  }

  /** Ends the call well; runs in a task, after the call's last model work. */
  private void complete() {
    answered = true;
    call.end();
    call.release();
    service.logCall(call.id(), clientName, METHOD, Status.OK, session.receivedSeconds(), started);
    responses.onCompleted();
  }

  /**
   * What the stream's decodes may be biased toward: the call's biasing, or without {@code --stream-lexicon} only
   * its phrases (the session biases its interval decodes with the phrases alone in any case).
   */
  private Biasing streamBiasing(Biasing requested) {
    return service.config().streamLexicon() ? requested : requested.phrasesOnly();
  }

  /** Ends the call with the status {@code error} means, unless the client already has its answer. */
  private void fail(Throwable error) {
    if (answered) {
      return;
    }
    answered = true;
    EngineCall admitted = call;
    // a stream that ends before its first request is failed on the gRPC thread, where the identity is current
    String client = clientName != null ? clientName : ClientIdentity.current().name();
    service.answerFailure(responses, admitted == null ? 0 : admitted.id(), client, METHOD, error, started);
  }
}
