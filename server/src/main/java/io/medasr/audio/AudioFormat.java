package io.medasr.audio;

/**
 * The declared format of an audio stream.
 *
 * <p>{@code sampleRateHz} and {@code channels} of 0 mean "unknown, take them from the container header"; raw
 * encodings ({@link AudioEncoding#isRaw()}) have no header and need both. For WAV, non-zero values must agree
 * with the header. For the ffmpeg formats they are ignored: the stream itself says (Opus, for one, always
 * decodes at 48 kHz whatever rate was recorded).
 *
 * <p>The canonical constructor rejects an invalid combination with {@link IllegalArgumentException}; code that
 * maps untrusted request fields should call {@link #of} instead, which runs the same checks and throws
 * {@link InvalidAudioException} with the same message.
 */
public record AudioFormat(AudioEncoding encoding, int sampleRateHz, int channels) {
  public static final int MIN_SAMPLE_RATE_HZ = 8_000;
  public static final int MAX_SAMPLE_RATE_HZ = 192_000;
  public static final int MAX_CHANNELS = 8;

  public AudioFormat {
    String problem = problem(encoding, sampleRateHz, channels);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Same checks as the constructor, reported as the exception the service maps to INVALID_ARGUMENT. */
  public static AudioFormat of(AudioEncoding encoding, int sampleRateHz, int channels)
      throws InvalidAudioException {
    String problem = problem(encoding, sampleRateHz, channels);
    if (problem != null) {
      throw new InvalidAudioException(problem);
    }
    return new AudioFormat(encoding, sampleRateHz, channels);
  }

  private static String problem(AudioEncoding encoding, int sampleRateHz, int channels) {
    if (encoding == null) {
      return "the audio encoding is not set";
    }
    if (encoding.isRaw() && sampleRateHz == 0) {
      return encoding
          + " audio needs its sample rate ("
          + MIN_SAMPLE_RATE_HZ
          + " to "
          + MAX_SAMPLE_RATE_HZ
          + " Hz); none was given";
    }
    if (encoding.isRaw() && channels == 0) {
      return encoding
          + " audio needs its channel count (1 to "
          + MAX_CHANNELS
          + "); none was given";
    }
    if (sampleRateHz != 0) {
      String rateProblem = sampleRateProblem(sampleRateHz);
      if (rateProblem != null) {
        return rateProblem;
      }
    }
    return channels == 0 ? null : channelsProblem(channels);
  }

  /** Null when {@code sampleRateHz} is one MedASR accepts; otherwise what is wrong with it. */
  static String sampleRateProblem(long sampleRateHz) {
    if (sampleRateHz >= MIN_SAMPLE_RATE_HZ && sampleRateHz <= MAX_SAMPLE_RATE_HZ) {
      return null;
    }
    return "sample rate "
        + sampleRateHz
        + " Hz is out of range: "
        + MIN_SAMPLE_RATE_HZ
        + " to "
        + MAX_SAMPLE_RATE_HZ
        + " Hz accepted";
  }

  /** Null when {@code channels} is a count MedASR accepts; otherwise what is wrong with it. */
  static String channelsProblem(int channels) {
    if (channels >= 1 && channels <= MAX_CHANNELS) {
      return null;
    }
    return channels + " channels is out of range: 1 to " + MAX_CHANNELS + " accepted";
  }
}
