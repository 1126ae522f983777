package io.medasr.cli;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognizeRequest;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.RecognizerGrpc;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the MedASR server that knows its audio: each registered file's bytes are answered with that
 * file's transcript (or failed with a status), with the duration of a {@link TestWavs} file (its data bytes at
 * 16 kHz, 16-bit mono). Unknown audio is INVALID_ARGUMENT. It counts the calls in flight and can hold every call
 * until a number of them have arrived, to prove they overlap. Served in-process; thread-safe.
 */
final class ScriptedRecognizer implements AutoCloseable {
  private final Map<ByteString, String> transcripts = new ConcurrentHashMap<>();
  private final Map<ByteString, Status> failures = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile CountDownLatch gathering = new CountDownLatch(0);
  private final Server server;
  private final ManagedChannel channel;

  ScriptedRecognizer() throws IOException {
    String name = "medasr-eval-test-" + System.nanoTime();
    server = InProcessServerBuilder.forName(name).addService(new Service()).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  void answer(Path audio, String transcript) throws IOException {
    transcripts.put(ByteString.copyFrom(Files.readAllBytes(audio)), transcript);
  }

  void fail(Path audio, Status status) throws IOException {
    failures.put(ByteString.copyFrom(Files.readAllBytes(audio)), status);
  }

  /** From now on each call waits (at most 5 s) until {@code calls} calls have arrived. */
  void holdUntilInFlight(int calls) {
    gathering = new CountDownLatch(calls);
  }

  /** The most calls that were in flight at once since the last {@link #resetCounts}. */
  int mostInFlight() {
    return mostInFlight.get();
  }

  void resetCounts() {
    mostInFlight.set(0);
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private final class Service extends RecognizerGrpc.RecognizerImplBase {
    @Override
    public void recognize(RecognizeRequest request, StreamObserver<RecognizeResponse> responses) {
      try {
        gather();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        responses.onError(Status.CANCELLED.asRuntimeException());
        return;
      }
      ByteString audio = request.getAudioContent();
      Status failure = failures.get(audio);
      String transcript = transcripts.get(audio);
      if (failure != null || transcript == null) {
        responses.onError((failure != null ? failure : Status.INVALID_ARGUMENT.withDescription("unknown audio"))
            .asRuntimeException());
        return;
      }
      double duration = TestWavs.seconds(audio.size());
      responses.onNext(RecognizeResponse.newBuilder()
          .addResults(SpeechRecognitionResult.newBuilder()
              .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(transcript))
              .setEndTime(duration))
          .setAudioDurationSeconds(duration)
          .build());
      responses.onCompleted();
    }

    /**
     * Counts the call as in flight while it waits for the others to arrive. It stops counting before it answers:
     * a client may start its next call as soon as it has the answer, which must not count as an overlap.
     */
    private void gather() throws InterruptedException {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        CountDownLatch latch = gathering;
        latch.countDown();
        latch.await(5, TimeUnit.SECONDS);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }
}
