package io.medasr.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.audio.AudioDecoder;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.InvalidAudioException;
import io.medasr.stream.AudioLimitExceededException;
import io.medasr.stream.RecognitionResult;
import io.medasr.stream.StreamingOptions;
import io.medasr.stream.StreamingSession;
import java.util.concurrent.CancellationException;

/**
 * One StreamingRecognize call: the first request configures it, later ones carry audio. gRPC delivers a call's
 * requests one at a time and asks the client for the next only after {@link #onNext} returns, so decoding
 * inline is what gives a fast client back-pressure. Not thread-safe beyond that gRPC guarantee.
 */
final class StreamingCall implements StreamObserver<StreamingRecognizeRequest> {
  /** Interim decodes re-run the model over the whole buffer, so not more often than this. */
  private static final double INTERIM_INTERVAL_SECONDS = 1.0;

  private final RecognizerService service;
  private final ServerCallStreamObserver<StreamingRecognizeResponse> responses;
  private final long started = System.nanoTime();

  private AudioDecoder decoder;
  private StreamingSession session;
  private boolean holdsSlot;
  private boolean singleUtterance;
  private boolean done;

  StreamingCall(RecognizerService service, ServerCallStreamObserver<StreamingRecognizeResponse> responses) {
    this.service = service;
    this.responses = responses;
    responses.setOnCancelHandler(this::release);
  }

  @Override
  public void onNext(StreamingRecognizeRequest request) {
    if (done) {
      return;
    }
    guarded(() -> {
      switch (request.getStreamingRequestCase()) {
        case STREAMING_CONFIG -> configure(request.getStreamingConfig());
        case AUDIO_CONTENT -> {
          if (session == null) {
            throw new InvalidRequestException("the first request must carry streaming_config, not audio");
          }
          byte[] bytes = request.getAudioContent().toByteArray();
          session.accept(decoder.decode(bytes, 0, bytes.length));
        }
        case STREAMINGREQUEST_NOT_SET -> throw new InvalidRequestException(
            "empty request: set streaming_config or audio_content");
      }
    });
  }

  /** One step of the call that may fail on the client's input. */
  private interface Step {
    void run() throws InvalidRequestException, InvalidAudioException, AudioLimitExceededException,
        io.medasr.audio.AudioLimitExceededException;
  }

  /** Runs a step and ends the call with the status its failure means; a cancelled call just lets go. */
  private void guarded(Step step) {
    try {
      step.run();
    } catch (InvalidRequestException | InvalidAudioException e) {
      fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (AudioLimitExceededException | io.medasr.audio.AudioLimitExceededException e) {
      fail(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
    } catch (StatusRuntimeException e) {
      fail(e);
    } catch (CancellationException e) {
      release();
    } catch (RuntimeException e) {
      fail(RecognizerService.internal(e));
    }
  }

  private void configure(StreamingRecognitionConfig streamingConfig) throws InvalidRequestException,
      InvalidAudioException {
    if (session != null) {
      throw new InvalidRequestException("streaming_config may only be sent once, in the first request");
    }
    CallSettings settings = CallSettings.from(streamingConfig.getConfig(), service.model(),
        service.config().decoding());
    if (!service.tryAcquireSlot()) {
      throw service.busy();
    }
    holdsSlot = true;
    decoder = AudioDecoders.open(settings.audioFormat());
    singleUtterance = streamingConfig.getSingleUtterance();
    StreamingOptions options = new StreamingOptions(settings.transcribeOptions(),
        streamingConfig.getInterimResults(), INTERIM_INTERVAL_SECONDS, service.config().maxAudioSeconds());
    boolean wordTimes = settings.wordTimes();
    session = new StreamingSession(service.transcriber(), options, result -> send(result, wordTimes),
        responses::isCancelled);
  }

  private void send(RecognitionResult result, boolean wordTimes) {
    if (done || responses.isCancelled()) {
      return;
    }
    if (result.isFinal()) {
      service.logTranscript(result.text());
    }
    StreamingRecognizeResponse.Builder response = StreamingRecognizeResponse.newBuilder()
        .addResults(ResultMapper.toStreamingResult(result, wordTimes))
        .setProcessedAudioSeconds(session.receivedSeconds());
    if (result.isFinal() && singleUtterance) {
      response.setSpeechEventType(SpeechEventType.END_OF_UTTERANCE);
      responses.onNext(response.build());
      complete();
      return;
    }
    responses.onNext(response.build());
  }

  @Override
  public void onError(Throwable t) {
    // The client cancelled or the transport broke: nothing can be sent any more.
    release();
  }

  @Override
  public void onCompleted() {
    if (done) {
      return;
    }
    if (session == null) {
      fail(Status.INVALID_ARGUMENT.withDescription("the stream ended before streaming_config was sent")
          .asRuntimeException());
      return;
    }
    guarded(() -> {
      session.accept(decoder.finish());
      session.finish();
      if (!done) {
        complete();
      }
    });
  }

  private void complete() {
    RecognizerService.logCall("StreamingRecognize", session.receivedSeconds(), started);
    release();
    responses.onCompleted();
  }

  private void fail(StatusRuntimeException status) {
    release();
    if (!responses.isCancelled()) {
      responses.onError(status);
    }
  }

  /** Idempotent: frees the call slot and the decoder once, whichever way the call ended. */
  private void release() {
    if (done) {
      return;
    }
    done = true;
    if (decoder != null) {
      decoder.close();
    }
    if (holdsSlot) {
      service.releaseSlot();
      holdsSlot = false;
    }
  }
}
