package io.medasr.client;

import static io.medasr.client.InProcessRecognizer.textFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingRecognitionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final RecognitionOptions PCM = RecognitionOptions.builder()
      .encoding(AudioEncoding.LINEAR16).sampleRateHz(16000).build();

  private InProcessRecognizer server;
  private MedAsrClient client;

  @BeforeEach
  void start() throws IOException {
    server = new InProcessRecognizer();
    client = MedAsrClient.builder().channel(server.channel()).apiKey("stream-key").build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void chunksArriveInOrderAndHalfCloseCompletesWithTheFinalResult() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream = client.stream(PCM, listener);
    List<ByteString> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] chunk = new byte[100 + i];
      chunk[0] = (byte) i;
      sent.add(ByteString.copyFrom(chunk));
      if (i % 2 == 0) {
        stream.send(chunk);
      } else {
        stream.send(ByteBuffer.wrap(chunk));
      }
    }
    stream.halfClose();
    assertTrue(stream.awaitCompletion(WAIT));

    assertEquals(sent, server.chunks);
    assertEquals(Status.OK, server.streamEnd.get(10, TimeUnit.SECONDS));
    var config = server.streamConfig.get();
    assertEquals(io.medasr.api.v1.AudioEncoding.LINEAR16, config.getConfig().getEncoding());
    assertTrue(config.getInterimResults());
    assertFalse(config.getSingleUtterance());
    assertEquals("Bearer stream-key", server.lastHeaders.get().get(MedAsrClient.AUTHORIZATION));

    long total = sent.stream().mapToLong(ByteString::size).sum();
    List<String> events = listener.events;
    assertEquals(List.of("event: SPEECH_STARTED", "interim: " + textFor(100)), events.subList(0, 2));
    assertEquals(List.of("final: " + textFor(total), "event: END_OF_UTTERANCE", "complete"),
        events.subList(events.size() - 3, events.size()));
    assertEquals(50, events.stream().filter(e -> e.startsWith("interim")).count());
  }

  @Test
  void noInterimsWhenTheyAreTurnedOffAndSingleUtteranceIsSent() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream = client.stream(
        PCM.toBuilder().interimResults(false).singleUtterance(true).build(), listener);
    stream.send(new byte[320]);
    stream.halfClose();
    stream.awaitCompletion();
    assertEquals(List.of("event: SPEECH_STARTED", "final: " + textFor(320), "event: END_OF_UTTERANCE",
        "complete"), listener.events);
    assertTrue(server.streamConfig.get().getSingleUtterance());
  }

  @Test
  void speechEventsCarryTheirStreamTimeAndEachResponseTheAudioProcessed() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    RecognitionListener timed = new RecognitionListener() {
      @Override
      public void onInterim(Result result) {}

      @Override
      public void onFinal(Result result) {}

      @Override
      public void onError(MedAsrException error) {}

      @Override
      public void onComplete() {}

      @Override
      public void onSpeechEvent(SpeechEvent event, double streamSeconds) {
        calls.add(event + " at " + streamSeconds);
      }

      @Override
      public void onAudioProcessed(double processedAudioSeconds) {
        calls.add("processed " + processedAudioSeconds);
      }
    };
    StreamingRecognition stream = client.stream(PCM, timed);
    stream.send(new byte[3200]);
    stream.send(new byte[3200]);
    stream.halfClose();
    assertTrue(stream.awaitCompletion(WAIT));
    // The fake's half-close answer carries no processed count, so it reports none.
    assertEquals(List.of("SPEECH_STARTED at 0.01", "processed 0.1", "processed 0.2", "END_OF_UTTERANCE at 0.2"),
        calls);
  }

  @Test
  void aListenerWithoutTheTimedOverloadStillReceivesEveryEvent() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream = client.stream(PCM, listener);
    stream.send(new byte[320]);
    stream.halfClose();
    assertTrue(stream.awaitCompletion(WAIT));
    assertEquals(List.of("event: SPEECH_STARTED", "event: END_OF_UTTERANCE"),
        listener.events.stream().filter(e -> e.startsWith("event")).toList());
  }

  @Test
  void sendAfterHalfCloseIsRefused() throws Exception {
    StreamingRecognition stream = client.stream(PCM, new RecordingListener());
    stream.halfClose();
    stream.halfClose();
    assertThrows(IllegalStateException.class, () -> stream.send(new byte[2]));
    assertTrue(stream.awaitCompletion(WAIT));
  }

  @Test
  void cancelPropagatesCancelledToTheServerAndTheListener() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream = client.stream(PCM, listener);
    stream.send(new byte[640]);
    stream.cancel();

    assertEquals(Status.Code.CANCELLED, server.streamEnd.get(10, TimeUnit.SECONDS).getCode());
    var thrown = assertThrows(MedAsrException.class, () -> stream.awaitCompletion(WAIT));
    assertEquals(MedAsrStatus.CANCELLED, thrown.status());
    assertSame(thrown, listener.error);
    assertEquals("error: CANCELLED", listener.events.get(listener.events.size() - 1));
    assertThrows(MedAsrException.class, () -> stream.send(new byte[2]));
    stream.cancel();
  }

  @Test
  void closingAStreamThatWasNotHalfClosedCancelsIt() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream;
    try (StreamingRecognition open = client.stream(PCM, listener)) {
      stream = open;
      open.send(new byte[640]);
    }

    assertEquals(Status.Code.CANCELLED, server.streamEnd.get(10, TimeUnit.SECONDS).getCode());
    assertEquals(MedAsrStatus.CANCELLED,
        assertThrows(MedAsrException.class, () -> stream.awaitCompletion(WAIT)).status());
  }

  @Test
  void closingAHalfClosedStreamLetsItFinish() throws Exception {
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream;
    try (StreamingRecognition open = client.stream(PCM, listener)) {
      stream = open;
      open.send(new byte[640]);
      open.halfClose();
    }

    assertTrue(stream.awaitCompletion(WAIT));
    assertEquals(Status.Code.OK, server.streamEnd.get(10, TimeUnit.SECONDS).getCode());
  }

  @Test
  void serverFailureReachesTheListenerAsATypedException() throws Exception {
    server.failWith = Status.RESOURCE_EXHAUSTED.withDescription("too many concurrent streams (4)");
    RecordingListener listener = new RecordingListener();
    StreamingRecognition stream = client.stream(PCM, listener);
    var thrown = assertThrows(ResourceExhaustedException.class, () -> stream.awaitCompletion(WAIT));
    assertEquals("too many concurrent streams (4)", thrown.description());
    assertEquals(List.of("error: RESOURCE_EXHAUSTED"), listener.events);
    assertThrows(ResourceExhaustedException.class, () -> stream.send(new byte[2]));
  }

  @Test
  void streamDeadlineEndsTheStreamWithDeadlineExceeded() throws Exception {
    try (MedAsrClient withDeadline = MedAsrClient.builder().channel(server.channel())
        .streamDeadline(Duration.ofMillis(200)).build()) {
      RecordingListener listener = new RecordingListener();
      StreamingRecognition stream = withDeadline.stream(PCM, listener);
      stream.send(new byte[10]);
      assertThrows(DeadlineExceededException.class, () -> stream.awaitCompletion(WAIT));
      assertEquals(MedAsrStatus.DEADLINE_EXCEEDED, listener.error.status());
    }
  }

  @Test
  void slowInProcessServerBlocksTheSenderInsteadOfBuffering() throws Exception {
    server.holdFlow = true;
    StreamingRecognition stream = client.stream(PCM, new RecordingListener());
    BlockedSender sender = new BlockedSender(stream, 4096, 200);
    sender.start();

    sender.awaitBlocked();
    // The in-process transport is ready only while the server has asked for messages: none after the config.
    assertTrue(sender.acceptedBytes.get() <= 4096, "accepted " + sender.acceptedBytes.get() + " bytes");
    assertTrue(server.chunks.isEmpty());

    server.releaseFlow();
    sender.join(WAIT.toMillis());
    assertFalse(sender.isAlive());
    stream.halfClose();
    assertTrue(stream.awaitCompletion(WAIT));
    assertEquals(200, server.chunks.size());
  }

  @Test
  void cancelWakesASenderBlockedInFlowControl() throws Exception {
    server.holdFlow = true;
    StreamingRecognition stream = client.stream(PCM, new RecordingListener());
    BlockedSender sender = new BlockedSender(stream, 4096, 10);
    sender.start();
    sender.awaitBlocked();
    stream.cancel();
    sender.join(WAIT.toMillis());
    assertFalse(sender.isAlive());
    assertEquals(MedAsrStatus.CANCELLED, ((MedAsrException) sender.failure).status());
  }

  /**
   * Over a real HTTP/2 connection, a server that reads nothing lets the client hand over only what fits in
   * the connection's flow-control window and gRPC's small send buffer, never the whole audio.
   */
  @Test
  void slowNettyServerBoundsWhatTheClientBuffers() throws Exception {
    CountDownLatch configured = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong received = new AtomicLong();
    Server netty = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new HoldingRecognizer(configured, release, received))
        .build()
        .start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", netty.getPort(), InsecureChannelCredentials.create()).build();
    try (MedAsrClient networkClient = MedAsrClient.builder().channel(channel).build()) {
      int chunkBytes = 32 * 1024;
      int chunks = 512; // 16 MiB of audio in all
      StreamingRecognition stream = networkClient.stream(PCM, new RecordingListener());
      BlockedSender sender = new BlockedSender(stream, chunkBytes, chunks);
      sender.start();
      assertTrue(configured.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      sender.awaitBlocked();
      long bufferedBytes = sender.acceptedBytes.get();
      assertTrue(bufferedBytes <= 2L * 1024 * 1024,
          "client accepted " + bufferedBytes + " bytes while the server read nothing");
      assertTrue(sender.isAlive());
      System.out.printf("flow control: client accepted %d KiB of 16384 KiB before blocking%n",
          bufferedBytes / 1024);

      release.countDown();
      sender.join(WAIT.toMillis());
      assertFalse(sender.isAlive());
      stream.halfClose();
      assertTrue(stream.awaitCompletion(WAIT));
      assertEquals((long) chunkBytes * chunks, received.get());
    } finally {
      channel.shutdownNow();
      netty.shutdownNow();
    }
  }

  /** Sends equal chunks from its own thread, counting the bytes {@code send} accepted. */
  private static final class BlockedSender extends Thread {
    final AtomicLong acceptedBytes = new AtomicLong();
    private final StreamingRecognition stream;
    private final int chunkBytes;
    private final int chunks;
    volatile Exception failure;

    BlockedSender(StreamingRecognition stream, int chunkBytes, int chunks) {
      this.stream = stream;
      this.chunkBytes = chunkBytes;
      this.chunks = chunks;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        for (int i = 0; i < chunks; i++) {
          stream.send(new byte[chunkBytes]);
          acceptedBytes.addAndGet(chunkBytes);
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Waits until the sender has made no progress for 300 ms: blocked in flow control. */
    void awaitBlocked() throws InterruptedException {
      long last = -1;
      int stillPolls = 0;
      while (stillPolls < 3) {
        Thread.sleep(100);
        assertTrue(isAlive(), "the sender finished without being held back");
        long now = acceptedBytes.get();
        stillPolls = now == last && getState() == State.WAITING ? stillPolls + 1 : 0;
        last = now;
      }
    }
  }

  /** Reads the config, then nothing until released; then reads everything and completes on half-close. */
  private static final class HoldingRecognizer extends RecognizerGrpc.RecognizerImplBase {
    private final CountDownLatch configured;
    private final CountDownLatch release;
    private final AtomicLong received;

    HoldingRecognizer(CountDownLatch configured, CountDownLatch release, AtomicLong received) {
      this.configured = configured;
      this.release = release;
      this.received = received;
    }

    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
        StreamObserver<StreamingRecognizeResponse> responseObserver) {
      var responses = (ServerCallStreamObserver<StreamingRecognizeResponse>) responseObserver;
      responses.disableAutoRequest();
      responses.request(1);
      Thread releaser = new Thread(() -> {
        try {
          release.await();
          responses.request(Integer.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      releaser.setDaemon(true);
      releaser.start();
      return new StreamObserver<>() {
        @Override
        public void onNext(StreamingRecognizeRequest request) {
          configured.countDown();
          received.addAndGet(request.getAudioContent().size());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }
}
