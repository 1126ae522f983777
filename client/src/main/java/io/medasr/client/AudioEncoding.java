package io.medasr.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How audio bytes are encoded; the same values as the API's {@code medasr.v1.AudioEncoding}.
 * Raw encodings ({@link #LINEAR16}, {@link #MULAW}, {@link #ALAW}, {@link #FLOAT32}) need a sample rate;
 * container formats carry their own.
 */
public enum AudioEncoding {
  /** Signed 16-bit little-endian PCM, channels interleaved. */
  LINEAR16,
  /** 8-bit G.711 µ-law. */
  MULAW,
  /** 8-bit G.711 A-law. */
  ALAW,
  /** 32-bit IEEE float little-endian PCM in [-1, 1], channels interleaved. */
  FLOAT32,
  /** A RIFF/WAVE file; rate and channels come from its header. */
  WAV,
  /** FLAC; decoded with ffmpeg on the server. */
  FLAC,
  /** Ogg Opus; decoded with ffmpeg on the server. */
  OGG_OPUS,
  /** MP3; decoded with ffmpeg on the server. */
  MP3;

  /** How much of the start of a file {@link #detect(Path, byte[])} looks at: the RIFF/WAVE header. */
  static final int DETECTION_BYTES = 12;

  /** True for encodings that need {@link RecognitionOptions#sampleRateHz()}. */
  public boolean isRaw() {
    return this == LINEAR16 || this == MULAW || this == ALAW || this == FLOAT32;
  }

  /** {@link #WAV} when {@code content} starts with a RIFF/WAVE header, else empty. */
  public static Optional<AudioEncoding> detect(byte[] content) {
    return hasWavHeader(content) ? Optional.of(WAV) : Optional.empty();
  }

  /**
   * The encoding of an audio file: {@link #WAV} by its header (whatever the file is called), otherwise
   * by extension: {@code .flac}, {@code .ogg}/{@code .opus} (Ogg Opus) and {@code .mp3}. Empty when neither tells.
   */
  public static Optional<AudioEncoding> detect(Path file, byte[] content) {
    if (hasWavHeader(content)) {
      return Optional.of(WAV);
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "flac" -> Optional.of(FLAC);
      case "ogg", "opus" -> Optional.of(OGG_OPUS);
      case "mp3" -> Optional.of(MP3);
      default -> Optional.empty();
    };
  }

  private static boolean hasWavHeader(byte[] content) {
    return content.length >= DETECTION_BYTES
        && Arrays.equals(content, 0, 4, ascii("RIFF"), 0, 4)
        && Arrays.equals(content, 8, 12, ascii("WAVE"), 0, 4);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
