package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.engine.RecognitionEngine;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestAssets;
import io.medasr.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Shutdown started at a random moment while streams and a unary call are decoding, 50 times, each time on a
 * fresh server, engine and model. Before the engine owned every decode, closing the model under a running
 * decode crashed the JVM with SIGSEGV in ONNX Runtime, which would kill this test run.
 */
class ShutdownUnderLoadTest {
  private static final long WAIT_SECONDS = 120;
  private static final int STREAMS = 3;
  private static final int CHUNKS = 24;
  private static final double CHUNK_SECONDS = 0.5;
  private static final byte[] UNARY_AUDIO = TestAssets.linear16(TestAssets.syntheticAudio(5));
  /** Grace periods drawn per round: cancel everything at once, cancel mid-way, or let every call finish. */
  private static final String[] GRACE_SECONDS = {"0", "0.3", "300"};

  private static final RecognitionConfig LINEAR16 = RecognitionConfig.newBuilder()
      .setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(16000).build();

  @RepeatedTest(50)
  void shutdownAtARandomMomentEndsEveryCallWithItsResultsOrAStatus(RepetitionInfo round) throws Exception {
    Random random = new Random(round.getCurrentRepetition());
    String grace = GRACE_SECONDS[random.nextInt(GRACE_SECONDS.length)];
    ServerConfig config = TestServers.config("--max-streams", "4", "--shutdown-grace", grace);
    RecognitionEngine engine = TestServers.engine(config);
    MedAsrServer server = MedAsrServer.start(engine, config);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      CompletableFuture<Status> unary = recognize(channel);
      List<StreamCollector> streams = new ArrayList<>();
      List<StreamObserver<StreamingRecognizeRequest>> senders = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        StreamCollector collector = new StreamCollector();
        streams.add(collector);
        senders.add(open(channel, collector, i < 2));
      }
      int shutdownAtChunk = random.nextInt(CHUNKS + 1);
      CompletableFuture<Void> shutdown = null;
      float[] audio = TestAssets.syntheticAudio(CHUNKS * CHUNK_SECONDS);
      int chunkSamples = (int) (CHUNK_SECONDS * 16000);
      for (int chunk = 0; chunk <= CHUNKS; chunk++) {
        if (chunk == shutdownAtChunk) {
          shutdown = CompletableFuture.runAsync(() -> {
            try {
              server.close();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
        }
        if (chunk < CHUNKS) {
          byte[] bytes = TestAssets.linear16(Arrays.copyOfRange(audio, chunk * chunkSamples, (chunk + 1) * chunkSamples));
          for (StreamObserver<StreamingRecognizeRequest> sender : senders) {
            sender.onNext(StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(bytes)).build());
          }
        }
      }
      senders.forEach(StreamObserver::onCompleted);

      shutdown.get(WAIT_SECONDS, TimeUnit.SECONDS);
      boolean everyCallMayFinish = grace.equals("300");
      for (StreamCollector stream : streams) {
        Status status = stream.await();
        assertTrue(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE).contains(status.getCode()), status.toString());
        if (everyCallMayFinish && !stream.responses.isEmpty()) {
          assertEquals(Status.Code.OK, status.getCode(), "an admitted stream was cut off: " + status);
        }
      }
      Status unaryStatus = unary.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE).contains(unaryStatus.getCode()),
          unaryStatus.toString());
      assertEquals(RecognitionEngine.State.CLOSED, engine.state());
      assertEquals(0, engine.activeCalls());
      assertEquals(0, engine.model().liveNativeValues());
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  private static StreamObserver<StreamingRecognizeRequest> open(ManagedChannel channel, StreamCollector collector,
      boolean interim) {
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
        .setConfig(LINEAR16).setInterimResults(interim)).build());
    return requests;
  }

  private static CompletableFuture<Status> recognize(ManagedChannel channel) {
    CompletableFuture<Status> status = new CompletableFuture<>();
    RecognizerGrpc.newStub(channel).recognize(RecognizeRequest.newBuilder().setConfig(LINEAR16)
        .setAudioContent(ByteString.copyFrom(UNARY_AUDIO)).build(), new StreamObserver<RecognizeResponse>() {
          @Override
          public void onNext(RecognizeResponse response) {}

          @Override
          public void onError(Throwable t) {
            status.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            status.complete(Status.OK);
          }
        });
    return status;
  }

}
