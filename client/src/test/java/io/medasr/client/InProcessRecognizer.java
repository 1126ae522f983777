package io.medasr.client;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.api.v1.WordInfo;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the MedASR server for the client's transport behaviour, served in-process (and, on request,
 * on a loopback socket). It follows the API contract but recognizes nothing: the unary call answers with the
 * byte count of the audio as the text, one word per 1000 bytes, and a duration of bytes / 32000 s (16 kHz
 * 16-bit mono); a stream answers each chunk with an interim "N bytes" result and the audio processed so far (the
 * first with SPEECH_STARTED at 0.01 s) and the half-close with a final one and END_OF_UTTERANCE at the end of the
 * audio, then completes. It records what it received (headers, requests, chunks, how a stream ended), can fail
 * every call with a given status, fail a stream on its audio, answer a stream's half-close with scripted
 * responses, hang unary calls, and hold back stream flow control. Also serves the standard health service.
 */
public final class InProcessRecognizer implements AutoCloseable {
  /** Metadata of the last call, as the server saw it. */
  public final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
  public final List<RecognizeRequest> unaryRequests = new CopyOnWriteArrayList<>();
  public final AtomicReference<StreamingRecognitionConfig> streamConfig = new AtomicReference<>();
  public final List<ByteString> chunks = new CopyOnWriteArrayList<>();
  /** How the last stream ended on the server: OK after half-close, or the client's cancellation status. */
  public final CompletableFuture<Status> streamEnd = new CompletableFuture<>();
  public final HealthStatusManager health = new HealthStatusManager();

  /** When set, every Recognize and StreamingRecognize call fails with this status. */
  public volatile Status failWith;
  /** This many unary calls fail with UNAVAILABLE before the others are served (a server starting up). */
  public final AtomicInteger unavailableUnaryCalls = new AtomicInteger();
  public volatile boolean hangUnary;
  /** Completes when a unary call has begun to hang (with {@link #hangUnary}). */
  public final CompletableFuture<Void> unaryHanging = new CompletableFuture<>();
  /** Completes when such a hanging call is cancelled by its client. */
  public final CompletableFuture<Void> unaryCancelled = new CompletableFuture<>();
  /** When set, a stream fails with this status on its first audio chunk, as a server rejecting the audio. */
  public volatile Status failOnAudio;
  /** When set, a stream answers its half-close with these responses instead of one final "N bytes" result. */
  public volatile List<StreamingRecognizeResponse> halfCloseAnswer;
  /** When set, a stream takes its config and then asks for no more messages until {@link #releaseFlow()}. */
  public volatile boolean holdFlow;

  private final String name = "medasr-test-" + System.nanoTime();
  private final Server server;
  private final ManagedChannel channel;
  private final ServerServiceDefinition service = ServerInterceptors.intercept(new Service(), new HeaderRecorder());
  private volatile ServerCallStreamObserver<StreamingRecognizeResponse> heldStream;
  private volatile Server networkServer;

  public InProcessRecognizer() throws IOException {
    server = InProcessServerBuilder.forName(name)
        .addService(service)
        .addService(health.getHealthService())
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  /**
   * Also serves the same fake over a real plaintext socket on 127.0.0.1 (for end-to-end command-line runs);
   * returns the port. Closed with this object.
   */
  public int listenOnLoopback() throws IOException {
    Server network = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(service)
        .addService(health.getHealthService())
        .build()
        .start();
    networkServer = network;
    return network.getPort();
  }

  /** A channel to this server; closed with it. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Lets a stream held by {@link #holdFlow} take all further messages. */
  public void releaseFlow() {
    heldStream.request(Integer.MAX_VALUE);
  }

  public void serving(boolean serving) {
    health.setStatus("", serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    if (networkServer != null) {
      networkServer.shutdownNow();
    }
  }

  /** The answer the fake gives to {@code byteCount} bytes of audio. */
  public static String textFor(long byteCount) {
    return byteCount + " bytes";
  }

  private final class HeaderRecorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      lastHeaders.set(headers);
      return next.startCall(call, headers);
    }
  }

