package io.medasr.cli;

/** Range checks of whole-number options, with one wording for every command. */
final class Ranges {
  private Ranges() {}

  /** Returns {@code value} when it lies in {@code [min, max]}. */
  static int check(String option, int value, int min, int max) throws UsageException {
    if (value < min || value > max) {
      throw new UsageException(option + " must be a whole number from " + min + " to " + max + ", got " + value);
    }
    return value;
  }
}
