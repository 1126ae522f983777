package io.medasr.cli;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.RecognitionConfig;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the MedASR server that knows its audio: each registered file's bytes are answered with that
 * file's transcript (or failed with a status), with the duration of a {@link TestWavs} file (its data bytes at
 * 16 kHz, 16-bit mono). A stream whose audio (after a {@link TestWavs} header) starts with a file registered by
 * {@link #answerStream} is answered at its half-close, as the real server answers an utterance: SPEECH_STARTED,
 * then for each scripted final an interim of its first word and the final, then END_OF_UTTERANCE, every response
 * reporting all the audio received as processed. Unknown audio is INVALID_ARGUMENT. It records each unary call's
 * configuration and what each stream received, counts the calls (unary calls and stream half-closes) in flight
 * and can hold every call until a number of them have arrived, to prove they overlap. Served in-process;
 * thread-safe.
 */
final class ScriptedRecognizer implements AutoCloseable {
  private final Map<ByteString, String> transcripts = new ConcurrentHashMap<>();
  private final Map<ByteString, Status> failures = new ConcurrentHashMap<>();
  private final Map<ByteString, List<String>> streamFinals = new ConcurrentHashMap<>();
  /** Each ended stream's audio messages, in the order the streams were half-closed. */
  final List<List<ByteString>> streams = new CopyOnWriteArrayList<>();
  final List<StreamingRecognitionConfig> streamConfigs = new CopyOnWriteArrayList<>();
  /** Each unary call's configuration, in the order the calls arrived. */
  final List<RecognitionConfig> unaryConfigs = new CopyOnWriteArrayList<>();
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

  /** Scripts the final results of a stream of this file's audio (followed by anything, e.g. silence). */
  void answerStream(Path audio, String... finals) throws IOException {
    byte[] file = Files.readAllBytes(audio);
    streamFinals.put(ByteString.copyFrom(file, TestWavs.HEADER_BYTES, file.length - TestWavs.HEADER_BYTES),
        List.of(finals));
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
      unaryConfigs.add(request.getConfig());
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

    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
        StreamObserver<StreamingRecognizeResponse> responses) {
      return new StreamObserver<>() {
        private final List<ByteString> chunks = new ArrayList<>();

        @Override
        public void onNext(StreamingRecognizeRequest request) {
          if (request.hasStreamingConfig()) {
            streamConfigs.add(request.getStreamingConfig());
          } else {
            chunks.add(request.getAudioContent());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          streams.add(List.copyOf(chunks));
          try {
            gather();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(Status.CANCELLED.asRuntimeException());
            return;
          }
          ByteString audio = ByteString.copyFrom(chunks);
          ByteString samples = audio.substring(Math.min(TestWavs.HEADER_BYTES, audio.size()));
          List<String> finals = streamFinals.entrySet().stream().filter(e -> samples.startsWith(e.getKey()))
              .map(Map.Entry::getValue).findFirst().orElse(null);
          if (finals == null) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("unknown audio").asRuntimeException());
            return;
          }
          double processed = samples.size() / (2.0 * TestWavs.RATE);
          responses.onNext(event(SpeechEventType.SPEECH_STARTED, 0.1, processed));
          for (String text : finals) {
            responses.onNext(result(text.split(" ")[0], false, processed));
            responses.onNext(result(text, true, processed));
          }
          // the end of the file: bench streams 1.5 s of silence after it
          responses.onNext(event(SpeechEventType.END_OF_UTTERANCE, processed - 1.5, processed));
          responses.onCompleted();
        }
      };
    }

    private static StreamingRecognizeResponse event(SpeechEventType type, double time, double processed) {
      return StreamingRecognizeResponse.newBuilder().setSpeechEventType(type).setSpeechEventTime(time)
          .setProcessedAudioSeconds(processed).build();
    }

    private static StreamingRecognizeResponse result(String text, boolean isFinal, double processed) {
      return StreamingRecognizeResponse.newBuilder()
          .addResults(StreamingRecognitionResult.newBuilder()
              .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(text))
              .setIsFinal(isFinal))
          .setProcessedAudioSeconds(processed)
          .build();
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
