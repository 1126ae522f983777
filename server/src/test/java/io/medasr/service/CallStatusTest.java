package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Every way a call can fail has its documented status; nothing reaches the client as UNKNOWN. */
class CallStatusTest {
  private static void assertStatus(Status.Code code, String description, Throwable error) {
    Status status = CallStatus.of(error);
    assertEquals(code, status.getCode());
    assertEquals(description, status.getDescription());
  }

  @Test
  void mapsEveryKindOfFailure() {
    assertStatus(Status.Code.INVALID_ARGUMENT, "bad config", new InvalidRequestException("bad config"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "bad audio", new InvalidAudioException("bad audio"));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "audio is longer than this server accepts per call (at most 60 s)",
        new AudioLimitExceededException(60));
    assertStatus(Status.Code.CANCELLED, "call cancelled", new CancellationException());
    assertStatus(Status.Code.RESOURCE_EXHAUSTED,
        "the server ran out of memory for this call; retry later or send shorter audio", new OutOfMemoryError());
    assertStatus(Status.Code.INTERNAL, "internal error while recognizing; the server log has details",
        new StackOverflowError());
    assertStatus(Status.Code.INTERNAL, "internal error while recognizing; the server log has details",
        new IllegalStateException("a bug"));
  }
}
