package io.medasr.stress;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What both stress tools share: speech clips as LINEAR16, and one StreamingRecognize call seen from the client. */
final class StressStreams {
  static final int SAMPLE_RATE = 16_000;
  /** 100 ms of 16-bit mono audio per request, about what a live microphone client sends. */
  static final int CHUNK_BYTES = SAMPLE_RATE * 2 / 10;
  private static final long CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** Keeps a large manifest from filling the heap: the tools need variety, not the whole set. */
  private static final int MAX_CLIPS = 200;

  private StressStreams() {}

  /** One clip of a manifest, as 16 kHz 16-bit little-endian mono PCM. */
  record Clip(String id, byte[] linear16) {
    double seconds() {
      return linear16.length / 2.0 / SAMPLE_RATE;
    }

    int chunks() {
      return (linear16.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }
  }

  /** The first {@value #MAX_CLIPS} clips of a speech manifest (JSON lines with "id" and "audio"). */
  static List<Clip> loadClips(Path manifest) throws IOException, InvalidAudioException, AudioLimitExceededException {
    List<Clip> clips = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      if (line.isBlank() || clips.size() == MAX_CLIPS) {
        continue;
      }
      var entry = JsonParser.parseString(line).getAsJsonObject();
      float[] samples = AudioDecoders.readFile(manifest.resolveSibling(entry.get("audio").getAsString()));
      clips.add(new Clip(entry.get("id").getAsString(), linear16(samples)));
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException(manifest + " lists no clips");
    }
    return clips;
  }

  private static byte[] linear16(float[] samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float sample : samples) {
      bytes.putShort((short) Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767));
    }
    return bytes.array();
  }

  static ManagedChannel channel(String host, int port) {
    return NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
  }

  /** How the server's own UNAVAILABLE descriptions begin (engine refusals and cancellations at shutdown). */
  private static final String SERVER_SHUTTING_DOWN = "the server is shutting down";

  /** How a call ended. {@code status} is null when no status came before the deadline. */
  record Outcome(Status status, int finals, int interims) {
    boolean isOk() {
      return status != null && status.isOk();
    }

    /**
     * Whether the call died with its connection instead of getting a status the server chose. The service
     * answers UNAVAILABLE only while shutting down, with a description that says so; any other UNAVAILABLE
     * (connection reset, GOAWAY, "Network closed"), an I/O exception or a bare RST_STREAM is a transport failure.
     * A connection refused is not: the call never reached a server (it was started after the listener closed).
     */
    boolean isReset() {
      if (status == null) {
        return true;
      }
      if (status.getCause() instanceof ConnectException) {
        return false;
      }
      String description = String.valueOf(status.getDescription());
      return (status.getCode() == Status.Code.UNAVAILABLE && !description.startsWith(SERVER_SHUTTING_DOWN))
          || status.getCause() instanceof IOException
          || description.startsWith("RST_STREAM");
    }

    String describe() {
      if (status == null) {
        return "reset: no status at all";
      }
      if (isOk()) {
        return "OK " + finals + " finals";
      }
      return (isReset() ? "reset: " : "") + status.getCode() + " \"" + status.getDescription() + "\"";
    }
  }

  /**
   * One StreamingRecognize call with LINEAR16 16 kHz audio. Meant to be driven by one thread (gRPC request
   * observers are not thread-safe); responses arrive on gRPC's threads.
   */
  static final class Call
      implements ClientResponseObserver<StreamingRecognizeRequest, StreamingRecognizeResponse> {
    /** Opened by the first response or by the end of the call, whichever comes first. */
    private final CountDownLatch firstResponseOrEnd = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicInteger finals = new AtomicInteger();
    private final AtomicInteger interims = new AtomicInteger();
    private volatile Status status;
    private ClientCallStreamObserver<StreamingRecognizeRequest> requests;
    /** How long the client takes to read each response: a slow reader holds the server back by flow control. */
    private final long readDelayMillis;

    private Call(long readDelayMillis) {
      this.readDelayMillis = readDelayMillis;
    }

    /** Starts a call on {@code channel} and sends its streaming_config. */
    static Call open(Channel channel, boolean interimResults) {
      return open(channel, interimResults, 0);
    }

    /** As {@link #open(Channel, boolean)}, reading each response {@code readDelayMillis} late. */
    static Call open(Channel channel, boolean interimResults, long readDelayMillis) {
      Call call = new Call(readDelayMillis);
      RecognizerGrpc.newStub(channel).streamingRecognize(call);
      call.requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(
          StreamingRecognitionConfig.newBuilder().setInterimResults(interimResults).setConfig(
              RecognitionConfig.newBuilder().setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(SAMPLE_RATE)))
          .build());
      return call;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamingRecognizeRequest> requestStream) {
      requests = requestStream;
      if (readDelayMillis > 0) {
        requestStream.disableAutoRequestWithInitial(1); // the next response is asked for only once this one is read
      }
    }

    @Override
    public void onNext(StreamingRecognizeResponse response) {
      for (StreamingRecognitionResult result : response.getResultsList()) {
        (result.getIsFinal() ? finals : interims).incrementAndGet();
      }
      if (readDelayMillis > 0) {
        try {
          Thread.sleep(readDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        requests.request(1);
      }
      firstResponseOrEnd.countDown();
    }

    @Override
    public void onError(Throwable t) {
      status = Status.fromThrowable(t);
      ended.countDown();
      firstResponseOrEnd.countDown();
    }

    @Override
    public void onCompleted() {
      status = Status.OK;
      ended.countDown();
      firstResponseOrEnd.countDown();
    }

    boolean hasEnded() {
      return ended.getCount() == 0;
    }

    /**
     * Sends the clip's first {@code maxChunks} 100 ms chunks, at real-time pace (chunk i leaves at i × 100 ms)
     * or as fast as gRPC takes them. Stops early once the call has ended or at {@code deadlineNanos}.
     *
     * @return the number of chunks sent
     */
    int sendAudio(Clip clip, int maxChunks, boolean realTime, long deadlineNanos) throws InterruptedException {
      long start = System.nanoTime();
      int limit = Math.min(maxChunks, clip.chunks());
      for (int chunk = 0; chunk < limit; chunk++) {
        if (realTime) {
          sleepUntil(Math.min(start + chunk * CHUNK_NANOS, deadlineNanos));
        }
        if (hasEnded() || System.nanoTime() >= deadlineNanos) {
          return chunk;
        }
        int offset = chunk * CHUNK_BYTES;
        requests.onNext(StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(
            clip.linear16(), offset, Math.min(CHUNK_BYTES, clip.linear16().length - offset))).build());
      }
      return limit;
    }

    /** Tells the server the audio is complete, unless the call is already over. */
    void halfClose() {
      if (!hasEnded()) {
        requests.onCompleted();
      }
    }

    void cancel(String why) {
      requests.cancel(why, null);
    }

    /**
     * Waits for the first response (interim or final) or the end of the call; true when a response came and the
     * call is still open.
     */
    boolean awaitFirstResponse(long deadlineNanos) throws InterruptedException {
      firstResponseOrEnd.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return !hasEnded() && finals.get() + interims.get() > 0;
    }

    /** Waits for the call's end; a call still open at the deadline is cancelled and has no status. */
    Outcome awaitEnd(long deadlineNanos) throws InterruptedException {
      boolean done = ended.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      Status ending = done ? status : null;
      if (!done) {
        cancel("stress tool: no status before the deadline");
      }
      return new Outcome(ending, finals.get(), interims.get());
    }
  }

  static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
