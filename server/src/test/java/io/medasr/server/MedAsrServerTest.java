package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestAssets;
import io.medasr.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Netty server on a loopback port: API keys, health checking, reflection, shutdown. */
class MedAsrServerTest {
  private static final RecognitionConfig LINEAR16 = RecognitionConfig.newBuilder()
      .setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(16000).build();

  /** Opens a stream with interim results and 2 s of audio, and waits for its first answer: it holds a slot. */
  private static StreamObserver<StreamingRecognizeRequest> admittedStream(RecognizerGrpc.RecognizerStub stub,
      StreamCollector collector) throws InterruptedException {
    StreamObserver<StreamingRecognizeRequest> stream = stub.streamingRecognize(collector);
    stream.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
        .setConfig(LINEAR16).setInterimResults(true)).build());
    stream.onNext(StreamingRecognizeRequest.newBuilder()
        .setAudioContent(ByteString.copyFrom(TestAssets.linear16(TestAssets.syntheticAudio(2)))).build());
    assertTrue(collector.awaitFirstResponse(60), "the stream was not admitted");
    return stream;
  }

  @Test
  void servesWithKeysHealthAndReflection() throws Exception {
    ServerConfig config = TestServers.config("--max-streams", "2", "--max-audio-seconds", "60", "--api-keys", "k1,k2");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus());
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
          .check(HealthCheckRequest.newBuilder().setService(RecognizerGrpc.SERVICE_NAME).build()).getStatus());
      assertTrue(listedServices(channel).contains(RecognizerGrpc.SERVICE_NAME));

      RecognizeRequest request = RecognizeRequest.newBuilder()
          .setConfig(LINEAR16)
          .setAudioContent(ByteString.copyFrom(new byte[32000])).build();
      StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
          () -> RecognizerGrpc.newBlockingStub(channel).recognize(request));
      assertEquals(Status.Code.UNAUTHENTICATED, missing.getStatus().getCode());
      assertEquals("missing API key: send metadata 'authorization: Bearer <key>'",
          missing.getStatus().getDescription());
      StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
          () -> withKey(channel, "k3").recognize(request));
      assertEquals("invalid API key", wrong.getStatus().getDescription());
      assertEquals(1.0, withKey(channel, "k2").recognize(request).getAudioDurationSeconds(), 1e-9);
      assertEquals(1.0, withAuthorization(channel, "bearer k1").recognize(request).getAudioDurationSeconds(), 1e-9);
    } finally {
      channel.shutdownNow();
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  private static RecognizerGrpc.RecognizerBlockingStub withKey(ManagedChannel channel, String key) {
    return withAuthorization(channel, "Bearer " + key);
  }

  private static RecognizerGrpc.RecognizerBlockingStub withAuthorization(ManagedChannel channel, String value) {
    return RecognizerGrpc.newBlockingStub(channel).withInterceptors(TestServers.authorization(value));
  }


  @Test
  void eachApiKeyMayHoldOnlyItsShareOfTheSlots() throws Exception {
    ServerConfig config = TestServers.config("--api-keys", "k1,k2", "--max-streams-per-client", "1");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      assertKeyOneIsRefusedWhileItHoldsAStreamAndKeyTwoIsServed(channel,
          "API key 1 has 1 calls in progress, this server's limit per client; retry later");
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  @Test
  void namedKeysFromAFileKeepTheirOwnLimitsAndReflectionCanBeTurnedOff(@TempDir Path dir) throws Exception {
    Path keys = Files.writeString(dir.resolve("keys"), "# name key max-calls\nward-3 k1 1\nradiology\tk2\n");
    ServerConfig config = TestServers.config("--api-keys-file", keys.toString(), "--max-streams", "3",
        "--reflection=false");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      StatusRuntimeException noReflection = assertThrows(StatusRuntimeException.class, () -> listedServices(channel));
      assertEquals(Status.Code.UNIMPLEMENTED, noReflection.getStatus().getCode());

      // a key without its own limit has the server's (here: all 3 slots)
      assertKeyOneIsRefusedWhileItHoldsAStreamAndKeyTwoIsServed(channel,
          "ward-3 has 1 calls in progress, its own limit; retry later");
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  @Test
  void aChangedKeysFileTakesEffectForNewCallsAndAnUnusableOneLeavesTheKeysInUse(@TempDir Path dir)
      throws Exception {
    Path keys = Files.writeString(dir.resolve("keys"), "ward-3 k1\n");
    ServerConfig config = TestServers.config("--api-keys-file", keys.toString());
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    RecognizeRequest request = RecognizeRequest.newBuilder().setConfig(LINEAR16)
        .setAudioContent(ByteString.copyFrom(new byte[32000])).build();
    try {
      assertFalse(server.reloadApiKeysIfChanged(), "the file has not changed");
      assertEquals(1.0, withKey(channel, "k1").recognize(request).getAudioDurationSeconds(), 1e-9);

      Files.writeString(keys, "ward-4 k2\n"); // k1 revoked, k2 added
      assertTrue(server.reloadApiKeysIfChanged());
      StatusRuntimeException revoked = assertThrows(StatusRuntimeException.class,
          () -> withKey(channel, "k1").recognize(request));
      assertEquals("invalid API key", revoked.getStatus().getDescription());
      assertEquals(1.0, withKey(channel, "k2").recognize(request).getAudioDurationSeconds(), 1e-9);

      for (String unusable : List.of("ward-4\n", "# every key removed\n")) {
        Files.writeString(keys, unusable);
        assertFalse(server.reloadApiKeysIfChanged(), unusable);
        assertEquals(1.0, withKey(channel, "k2").recognize(request).getAudioDurationSeconds(), 1e-9);
      }
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  /**
   * While key k1 holds a stream, a unary call with k1 is refused RESOURCE_EXHAUSTED with {@code refusal} and one
   * with k2 is served; then the stream ends OK.
   */
  private static void assertKeyOneIsRefusedWhileItHoldsAStreamAndKeyTwoIsServed(ManagedChannel channel,
      String refusal) throws Exception {
    StreamCollector holding = new StreamCollector();
    StreamObserver<StreamingRecognizeRequest> stream =
        admittedStream(RecognizerGrpc.newStub(channel).withInterceptors(TestServers.authorization("Bearer k1")),
            holding);
    RecognizeRequest request = RecognizeRequest.newBuilder().setConfig(LINEAR16)
        .setAudioContent(ByteString.copyFrom(new byte[32000])).build();
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> withKey(channel, "k1").recognize(request));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
    assertEquals(refusal, refused.getStatus().getDescription());
    assertEquals(1.0, withKey(channel, "k2").recognize(request).getAudioDurationSeconds(), 1e-9);
    stream.onCompleted();
    assertEquals(Status.Code.OK, holding.await().getCode());
  }

  private static List<String> listedServices(ManagedChannel channel) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
        new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            answer.complete(response);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    try {
      return answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
          .map(s -> s.getName()).toList();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StatusRuntimeException refused ? refused : e;
    }
  }

  @Test
  void shutdownRefusesNewCalls() throws Exception {
    ServerConfig config = TestServers.config("--max-streams", "2", "--max-audio-seconds", "60");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    int port = server.port();
    server.shutdown(Duration.ofSeconds(5));
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> HealthGrpc
          .newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aMessageOverTheConfiguredSizeIsResourceExhausted() throws Exception {
    ServerConfig config = TestServers.config("--max-message-bytes", "65536");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class, () -> RecognizerGrpc
          .newBlockingStub(channel).recognize(RecognizeRequest.newBuilder().setConfig(LINEAR16)
              .setAudioContent(ByteString.copyFrom(new byte[70_000])).build()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooBig.getStatus().getCode());
      assertTrue(tooBig.getStatus().getDescription().contains("exceeds maximum size 65536"),
          tooBig.getStatus().getDescription());
      assertEquals(1.0, RecognizerGrpc.newBlockingStub(channel).recognize(RecognizeRequest.newBuilder()
          .setConfig(LINEAR16).setAudioContent(ByteString.copyFrom(new byte[32_000])).build())
          .getAudioDurationSeconds(), 1e-9);
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  @Test
  void duringTheDrainHealthSaysNotServingNewCallsAreRefusedAndRunningOnesFinish() throws Exception {
    ServerConfig config = TestServers.config("--shutdown-grace", "120");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      StreamCollector running = new StreamCollector();
      StreamObserver<StreamingRecognizeRequest> stream = admittedStream(RecognizerGrpc.newStub(channel), running);

      CountDownLatch notServing = watchForNotServing(channel);
      CompletableFuture<Void> shutdown = closeInBackground(server);
      assertTrue(notServing.await(60, TimeUnit.SECONDS));
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> RecognizerGrpc
          .newBlockingStub(channel).recognize(RecognizeRequest.newBuilder().setConfig(LINEAR16)
              .setAudioContent(ByteString.copyFrom(new byte[32000])).build()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
      assertEquals("the server is shutting down; retry on another server", refused.getStatus().getDescription());

      stream.onCompleted();
      assertEquals(Status.Code.OK, running.await().getCode());
      assertFalse(running.finalTranscripts().isEmpty());
      shutdown.get(60, TimeUnit.SECONDS);
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  @Test
  void theHealthPortAnswersHealthAloneWithoutAKeyAndSaysNotServingWhileDraining() throws Exception {
    ServerConfig config = TestServers.config("--api-keys", "k1", "--health-port", "0", "--shutdown-grace", "120");
    MedAsrServer server = MedAsrServer.start(TestServers.engine(config), config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    ManagedChannel probe = NettyChannelBuilder.forAddress("127.0.0.1", server.healthPort()).usePlaintext().build();
    try {
      assertNotEquals(server.port(), server.healthPort());
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(probe)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus());
      StatusRuntimeException notThere = assertThrows(StatusRuntimeException.class, () -> RecognizerGrpc
          .newBlockingStub(probe).withInterceptors(TestServers.authorization("Bearer k1"))
          .recognize(RecognizeRequest.newBuilder().setConfig(LINEAR16)
              .setAudioContent(ByteString.copyFrom(new byte[32000])).build()));
      assertEquals(Status.Code.UNIMPLEMENTED, notThere.getStatus().getCode());

      StreamCollector running = new StreamCollector();
      StreamObserver<StreamingRecognizeRequest> stream = admittedStream(
          RecognizerGrpc.newStub(channel).withInterceptors(TestServers.authorization("Bearer k1")), running);
      CountDownLatch notServing = watchForNotServing(probe);
      CompletableFuture<Void> shutdown = closeInBackground(server);
      assertTrue(notServing.await(60, TimeUnit.SECONDS));
      assertEquals(ServingStatus.NOT_SERVING, HealthGrpc.newBlockingStub(probe)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus());
      stream.onCompleted();
      assertEquals(Status.Code.OK, running.await().getCode());
      shutdown.get(60, TimeUnit.SECONDS);
    } finally {
      channel.shutdownNow();
      probe.shutdownNow();
      server.close();
    }
  }

  /** Counts down once the server's overall health turns NOT_SERVING. */
  private static CountDownLatch watchForNotServing(ManagedChannel channel) {
    CountDownLatch notServing = new CountDownLatch(1);
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
      @Override
      public void onNext(HealthCheckResponse response) {
        if (response.getStatus() == ServingStatus.NOT_SERVING) {
          notServing.countDown();
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    return notServing;
  }

  private static CompletableFuture<Void> closeInBackground(MedAsrServer server) {
    return CompletableFuture.runAsync(() -> {
      try {
        server.close();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
