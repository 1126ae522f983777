package io.medasr.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads ffmpeg's stdout, a float WAV at the stream's own rate and channels, on its own thread and decodes it
 * there (downmix, resampling) so that only 16 kHz mono samples wait for the caller: queued raw, eight channels at
 * 192 kHz would take 96 times the memory. The {@link WavDecoder} applies the output limit to each read before
 * converting it; on that or any other failure the reader records it, kills ffmpeg and stops.
 *
 * <p>Thread-safety: {@link #run} is the reader thread, the other methods are the caller's. The samples ready,
 * the failure and the byte count are guarded by {@code this}, held only to hand over one read's samples. The
 * reader never waits for the caller: a reader blocked on a full queue would stop ffmpeg writing, hence reading
 * its stdin, which the caller may be blocked writing. The WAV decoder belongs to the reader thread until it ends,
 * then to {@link #finish}, which is called after joining it.
 */
final class FfmpegOutputReader implements Runnable {
  private static final int READ_BYTES = 64 * 1024;

  private final Process process;
  private final WavDecoder wav;
  private final FloatList ready = new FloatList(1024);
  /** An InvalidAudioException or an AudioLimitExceededException; the first failure ends the stream. */
  private Exception failure;
  private long bytesRead;

  FfmpegOutputReader(Process process, long maxOutputSamples) {
    this.process = process;
    this.wav = new WavDecoder(new AudioFormat(AudioEncoding.WAV, 0, 0), maxOutputSamples);
  }

  @Override
  public void run() {
    byte[] buffer = new byte[READ_BYTES];
    try (InputStream stdout = process.getInputStream()) {
      boolean decoding = true;
      int read;
      while (decoding && (read = stdout.read(buffer)) >= 0) {
        decoding = decodeAndHandOver(buffer, read);
      }
    } catch (IOException e) {
      fail(new InvalidAudioException("reading ffmpeg's output failed: " + e.getMessage(), e));
    }
  }

  /** The samples decoded since the last call, or the reader's failure. */
  synchronized float[] take() throws InvalidAudioException, AudioLimitExceededException {
    throwIfFailed();
    return ready.drain();
  }

  synchronized void throwIfFailed() throws InvalidAudioException, AudioLimitExceededException {
    if (failure instanceof AudioLimitExceededException overLimit) {
      throw overLimit;
    }
    if (failure instanceof InvalidAudioException invalid) {
      throw invalid;
    }
  }

  /** Bytes of ffmpeg output decoded so far. */
  synchronized long bytesRead() {
    return bytesRead;
  }

  /** Once the reader thread has ended: the samples not yet taken, with the resampler's tail. */
  synchronized float[] finish() throws InvalidAudioException, AudioLimitExceededException {
    throwIfFailed();
    ready.addAll(wav.finish());
    return ready.drain();
  }

  /** False when the stream has failed: ffmpeg is killed and nothing more will be read. */
  private boolean decodeAndHandOver(byte[] bytes, int length) {
    try {
      float[] samples = wav.decode(bytes, 0, length);
      synchronized (this) {
        ready.addAll(samples);
        bytesRead += length;
      }
      return true;
    } catch (InvalidAudioException | AudioLimitExceededException e) {
      fail(e);
      return false;
    }
  }

  /** Records the failure before killing ffmpeg, so the caller, seeing its stdin break, can tell why. */
  private void fail(Exception cause) {
    synchronized (this) {
      if (failure == null) {
        failure = cause;
      }
    }
    // an ffmpeg whose output nobody reads would block, and with it the caller writing its stdin
    process.destroyForcibly();
  }
}
