package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Signal generators, byte encoders, a WAV writer and spectrum helpers for the audio tests. */
final class TestAudio {
  private TestAudio() {}

  /** {@code frames} frames of interleaved sines, one frequency per channel, each of amplitude {@code amplitude}. */
  static float[] tones(int sampleRate, int frames, float amplitude, double... frequencyPerChannel) {
    int channels = frequencyPerChannel.length;
    float[] samples = new float[frames * channels];
    for (int frame = 0; frame < frames; frame++) {
      for (int channel = 0; channel < channels; channel++) {
        double phase = 2 * Math.PI * frequencyPerChannel[channel] * frame / sampleRate;
        samples[frame * channels + channel] = (float) (amplitude * Math.sin(phase));
      }
    }
    return samples;
  }

  static short[] toInt16(float[] samples) {
    short[] pcm = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      pcm[i] = (short) Math.round(samples[i] * 32767);
    }
    return pcm;
  }

  static byte[] linear16(short[] pcm) {
    ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short sample : pcm) {
      bytes.putShort(sample);
    }
    return bytes.array();
  }

  static byte[] float32(float[] samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float sample : samples) {
      bytes.putFloat(sample);
    }
    return bytes.array();
  }

  /** A canonical WAV: RIFF header, fmt chunk of 16 bytes (or 40 when extensible), the given extra chunks, data. */
  static byte[] wav(int formatTag, int channels, int sampleRate, int bitsPerSample, byte[] data) {
    return new WavBuilder(formatTag, channels, sampleRate, bitsPerSample).data(data).build();
  }

  static final class WavBuilder {
    private final int formatTag;
    private final int channels;
    private final int sampleRate;
    private final int bitsPerSample;
    private int blockAlign;
    private int extensibleSubFormat = -1;
    private final ByteArrayOutputStream chunksBeforeData = new ByteArrayOutputStream();
    private final ByteArrayOutputStream chunksAfterData = new ByteArrayOutputStream();
    private byte[] data = new byte[0];
    private Long declaredDataSize;

    WavBuilder(int formatTag, int channels, int sampleRate, int bitsPerSample) {
      this.formatTag = formatTag;
      this.channels = channels;
      this.sampleRate = sampleRate;
      this.bitsPerSample = bitsPerSample;
      this.blockAlign = channels * bitsPerSample / 8;
    }

    WavBuilder extensible(int subFormatTag) {
      extensibleSubFormat = subFormatTag;
      return this;
    }

    WavBuilder blockAlign(int value) {
      blockAlign = value;
      return this;
    }

    WavBuilder chunkBeforeData(String id, byte[] body) {
      writeChunk(chunksBeforeData, id, body, body.length);
      return this;
    }

    WavBuilder chunkAfterData(String id, byte[] body) {
      writeChunk(chunksAfterData, id, body, body.length);
      return this;
    }

    WavBuilder data(byte[] bytes) {
      data = bytes;
      return this;
    }

    /** What the data chunk header claims, e.g. 0 or 0xFFFFFFFF for a stream of unknown length. */
    WavBuilder declaredDataSize(long size) {
      declaredDataSize = size;
      return this;
    }

    byte[] build() {
      ByteArrayOutputStream fmt = new ByteArrayOutputStream();
      boolean extensible = extensibleSubFormat >= 0;
      putLe(fmt, extensible ? 0xFFFE : formatTag, 2);
      putLe(fmt, channels, 2);
      putLe(fmt, sampleRate, 4);
      putLe(fmt, (long) sampleRate * blockAlign, 4);
      putLe(fmt, blockAlign, 2);
      putLe(fmt, bitsPerSample, 2);
      if (extensible) {
        putLe(fmt, 22, 2);
        putLe(fmt, bitsPerSample, 2);
        putLe(fmt, (1L << channels) - 1, 4);
        putLe(fmt, extensibleSubFormat, 2);
        fmt.writeBytes(
            new byte[] {
              0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
            });
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(ascii("WAVE"));
      writeChunk(body, "fmt ", fmt.toByteArray(), fmt.size());
      body.writeBytes(chunksBeforeData.toByteArray());
      writeChunk(body, "data", data, declaredDataSize != null ? declaredDataSize : data.length);
      body.writeBytes(chunksAfterData.toByteArray());
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      file.writeBytes(ascii("RIFF"));
      putLe(file, body.size(), 4);
      file.writeBytes(body.toByteArray());
      return file.toByteArray();
    }

    private static void writeChunk(
        ByteArrayOutputStream out, String id, byte[] body, long declaredSize) {
      out.writeBytes(ascii(id));
      putLe(out, declaredSize, 4);
      out.writeBytes(body);
      if (body.length % 2 == 1) {
        out.write(0);
      }
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static void putLe(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }

  /** Decodes {@code audio} cut at random places into chunks of 1 to {@code maxChunk} bytes. */
  static float[] decodeInRandomChunks(
      AudioDecoder decoder, byte[] audio, Random random, int maxChunk)
      throws InvalidAudioException, AudioLimitExceededException {
    FloatList out = new FloatList(audio.length);
    int position = 0;
    while (position < audio.length) {
      int length = Math.min(audio.length - position, 1 + random.nextInt(maxChunk));
      out.addAll(decoder.decode(audio, position, length));
      position += length;
    }
    out.addAll(decoder.finish());
    decoder.close();
    return out.toArray();
  }

  /**
   * Decodes {@code audio} cut at {@code cuts} random offsets, some of them a single byte apart, plus a few within
   * the first 64 bytes where a container header is.
   */
  static float[] decodeWithRandomCuts(AudioDecoder decoder, byte[] audio, Random random, int cuts)
      throws InvalidAudioException, AudioLimitExceededException {
    TreeSet<Integer> offsets = new TreeSet<>();
    for (int i = 0; i < 8; i++) {
      offsets.add(1 + random.nextInt(Math.min(64, audio.length - 1)));
    }
    while (offsets.size() < Math.min(cuts + 8, audio.length - 1)) {
      int offset = 1 + random.nextInt(audio.length - 1);
      offsets.add(offset);
      if (random.nextInt(4) == 0 && offset + 1 < audio.length) {
        offsets.add(offset + 1);
      }
    }
    offsets.add(audio.length);
    FloatList out = new FloatList(audio.length);
    int position = 0;
    for (int end : offsets) {
      out.addAll(decoder.decode(audio, position, end - position));
      position = end;
    }
    out.addAll(decoder.finish());
    decoder.close();
    return out.toArray();
  }

  /**
   * Amplitude spectrum of {@code length} samples from {@code start} (rectangular window): element k is the
   * amplitude of the sinusoid at bin k, k * sampleRate / length Hz.
   */
  static double[] amplitudeSpectrum(float[] samples, int start, int length) {
    float[] buffer = new float[length];
    System.arraycopy(samples, start, buffer, 0, length);
    new FloatFFT(length).realForward(buffer);
    double[] amplitude = new double[length / 2];
    for (int k = 1; k < length / 2; k++) {
      amplitude[k] = 2 * Math.hypot(buffer[2 * k], buffer[2 * k + 1]) / length;
    }
    amplitude[0] = Math.abs(buffer[0]) / length;
    return amplitude;
  }

  static int argMax(double[] values, int from, int to) {
    int best = from;
    for (int i = from; i < to; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A folder of the shared speech data; the test is skipped where the data is not next to the checkout. */
  static Path speechData(String set) {
    String root = System.getProperty("medasr.repo.root", ".");
    Path folder = Path.of(root).resolve("../shared/data/speech").resolve(set).normalize();
    assumeTrue(Files.isDirectory(folder), "shared speech data not found at " + folder);
    return folder;
  }

  /** Runs ffmpeg quietly with {@code arguments}, overwriting outputs, and requires it to succeed. */
  static void runFfmpeg(Ffmpeg ffmpeg, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            ffmpeg.executable().orElseThrow().toString(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-y"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String what = "ffmpeg " + String.join(" ", arguments);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), what);
    assertEquals(0, process.exitValue(), what);
  }

  static Ffmpeg requireFfmpeg() {
    Ffmpeg ffmpeg = Ffmpeg.onPath();
    assumeTrue(ffmpeg.isAvailable(), "ffmpeg is not on PATH");
    return ffmpeg;
  }
}
