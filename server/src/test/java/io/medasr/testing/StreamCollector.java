package io.medasr.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.SpeechEventType;
import io.medasr.api.v1.StreamingRecognizeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Collects a StreamingRecognize call's responses and its end. */
public final class StreamCollector implements StreamObserver<StreamingRecognizeResponse> {
  public final List<StreamingRecognizeResponse> responses = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch firstFinal = new CountDownLatch(1);
  private final CountDownLatch firstResponse = new CountDownLatch(1);
  private volatile Status status;

  @Override
  public synchronized void onNext(StreamingRecognizeResponse response) {
    responses.add(response);
    firstResponse.countDown();
    if (response.getResultsList().stream().anyMatch(StreamingRecognitionResult::getIsFinal)) {
      firstFinal.countDown();
    }
  }

  @Override
  public void onError(Throwable t) {
    status = Status.fromThrowable(t);
    done.countDown();
  }

  @Override
  public void onCompleted() {
    status = Status.OK;
    done.countDown();
  }

  public Status await() throws InterruptedException {
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("stream did not end within 60 s");
    }
    return status;
  }

  public boolean awaitFirstResponse(long seconds) throws InterruptedException {
    return firstResponse.await(seconds, TimeUnit.SECONDS);
  }

  public boolean awaitFirstFinal(long seconds) throws InterruptedException {
    return firstFinal.await(seconds, TimeUnit.SECONDS);
  }

  public synchronized List<StreamingRecognitionResult> results(boolean isFinal) {
    List<StreamingRecognitionResult> results = new ArrayList<>();
    for (StreamingRecognizeResponse response : responses) {
      for (StreamingRecognitionResult result : response.getResultsList()) {
        if (result.getIsFinal() == isFinal) {
          results.add(result);
        }
      }
    }
    return results;
  }

  public synchronized List<String> finalTranscripts() {
    return results(true).stream().map(r -> r.getAlternatives(0).getTranscript()).toList();
  }

  /** The speech events received, in order. */
  public synchronized List<SpeechEventType> events() {
    return responses.stream().map(StreamingRecognizeResponse::getSpeechEventType)
        .filter(type -> type != SpeechEventType.SPEECH_EVENT_UNSPECIFIED).toList();
  }
}
