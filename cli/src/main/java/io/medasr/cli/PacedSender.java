package io.medasr.cli;

import io.medasr.client.StreamingRecognition;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/** Sends audio over a stream in chunks, at the pace of speech or as fast as flow control allows. Stateless. */
final class PacedSender {
  private PacedSender() {}

  /**
   * Sends {@code audio} in chunks of {@code chunkBytes}, chunk {@code i} not before
   * {@code startNanos + i * paceMillis} ({@code paceMillis} 0: each as soon as flow control takes it). Does not
   * half-close. An interrupt cancels the stream, so that the server stops waiting for audio, and is rethrown.
   *
   * @param startNanos {@link System#nanoTime()} at which the first chunk is due
   */
  static void send(StreamingRecognition stream, byte[] audio, int chunkBytes, int paceMillis, long startNanos)
      throws InterruptedException {
    try {
      for (int offset = 0, chunk = 0; offset < audio.length; offset += chunkBytes, chunk++) {
        long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos((long) chunk * paceMillis);
        TimeUnit.NANOSECONDS.sleep(dueNanos - System.nanoTime());
        stream.send(ByteBuffer.wrap(audio, offset, Math.min(chunkBytes, audio.length - offset)));
      }
    } catch (InterruptedException e) {
      stream.cancel();
      throw e;
    }
  }
}
