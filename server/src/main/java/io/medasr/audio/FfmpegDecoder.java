package io.medasr.audio;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Decodes FLAC, Ogg Opus and MP3 through an ffmpeg process: chunks are written to its stdin as they arrive; an
 * {@link FfmpegOutputReader} thread decodes its stdout, a float WAV at the stream's own rate and channels, with
 * the same {@link WavDecoder} (downmix, TarsosDSP resampling) as every other format, and holds only the 16 kHz
 * mono result, within the output limit, for the caller. Not thread-safe (apart from the internal reader
 * threads); one process per stream, killed by {@link #close()}.
 *
 * <p>ffmpeg's stderr never reaches the exception messages (it names heap addresses and internals); its tail is
 * logged at FINE.
 */
final class FfmpegDecoder implements AudioDecoder {
  private static final Logger LOG = Logger.getLogger(FfmpegDecoder.class.getName());
  private static final int STDERR_TAIL_CHARS = 600;
  private static final long STALL_SECONDS = 30;
  private static final long BROKEN_PIPE_WAIT_SECONDS = 5;

  private final AudioEncoding encoding;
  private final Process process;
  private final OutputStream stdin;
  private final FfmpegOutputReader output;
  private final Thread outputThread;
  private final Thread stderrThread;
  private final StringBuilder stderrTail = new StringBuilder();
  private boolean finished;

  FfmpegDecoder(AudioEncoding encoding, Ffmpeg ffmpeg, long maxOutputSamples)
      throws InvalidAudioException {
    this.encoding = encoding;
    String executable =
        ffmpeg.executable().orElseThrow(() -> ffmpeg.missingFor(encoding)).toString();
    List<String> command =
        List.of(
            executable,
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-probesize",
            "32",
            "-analyzeduration",
            "0",
            "-f",
            demuxer(encoding),
            "-i",
            "pipe:0",
            "-vn",
            "-map_metadata",
            "-1",
            "-c:a",
            "pcm_f32le",
            "-f",
            "wav",
            "-flush_packets",
            "1",
            "pipe:1");
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new InvalidAudioException(
          "could not start ffmpeg ("
              + executable
              + ") to decode "
              + encoding
              + " audio: "
              + e.getMessage(),
          e);
    }
    stdin = process.getOutputStream();
    output = new FfmpegOutputReader(process, maxOutputSamples);
    outputThread = daemon("medasr-ffmpeg-stdout", output);
    stderrThread = daemon("medasr-ffmpeg-stderr", this::readStderr);
  }

  @Override
  public float[] decode(byte[] chunk, int offset, int length)
      throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("decode() after finish()");
    }
    // a reader that failed (over the limit, a bad WAV) has killed ffmpeg: say why rather than feed it
    output.throwIfFailed();
    try {
      stdin.write(chunk, offset, length);
      stdin.flush();
    } catch (IOException e) {
      // ffmpeg exits, closing its stdin, as soon as it rejects the stream or the reader kills it
      waitForExit(BROKEN_PIPE_WAIT_SECONDS);
      output.throwIfFailed();
      throw rejected(e);
    }
    return output.take();
  }

  @Override
  public float[] finish() throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("finish() called twice");
    }
    finished = true;
    try {
      stdin.close();
    } catch (IOException e) {
      // an ffmpeg that already quit; its exit code says why
    }
    if (!waitForExitWhileOutputFlows()) {
      close();
      throw new InvalidAudioException(
          "ffmpeg stopped decoding the "
              + encoding
              + " audio: no output for "
              + STALL_SECONDS
              + " s");
    }
    joinReaders();
    // the reader's failure first: an ffmpeg it killed exits non-zero too
    output.throwIfFailed();
    if (process.exitValue() != 0) {
      throw rejected(null);
    }
    if (output.bytesRead() == 0) {
      throw new InvalidAudioException("ffmpeg found no audio in the " + encoding + " stream");
    }
    return output.finish();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /**
   * Waits for ffmpeg to exit once its input has ended. Its output is resampled as it is read, which for a long
   * stream at a high rate takes a while, so only an ffmpeg whose output has stalled gives up.
   */
  private boolean waitForExitWhileOutputFlows() throws InvalidAudioException {
    long decoded = output.bytesRead();
    while (!waitForExit(STALL_SECONDS)) {
      long decodedNow = output.bytesRead();
      if (decodedNow == decoded) {
        return false;
      }
      decoded = decodedNow;
    }
    return true;
  }

  /** Our own words for the client; ffmpeg's, which name heap addresses and internals, go to the FINE log. */
  private InvalidAudioException rejected(IOException cause) {
    String how = process.isAlive() ? "it stopped reading its input" : "exit code " + process.exitValue();
    LOG.fine(() -> "ffmpeg rejected the " + encoding + " stream (" + how + "): " + stderrTail());
    return new InvalidAudioException(
        "the " + encoding + " stream could not be decoded (ffmpeg rejected it)", cause);
  }

  private String stderrTail() {
    synchronized (stderrTail) {
      return stderrTail.toString().strip().replaceAll("\\s*\\n\\s*", "; ");
    }
  }

  private boolean waitForExit(long seconds) throws InvalidAudioException {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InvalidAudioException(
          "interrupted while ffmpeg was decoding the " + encoding + " audio", e);
    }
  }

  private void joinReaders() throws InvalidAudioException {
    try {
      // both end at EOF, which the process's exit guarantees
      outputThread.join();
      stderrThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidAudioException(
          "interrupted while ffmpeg was decoding the " + encoding + " audio", e);
    }
  }

  /** Keeps only the end of ffmpeg's messages: enough for the log to explain a failure, however chatty it is. */
  private void readStderr() {
    char[] buffer = new char[1024];
    try (Reader stderr = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
      int read;
      while ((read = stderr.read(buffer)) >= 0) {
        synchronized (stderrTail) {
          stderrTail.append(buffer, 0, read);
          if (stderrTail.length() > STDERR_TAIL_CHARS) {
            stderrTail.delete(0, stderrTail.length() - STDERR_TAIL_CHARS);
          }
        }
      }
    } catch (IOException e) {
      // the message so far is all there will be
    }
  }

  private static String demuxer(AudioEncoding encoding) {
    return switch (encoding) {
      case FLAC -> "flac";
      case OGG_OPUS -> "ogg";
      case MP3 -> "mp3";
      default -> throw new IllegalArgumentException(encoding + " is not decoded by ffmpeg");
    };
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
