package io.medasr.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the {@link AudioDecoder} for a format, and decodes whole byte arrays and files. Stateless; thread-safe. */
public final class AudioDecoders {
  /** The rate every decoder produces, the one the Whisper front end expects. */
  public static final int TARGET_SAMPLE_RATE = 16_000;

  private static final int FILE_CHUNK_BYTES = 64 * 1024;
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private AudioDecoders() {}

  /** A decoder for {@code format}, no output limit; FLAC, OGG_OPUS and MP3 use ffmpeg from {@code PATH}. */
  public static AudioDecoder open(AudioFormat format) throws InvalidAudioException {
    return open(format, Ffmpeg.onPath(), NO_LIMIT);
  }

  /**
   * A decoder for {@code format} that throws {@link AudioLimitExceededException} as soon as the stream would
   * decode to more than {@code maxOutputSamples} samples at 16 kHz; ffmpeg from {@code PATH}.
   */
  public static AudioDecoder open(AudioFormat format, long maxOutputSamples)
      throws InvalidAudioException {
    return open(format, Ffmpeg.onPath(), maxOutputSamples);
  }

  /** A decoder for {@code format} without an output limit, with the given ffmpeg. */
  public static AudioDecoder open(AudioFormat format, Ffmpeg ffmpeg) throws InvalidAudioException {
    return open(format, ffmpeg, NO_LIMIT);
  }

  /**
   * A decoder for {@code format}, with the given ffmpeg for the formats that need it, that throws
   * {@link AudioLimitExceededException} as soon as the stream would decode to more than {@code
   * maxOutputSamples} samples at 16 kHz (before they are buffered, whatever the compressed size).
   *
   * @throws InvalidAudioException when the format needs ffmpeg and {@code ffmpeg} is not available
   */
  public static AudioDecoder open(AudioFormat format, Ffmpeg ffmpeg, long maxOutputSamples)
      throws InvalidAudioException {
    if (maxOutputSamples < 0) {
      throw new IllegalArgumentException("maxOutputSamples is negative: " + maxOutputSamples);
    }
    AudioEncoding encoding = format.encoding();
    if (encoding.isRaw()) {
      return new PcmDecoder(
          SampleFormat.of(encoding),
          format.sampleRateHz(),
          format.channels(),
          encoding + " audio",
          maxOutputSamples);
    }
    if (encoding == AudioEncoding.WAV) {
      return new WavDecoder(format, maxOutputSamples);
    }
    return new FfmpegDecoder(encoding, ffmpeg, maxOutputSamples);
  }

  /** Decodes a complete stream held in memory, without an output limit. */
  public static float[] decodeAll(AudioFormat format, byte[] audio)
      throws InvalidAudioException, AudioLimitExceededException {
    return decodeAll(format, audio, NO_LIMIT);
  }

  /** Decodes a complete stream held in memory into at most {@code maxOutputSamples} samples at 16 kHz. */
  public static float[] decodeAll(AudioFormat format, byte[] audio, long maxOutputSamples)
      throws InvalidAudioException, AudioLimitExceededException {
    try (AudioDecoder decoder = open(format, maxOutputSamples)) {
      FloatList samples = new FloatList((int) Math.min(audio.length / 2, maxOutputSamples));
      samples.addAll(decoder.decode(audio, 0, audio.length));
      samples.addAll(decoder.finish());
      return samples.toArray();
    }
  }

  /** Decodes a WAV, FLAC, Ogg or MP3 file, its format told by {@link #detectEncoding(Path)}. */
  public static float[] readFile(Path file)
      throws IOException, InvalidAudioException, AudioLimitExceededException {
    return readFile(file, new AudioFormat(detectEncoding(file), 0, 0));
  }

  /**
   * Decodes a file in the given format (the only way for raw encodings), streaming it in chunks, without an
   * output limit.
   */
  public static float[] readFile(Path file, AudioFormat format)
      throws IOException, InvalidAudioException, AudioLimitExceededException {
    try (AudioDecoder decoder = open(format);
        InputStream in = Files.newInputStream(file)) {
      FloatList samples = new FloatList(FILE_CHUNK_BYTES);
      byte[] chunk = new byte[FILE_CHUNK_BYTES];
      int read;
      while ((read = in.read(chunk)) >= 0) {
        samples.addAll(decoder.decode(chunk, 0, read));
      }
      samples.addAll(decoder.finish());
      return samples.toArray();
    }
  }

  /**
   * The encoding of a file from its first bytes (RIFF/WAVE, fLaC, OggS, an ID3 tag or an MPEG audio frame
   * sync), else from its extension (.wav, .flac, .ogg/.opus/.oga, .mp3).
   */
  public static AudioEncoding detectEncoding(Path file) throws IOException, InvalidAudioException {
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(12);
    }
    if (startsWith(start, 0, "RIFF") && startsWith(start, 8, "WAVE")) {
      return AudioEncoding.WAV;
    }
    if (startsWith(start, 0, "fLaC")) {
      return AudioEncoding.FLAC;
    }
    if (startsWith(start, 0, "OggS")) {
      return AudioEncoding.OGG_OPUS;
    }
    boolean mpegFrameSync =
        start.length >= 2 && (start[0] & 0xFF) == 0xFF && (start[1] & 0xE0) == 0xE0;
    if (startsWith(start, 0, "ID3") || mpegFrameSync) {
      return AudioEncoding.MP3;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "wav", "wave" -> AudioEncoding.WAV;
      case "flac" -> AudioEncoding.FLAC;
      case "ogg", "opus", "oga" -> AudioEncoding.OGG_OPUS;
      case "mp3" -> AudioEncoding.MP3;
      default ->
          throw new InvalidAudioException(
              "cannot tell the audio format of "
                  + file.getFileName()
                  + ": its content is not WAV, FLAC, Ogg or MP3 and its extension is not .wav,"
                  + " .flac, .ogg, .opus or .mp3; raw audio needs its format given");
    };
  }

  private static boolean startsWith(byte[] bytes, int offset, String ascii) {
    if (bytes.length < offset + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[offset + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
