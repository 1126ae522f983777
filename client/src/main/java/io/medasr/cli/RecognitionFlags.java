package io.medasr.cli;

import io.medasr.client.RecognitionOptions;

/** The recognition options {@code transcribe} and {@code stream} share. */
final class RecognitionFlags {
  static final String USAGE = """
        --language L         language of the speech, e.g. en (default en)
        --specialty S        medical specialty for vocabulary biasing, e.g. cardiology (default general)
        --phrase P           a phrase to bias recognition toward, e.g. a drug name (repeatable)
        --correct            run the semantic corrector over final results\
      """;

  private RecognitionFlags() {}

  static ArgParser declare(ArgParser parser) {
    return parser.option("--language").option("--specialty").option("--phrase").flag("--correct");
  }

  /** Options from the flags; word times are asked for by the commands that print words. */
  static RecognitionOptions.Builder options(ArgParser.Args args) throws UsageException {
    RecognitionOptions.Builder options = RecognitionOptions.builder()
        .correction(args.has("--correct"));
    args.value("--language").ifPresent(options::language);
    args.value("--specialty").ifPresent(options::specialty);
    for (String phrase : args.values("--phrase")) {
      if (phrase.isBlank()) {
        throw new UsageException("--phrase must not be blank");
      }
      options.phrase(phrase);
    }
    return options;
  }
}