  private final class Service extends RecognizerGrpc.RecognizerImplBase {
    @Override
    public void recognize(RecognizeRequest request, StreamObserver<RecognizeResponse> responses) {
      unaryRequests.add(request);
      if (unavailableUnaryCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        responses.onError(Status.UNAVAILABLE.withDescription("starting up").asRuntimeException());
        return;
      }
      if (failWith != null) {
        responses.onError(failWith.asRuntimeException());
        return;
      }
      if (hangUnary) {
        Context.current().addListener(context -> unaryCancelled.complete(null), Runnable::run);
        unaryHanging.complete(null);
        return;
      }
      int bytes = request.getAudioContent().size();
      SpeechRecognitionAlternative.Builder alternative = SpeechRecognitionAlternative.newBuilder()
          .setTranscript(textFor(bytes))
          .setConfidence(0.75f);
      for (int i = 0; i < bytes / 1000; i++) {
        alternative.addWords(WordInfo.newBuilder()
            .setWord("w" + i).setStartTime(i).setEndTime(i + 0.5).setConfidence(0.5f));
      }
      double duration = bytes / 32000.0;
      responses.onNext(RecognizeResponse.newBuilder()
          .addResults(SpeechRecognitionResult.newBuilder()
              .addAlternatives(alternative).setStartTime(0).setEndTime(duration))
          .setAudioDurationSeconds(duration)
          .build());
      responses.onCompleted();
    }

    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
        StreamObserver<StreamingRecognizeResponse> responseObserver) {
      var responses = (ServerCallStreamObserver<StreamingRecognizeResponse>) responseObserver;
      if (holdFlow) {
        responses.disableAutoRequest();
        responses.request(1);
        heldStream = responses;
      }
      if (failWith != null) {
        responses.onError(failWith.asRuntimeException());
        return new IgnoringObserver();
      }
      return new StreamObserver<>() {
        private long bytes;
        private boolean failed;

        @Override
        public void onNext(StreamingRecognizeRequest request) {
          if (request.hasStreamingConfig()) {
            streamConfig.set(request.getStreamingConfig());
            return;
          }
          if (failed) {
            return;
          }
          chunks.add(request.getAudioContent());
          if (failOnAudio != null) {
            failed = true;
            responses.onError(failOnAudio.asRuntimeException());
            return;
          }
          bytes += request.getAudioContent().size();
          StreamingRecognizeResponse.Builder response = StreamingRecognizeResponse.newBuilder()
              .setProcessedAudioSeconds(bytes / 32000.0);
          if (chunks.size() == 1) {
            response.setSpeechEventType(SpeechEventType.SPEECH_STARTED).setSpeechEventTime(0.01);
          }
          if (streamConfig.get().getInterimResults()) {
            response.addResults(result(false));
          }
          responses.onNext(response.build());
        }

        @Override
        public void onError(Throwable t) {
          streamEnd.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
          if (failed) {
            return;
          }
          List<StreamingRecognizeResponse> answer = halfCloseAnswer != null ? halfCloseAnswer
              : List.of(StreamingRecognizeResponse.newBuilder()
                  .addResults(result(true))
                  .setSpeechEventType(SpeechEventType.END_OF_UTTERANCE)
                  .setSpeechEventTime(bytes / 32000.0)
                  .build());
          answer.forEach(responses::onNext);
          responses.onCompleted();
          streamEnd.complete(Status.OK);
        }

        private StreamingRecognitionResult result(boolean isFinal) {
          return StreamingRecognitionResult.newBuilder()
              .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(textFor(bytes)))
              .setIsFinal(isFinal)
              .setStability(isFinal ? 0f : 0.5f)
              .setEndTime(bytes / 32000.0)
              .build();
        }
      };
    }
  }

  private static final class IgnoringObserver implements StreamObserver<StreamingRecognizeRequest> {
    @Override
    public void onNext(StreamingRecognizeRequest request) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
