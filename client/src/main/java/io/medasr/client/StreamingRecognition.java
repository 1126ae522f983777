package io.medasr.client;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognizeRequest;
import io.medasr.api.v1.StreamingRecognizeResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open {@code StreamingRecognize} call: send audio as it is spoken, {@link #halfClose()} when it ends,
 * and receive results on the {@link RecognitionListener} given to {@link MedAsrClient#stream}.
 *
 * <p><b>Flow control.</b> {@link #send(byte[])} blocks while the transport is not ready for more data (gRPC's
 * {@code isReady()}: the network or the server is not keeping up), and returns once the chunk is handed to
 * gRPC. A fast sender therefore never has more in flight than the connection's HTTP/2 flow-control window
 * (1 MiB by default in grpc-netty) plus gRPC's 32 KiB send buffer; a real-time microphone is never held up by
 * a healthy server.
 *
 * <p>{@link #close()} makes it a resource: in try-with-resources, a stream the block did not half-close is
 * cancelled when the block exits.
 *
 * <p><b>Thread-safety.</b> Call {@code send} and {@code halfClose} from one thread (the audio thread);
 * {@link #cancel()} and {@link #awaitCompletion} may be called from any thread, and {@code cancel} also wakes
 * a {@code send} blocked in flow control.
 */
public final class StreamingRecognition implements AutoCloseable {
  private static final String CANCELLED_BY_CLIENT = "cancelled by the client";

  private final StreamingResponseHandler handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readyOrFinished = lock.newCondition();
  private final CountDownLatch finished = new CountDownLatch(1);
  private ClientCallStreamObserver<StreamingRecognizeRequest> requests;
  private boolean halfClosed;
  private boolean cancelled;
  private boolean ended;
  private volatile MedAsrException failure;

  StreamingRecognition(StreamingResponseHandler handler) {
    this.handler = handler;
  }

  /** Sends a chunk of audio in the configured encoding, blocking while flow control holds it back. */
  public void send(byte[] audio) throws InterruptedException {
    send(ByteString.copyFrom(audio));
  }

  /**
   * Sends the remaining bytes of {@code audio}, advancing its position to the limit; blocks like
   * {@link #send(byte[])}.
   */
  public void send(ByteBuffer audio) throws InterruptedException {
    send(ByteString.copyFrom(audio));
  }

  private void send(ByteString audio) throws InterruptedException {
    StreamingRecognizeRequest request = StreamingRecognizeRequest.newBuilder().setAudioContent(audio).build();
    lock.lockInterruptibly();
    try {
      checkOpenForAudio();
      while (!requests.isReady()) {
        readyOrFinished.await();
        checkOpenForAudio();
      }
      requests.onNext(request);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Says the audio has ended: the server sends its last final results and then completes the stream.
   * Does nothing when the stream is already half-closed or over.
   */
  public void halfClose() {
    lock.lock();
    try {
      if (!halfClosed && !cancelled && !ended) {
        halfClosed = true;
        requests.onCompleted();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Abandons the stream: the server sees {@code CANCELLED} and the listener gets {@code onError} with code
   * {@code CANCELLED}. Does nothing when the stream is already over.
   */
  public void cancel() {
    lock.lock();
    try {
      if (!cancelled && !ended) {
        cancelled = true;
        requests.cancel(CANCELLED_BY_CLIENT, null);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the stream for try-with-resources: a stream whose audio was not half-closed is abandoned as by
   * {@link #cancel()} (a block that exits early, by an exception or otherwise, leaves no call open on the server);
   * a half-closed stream is left to send its last results. Does nothing when the stream is already over.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!halfClosed) {
        cancel();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the stream is over and the listener has had its last callback.
   *
   * @return true when the stream completed within {@code timeout}, false when the time ran out first
   * @throws MedAsrException the stream's failure, when it ended with one (including {@code CANCELLED})
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    if (failure != null) {
      throw failure;
    }
    return true;
  }

  /** Waits without a time limit; otherwise like {@link #awaitCompletion(Duration)}. */
  public void awaitCompletion() throws InterruptedException {
    finished.await();
    if (failure != null) {
      throw failure;
    }
  }

  private void checkOpenForAudio() {
    if (failure != null) {
      throw failure;
    }
    if (cancelled) {
      throw new MedAsrException(MedAsrStatus.CANCELLED, CANCELLED_BY_CLIENT, null);
    }
    if (ended) {
      throw new IllegalStateException("the stream is over: the server completed it");
    }
    if (halfClosed) {
      throw new IllegalStateException("the stream is half-closed: no more audio can be sent");
    }
  }

  /** Sends the config, the first message of every stream, once the call has started. */
  void start(StreamingRecognitionConfig config) {
    lock.lock();
    try {
      // Small and always first: sent without waiting for readiness.
      requests.onNext(StreamingRecognizeRequest.newBuilder().setStreamingConfig(config).build());
    } finally {
      lock.unlock();
    }
  }

  /** The gRPC side of the call, to pass to the stub. */
  ClientResponseObserver<StreamingRecognizeRequest, StreamingRecognizeResponse> responseObserver() {
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<StreamingRecognizeRequest> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(StreamingRecognition.this::wakeSender);
      }

      @Override
      public void onNext(StreamingRecognizeResponse response) {
        handler.onResponse(response);
      }

      @Override
      public void onError(Throwable t) {
        MedAsrException error = MedAsrException.fromGrpc(t);
        failure = error;
        end();
        try {
          handler.onError(error);
        } finally {
          finished.countDown();
        }
      }

      @Override
      public void onCompleted() {
        end();
        try {
          handler.onComplete();
        } finally {
          finished.countDown();
        }
      }
    };
  }

  private void wakeSender() {
    lock.lock();
    try {
      readyOrFinished.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void end() {
    lock.lock();
    try {
      ended = true;
      readyOrFinished.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
