package io.medasr.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decodes FLAC, Ogg Opus and MP3 through an ffmpeg process: chunks are written to its stdin as they arrive; a
 * reader thread collects its stdout, a float WAV at the stream's own rate and channels, which goes through the
 * same {@link WavDecoder} (downmix, TarsosDSP resampling) as every other format, on the caller's thread.
 * Not thread-safe (apart from the internal reader threads); one process per stream, killed by {@link #close()}.
 */
final class FfmpegDecoder implements AudioDecoder {
  private static final int STDERR_TAIL_CHARS = 600;
  private static final long EXIT_WAIT_SECONDS = 30;
  private static final long BROKEN_PIPE_WAIT_SECONDS = 5;

  private final AudioEncoding encoding;
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<byte[]> stdoutChunks = new LinkedBlockingQueue<>();
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final StringBuilder stderrTail = new StringBuilder();
  private volatile IOException stdoutFailure;
  private final WavDecoder wav = new WavDecoder(new AudioFormat(AudioEncoding.WAV, 0, 0));
  private long wavBytes;
  private final FloatList output = new FloatList(1024);
  private boolean finished;

  FfmpegDecoder(AudioEncoding encoding, Ffmpeg ffmpeg) throws InvalidAudioException {
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
    stdoutReader = daemon("medasr-ffmpeg-stdout", this::readStdout);
    stderrReader = daemon("medasr-ffmpeg-stderr", this::readStderr);
  }

  @Override
  public float[] decode(byte[] chunk, int offset, int length) throws InvalidAudioException {
    if (finished) {
      throw new IllegalStateException("decode() after finish()");
    }
    try {
      stdin.write(chunk, offset, length);
      stdin.flush();
    } catch (IOException e) {
      // ffmpeg exits, closing its stdin, as soon as it rejects the stream
      waitForExit(BROKEN_PIPE_WAIT_SECONDS);
      throw rejected(e);
    }
    decodeAvailableOutput();
    return output.drain();
  }

  @Override
  public float[] finish() throws InvalidAudioException {
    if (finished) {
      throw new IllegalStateException("finish() called twice");
    }
    finished = true;
    try {
      stdin.close();
    } catch (IOException e) {
      // an ffmpeg that already quit; its exit code says why
    }
    if (!waitForExit(EXIT_WAIT_SECONDS)) {
      close();
      throw new InvalidAudioException(
          "ffmpeg did not finish decoding the "
              + encoding
              + " audio within "
              + EXIT_WAIT_SECONDS
              + " s");
    }
    joinReaders();
    if (process.exitValue() != 0) {
      throw rejected(null);
    }
    if (stdoutFailure != null) {
      throw new InvalidAudioException(
          "reading ffmpeg's output failed: " + stdoutFailure.getMessage(), stdoutFailure);
    }
    decodeAvailableOutput();
    if (wavBytes == 0) {
      throw new InvalidAudioException("ffmpeg found no audio in the " + encoding + " stream");
    }
    output.addAll(wav.finish());
    return output.drain();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private void decodeAvailableOutput() throws InvalidAudioException {
    byte[] bytes;
    while ((bytes = stdoutChunks.poll()) != null) {
      wavBytes += bytes.length;
      output.addAll(wav.decode(bytes, 0, bytes.length));
    }
  }

  private InvalidAudioException rejected(IOException cause) {
    String reason;
    synchronized (stderrTail) {
      reason = stderrTail.toString().strip().replaceAll("\\s*\\n\\s*", "; ");
    }
    if (reason.isEmpty()) {
      reason =
          process.isAlive() ? "it stopped reading its input" : "exit code " + process.exitValue();
    }
    return new InvalidAudioException(
        "ffmpeg could not decode the " + encoding + " audio: " + reason, cause);
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
      stdoutReader.join();
      stderrReader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidAudioException(
          "interrupted while ffmpeg was decoding the " + encoding + " audio", e);
    }
  }

  private void readStdout() {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream stdout = process.getInputStream()) {
      int read;
      while ((read = stdout.read(buffer)) >= 0) {
        if (read > 0) {
          stdoutChunks.add(Arrays.copyOf(buffer, read));
        }
      }
    } catch (IOException e) {
      stdoutFailure = e;
    }
  }

  /** Keeps only the end of ffmpeg's messages: enough to explain a failure, bounded however chatty it is. */
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
