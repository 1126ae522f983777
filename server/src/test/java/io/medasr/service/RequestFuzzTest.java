package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.Endpointing;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.audio.InvalidAudioException;
import io.medasr.engine.RecognitionEngine;
import io.medasr.metrics.ServerMetrics;
import io.medasr.server.ServerConfig;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fuzz tests of what a client controls: the request's config and the requests of both RPCs, through the real
 * service and engine (tiny model, over an in-process transport). Whatever arrives, the call ends with a status a
 * client can act on, with a message, and never with UNKNOWN or INTERNAL (a crash). Regression inputs in
 * src/test/resources/io/medasr/service/RequestFuzzTestInputs; fuzzing: docs/fuzzing.md.
 */
class RequestFuzzTest {
  /** Statuses a request of its own can cause (RESOURCE_EXHAUSTED: a message or audio over a limit). */
  private static final Set<Status.Code> CLEAR = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.OUT_OF_RANGE);
  /**
   * Short audio keeps an execution to one small decode: no temperature fallback (the tiny random model's text always
   * looks like a failure, and six decodes of it per request test nothing the client controls) and a shortened
   * audio context (a window of the audio's frames, whose decode is capped at a few tokens, instead of 30 s and up to
   * 224 tokens): 280 executions a second instead of 50-90.
   */
  private static final int MAX_AUDIO_BYTES = 4000;
  private static final Service SERVICE = new Service();

  /** One server for every execution: fuzzing runs millions of them in one JVM. */
  private static final class Service {
    final ServerConfig config = TestServers.config("--decoders", "1", "--max-streams", "4", "--max-audio-seconds",
        "1", "--lexicon", "none", "--stream-keep-up", "false", "--temperature-fallback", "false",
        "--short-context", "true");
    final RecognitionEngine engine;
    final ManagedChannel channel;

    Service() {
      try {
        engine = TestServers.engine(config);
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder.forName(name).addService(new RecognizerService(engine, config, new ServerMetrics()))
            .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Any config is taken, or refused as an invalid request or invalid audio; so is any endpointing. */
  @FuzzTest(maxDuration = "24h")
  void anyConfigIsTakenOrRefusedAsInvalid(FuzzedDataProvider data) {
    try {
      Endpointing endpointing = Endpointing.parseFrom(data.consumeBytes(data.consumeInt(0, 64)));
      RecognitionConfig config = RecognitionConfig.parseFrom(data.consumeRemainingAsBytes());
      CallSettings.endpointing(endpointing);
      CallSettings.from(config, SERVICE.engine, SERVICE.config);
    } catch (InvalidProtocolBufferException | InvalidRequestException | InvalidAudioException expected) {
      // not a protobuf message, or refused with a message for the client
    }
  }

  /** Any unary request ends with a clear status. */
  @FuzzTest(maxDuration = "24h")
  void anyRecognizeRequestEndsWithAClearStatus(FuzzedDataProvider data) {
    RecognitionConfig config;
    try {
      config = RecognitionConfig.parseFrom(data.consumeBytes(data.consumeInt(0, 200)));
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    RecognizeRequest request = RecognizeRequest.newBuilder().setConfig(config)
        .setAudioContent(ByteString.copyFrom(data.consumeBytes(MAX_AUDIO_BYTES))).build();
    try {
      RecognizerGrpc.newBlockingStub(SERVICE.channel).withDeadlineAfter(60, TimeUnit.SECONDS).recognize(request);
    } catch (StatusRuntimeException e) {
      assertClear(e.getStatus());
    }
  }

  /** Any sequence of stream requests (configs, audio, phrase updates, empty ones) ends with a clear status. */
  @FuzzTest(maxDuration = "24h")
  void anyStreamEndsWithAClearStatus(FuzzedDataProvider data) throws InterruptedException {
    StreamCollector collector = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> requests =
        RecognizerGrpc.newStub(SERVICE.channel).withDeadlineAfter(60, TimeUnit.SECONDS).streamingRecognize(collector);
    int messages = data.consumeInt(0, 8);
    int audioBytes = 0;
    for (int i = 0; i < messages; i++) {
      byte[] message = data.consumeBytes(data.consumeInt(0, 1200));
      try {
        StreamingRecognizeRequest request = StreamingRecognizeRequest.parseFrom(message);
        audioBytes += request.getAudioContent().size();
        if (audioBytes > MAX_AUDIO_BYTES) {
          break;
        }
        requests.onNext(request);
      } catch (InvalidProtocolBufferException e) {
        // the transport would not deliver it either
      }
    }
    if (data.consumeBoolean()) {
      requests.onCompleted();
    } else {
      requests.onError(Status.CANCELLED.asRuntimeException()); // the client goes away
    }
    Status status = collector.await();
    if (status.getCode() != Status.Code.CANCELLED) {
      assertClear(status);
    }
  }

  private static void assertClear(Status status) {
    assertTrue(CLEAR.contains(status.getCode()), status.toString());
    if (!status.isOk()) {
      assertFalse(status.getDescription() == null || status.getDescription().isBlank(), status.toString());
    }
  }
}
