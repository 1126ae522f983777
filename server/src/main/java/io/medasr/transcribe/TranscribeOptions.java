package io.medasr.transcribe;

import io.medasr.bias.Biasing;
import java.util.List;
import java.util.Objects;

/**
 * Long-form transcription settings (openai {@code transcribe()}).
 *
 * @param language language code; {@code null} or "auto" = detect on multilingual models from the
 *     first window ("en" on English-only models)
 * @param wordTimestamps add word timings to every segment
 * @param initialPrompt text put before the first window as previous text; {@code null} = none
 * @param conditionOnPreviousText feed each window the text decoded so far as prompt
 * @param temperatures tried in order until a result passes the thresholds
 * @param compressionRatioThreshold retry when the text's compression ratio is above; NaN = off
 * @param logprobThreshold retry when the average log-probability is below; NaN = off
 * @param noSpeechThreshold a window is silent when no-speech probability is above this and the
 *     average log-probability is not above {@code logprobThreshold}; NaN = off
 * @param withoutTimestamps decode text only: one segment per window, windows back to back
 * @param beamSize beams at temperature 0 (openai CLI: 5); 1 = greedy. Higher temperatures sample.
 * @param biasing phrases to boost while decoding ({@link Biasing#NONE} = none)
 * @param shortAudioContext encode a window that holds less than 30 s of audio with only its frames and a
 *     margin of padding, where the model allows it (whisper.cpp's {@code audio_ctx}): much cheaper for short
 *     audio, but no longer what openai computes. For streaming tails; off for whole files.
 */
public record TranscribeOptions(
    String language,
    boolean wordTimestamps,
    String initialPrompt,
    boolean conditionOnPreviousText,
    List<Double> temperatures,
    double compressionRatioThreshold,
    double logprobThreshold,
    double noSpeechThreshold,
    boolean withoutTimestamps,
    int beamSize,
    Biasing biasing,
    boolean shortAudioContext) {

  /** Language value asking for detection. */
  public static final String AUTO = "auto";

  public TranscribeOptions {
    temperatures = List.copyOf(temperatures);
    Objects.requireNonNull(biasing, "biasing");
    if (temperatures.isEmpty()) {
      throw new IllegalArgumentException("at least one temperature is needed");
    }
    if (beamSize < 1) {
      throw new IllegalArgumentException("beamSize must be >= 1, got " + beamSize);
    }
    for (double t : temperatures) {
      if (!(t >= 0)) {
        throw new IllegalArgumentException("temperatures must be >= 0, got " + t);
      }
    }
  }

  /** Greedy, with timestamps, as openai's {@code transcribe()} decodes by default. */
  public TranscribeOptions(
      String language,
      boolean wordTimestamps,
      String initialPrompt,
      boolean conditionOnPreviousText,
      List<Double> temperatures,
      double compressionRatioThreshold,
      double logprobThreshold,
      double noSpeechThreshold) {
    this(language, wordTimestamps, initialPrompt, conditionOnPreviousText, temperatures,
        compressionRatioThreshold, logprobThreshold, noSpeechThreshold, false, 1, Biasing.NONE, false);
  }

  /** openai {@code transcribe()} defaults, greedy, English. */
  public static TranscribeOptions defaults() {
    return new TranscribeOptions(
        "en", false, null, true, List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), 2.4, -1.0, 0.6, false, 1, Biasing.NONE,
        false);
  }

  public TranscribeOptions withLanguage(String code) {
    return new TranscribeOptions(code, wordTimestamps, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withWordTimestamps(boolean value) {
    return new TranscribeOptions(language, value, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withInitialPrompt(String prompt) {
    return new TranscribeOptions(language, wordTimestamps, prompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withTemperatures(List<Double> values) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, conditionOnPreviousText,
        values, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withConditionOnPreviousText(boolean value) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, value,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withoutTimestamps(boolean value) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, value, beamSize, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withBeamSize(int value) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, value, biasing,
        shortAudioContext);
  }

  public TranscribeOptions withBiasing(Biasing value) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize,
        value, shortAudioContext);
  }

  public TranscribeOptions withShortAudioContext(boolean value) {
    return new TranscribeOptions(language, wordTimestamps, initialPrompt, conditionOnPreviousText,
        temperatures, compressionRatioThreshold, logprobThreshold, noSpeechThreshold, withoutTimestamps, beamSize,
        biasing, value);
  }
}
