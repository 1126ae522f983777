package io.medasr.wer;

/** Text normalization applied to references, hypotheses and terms before scoring. Implementations are thread-safe. */
@FunctionalInterface
public interface Normalizer {
  String normalize(String text);

  /** Leaves text as it is. */
  Normalizer NONE = text -> text;

  /** The normalizer of a named mode: {@code none}, {@code basic} or {@code whisper}. */
  static Normalizer named(String mode) {
    return switch (mode) {
      case "none" -> NONE;
      case "basic" -> new BasicNormalizer();
      case "whisper" -> WhisperEnglishNormalizer.instance();
      default -> throw new IllegalArgumentException(
          "unknown normalization '" + mode + "' (expected none, basic or whisper)");
    };
  }
}
