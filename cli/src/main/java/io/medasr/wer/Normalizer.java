package io.medasr.wer;

/** Text normalization applied to references, hypotheses and terms before scoring. Implementations are thread-safe. */
@FunctionalInterface
public interface Normalizer {
  String normalize(String text);

  /** Leaves text as it is. */
  Normalizer NONE = text -> text;

  /**
   * The normalizer of a named mode: {@code none}, {@code basic}, {@code whisper}, {@code medical} (Whisper's, then
   * units, frequencies and routes folded) or {@code medwer} (Whisper's as medwer 1.0.0 pins it).
   */
  static Normalizer named(String mode) {
    return switch (mode) {
      case "none" -> NONE;
      case "basic" -> new BasicNormalizer();
      case "whisper" -> WhisperEnglishNormalizer.instance();
      case "medical" -> new MedicalNormalizer();
      case "medwer" -> WhisperEnglishNormalizer.medwer();
      default -> throw new IllegalArgumentException(
          "unknown normalization '" + mode + "' (expected none, basic, whisper, medical or medwer)");
    };
  }
}
