package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.AudioEncoding;
import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.testing.StreamCollector;
import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medasr serve} in a child JVM, sent SIGTERM while a stream is being decoded. ONNX Runtime's own JVM
 * shutdown hook frees its environment as soon as the JVM starts to shut down, so a drain that ran in a shutdown
 * hook crashed the JVM (SIGSEGV in libonnxruntime.so, an hs_err file, exit 134) in every such trial; only a
 * whole JVM shows it.
 */
class MainSignalTest {
  private static final long WAIT_SECONDS = 90;
  private static final Pattern SERVING = Pattern.compile("serving model .* on port (\\d+)");
  private static final double CHUNK_SECONDS = 0.25;
  private static final int CHUNKS = 48;

  @Test
  void sigtermWhileAStreamDecodesDeliversItsFinalsAndExitsZero(@TempDir Path dir) throws Exception {
    for (int round = 0; round < 3; round++) {
      Path roundDir = Files.createDirectory(dir.resolve("round" + round));
      try (ChildServer server = ChildServer.start(roundDir)) {
        StreamCollector stream = new StreamCollector();
        StreamObserver<StreamingRecognizeRequest> requests = openStream(server.channel, stream);
        List<byte[]> chunks = chunks();
        int sent = 0;
        while (!stream.awaitFirstResponse(0) && sent < chunks.size()) {
          send(requests, chunks.get(sent++));
        }
        assertTrue(stream.awaitFirstResponse(WAIT_SECONDS), "no interim result before the audio ran out");
        server.process.destroy(); // SIGTERM, with the stream decoding and audio still to come
        while (sent < chunks.size()) {
          send(requests, chunks.get(sent++));
        }
        requests.onCompleted();

        assertEquals(Status.Code.OK, stream.await().getCode());
        assertFalse(stream.finalTranscripts().isEmpty());
        server.assertCleanExit();
        String log = server.log();
        assertTrue(log.contains("SIGTERM: shutting down"), log);
        assertTrue(log.contains("StreamingRecognize OK"), "the call finished in the grace period is logged: " + log);
        assertTrue(log.contains("stopped"), log);
      }
    }
  }

  @Test
  void sigtermRightAfterAClientCancelledMidDecodeExitsZero(@TempDir Path dir) throws Exception {
    try (ChildServer server = ChildServer.start(dir)) {
      StreamCollector stream = new StreamCollector();
      ClientCallStreamObserver<StreamingRecognizeRequest> requests =
          (ClientCallStreamObserver<StreamingRecognizeRequest>) openStream(server.channel, stream);
      for (byte[] chunk : chunks()) {
        send(requests, chunk);
      }
      assertTrue(stream.awaitFirstResponse(WAIT_SECONDS));
      requests.cancel("the client goes away", null);
      server.process.destroy();
      server.assertCleanExit();
    }
  }

  private static StreamObserver<StreamingRecognizeRequest> openStream(ManagedChannel channel,
      StreamCollector collector) {
    StreamObserver<StreamingRecognizeRequest> requests = RecognizerGrpc.newStub(channel).streamingRecognize(collector);
    requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
        .setInterimResults(true)
        .setConfig(RecognitionConfig.newBuilder().setEncoding(AudioEncoding.LINEAR16).setSampleRateHz(16000)))
        .build());
    return requests;
  }

  private static void send(StreamObserver<StreamingRecognizeRequest> requests, byte[] chunk) {
    requests.onNext(StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(chunk)).build());
  }

  private static List<byte[]> chunks() {
    float[] audio = TestAssets.syntheticAudio(CHUNKS * CHUNK_SECONDS);
    int size = (int) (CHUNK_SECONDS * 16000);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < CHUNKS; i++) {
      chunks.add(TestAssets.linear16(Arrays.copyOfRange(audio, i * size, (i + 1) * size)));
    }
    return chunks;
  }

  /**
   * {@code io.medasr.server.Main} on the tiny model in its own JVM, its working directory {@code dir}. Its output
   * goes to a file, not a pipe: the JDK closes a child's pipe when the child exits, and the last lines (the drain's)
   * would be lost to a reader still at work.
   */
  private static final class ChildServer implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    final Process process;
    final ManagedChannel channel;
    private final Path dir;
    private final Path logFile;

    private ChildServer(Process process, Path dir, Path logFile, int port) {
      this.process = process;
      this.dir = dir;
      this.logFile = logFile;
      this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static ChildServer start(Path dir) throws IOException, InterruptedException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path logFile = dir.resolve("server.log");
      Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "--port", "0", "--model", TestAssets.tinyEnglish().toString(), "--threads", "1")
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
      // The port is known only once the child prints it; waiting for a file to grow has no event to wait on.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (System.nanoTime() < deadline) {
        Matcher serving = SERVING.matcher(Files.readString(logFile));
        if (serving.find()) {
          return new ChildServer(process, dir, logFile, Integer.parseInt(serving.group(1)));
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(POLL_MILLIS);
      }
      process.destroyForcibly();
      throw new IOException("the server did not start serving:\n" + Files.readString(logFile));
    }

    void assertCleanExit() throws Exception {
      assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the server did not exit");
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(),
            "JVM crash files");
      }
      assertEquals(0, process.exitValue(), log());
    }

    String log() throws IOException {
      return Files.readString(logFile);
    }

    @Override
    public void close() {
      channel.shutdownNow();
      process.destroyForcibly();
    }
  }
}
