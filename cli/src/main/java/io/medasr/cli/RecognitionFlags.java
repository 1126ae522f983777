package io.medasr.cli;

import io.medasr.client.Phrase;
import io.medasr.client.RecognitionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recognition options {@code transcribe} and {@code stream} share. */
final class RecognitionFlags {
  static final String USAGE = """
        --language L         language of the speech, e.g. en (default en)
        --model M            the model the server must decode with, e.g. whisper-base (default: the server's)
        --specialty S        medical specialty for vocabulary biasing, e.g. cardiology (default general)
        --phrase P           a phrase to bias recognition toward, e.g. a drug name (repeatable)
        --phrases FILE       phrases to bias toward, one per line, optionally followed by TAB and a boost (0-10)
        --correct            run the semantic corrector over final results\
      """;

  private RecognitionFlags() {}

  static ArgParser declare(ArgParser parser) {
    return parser.option("--language").option("--model").option("--specialty").option("--phrase").option("--phrases")
        .flag("--correct");
  }

  /** Options from the flags; word times are asked for by the commands that print words. */
  static RecognitionOptions.Builder options(ArgParser.Args args) throws UsageException {
    RecognitionOptions.Builder options = RecognitionOptions.builder()
        .correction(args.has("--correct"));
    args.value("--language").ifPresent(options::language);
    args.value("--model").ifPresent(options::model);
    args.value("--specialty").ifPresent(options::specialty);
    for (String phrase : args.values("--phrase")) {
      if (phrase.isBlank()) {
        throw new UsageException("--phrase must not be blank");
      }
      options.phrase(phrase);
    }
    Optional<String> file = args.value("--phrases");
    if (file.isPresent()) {
      readPhrases(Path.of(file.get())).forEach(options::phrase);
    }
    return options;
  }

  /** One phrase per line, optionally followed by a TAB and its boost; blank lines and {@code #} lines skipped. */
  static List<Phrase> readPhrases(Path file) throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read --phrases " + file + ": " + e.getMessage());
    }
    List<Phrase> phrases = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t", 2);
      try {
        float boost = fields.length == 2 && !fields[1].isBlank() ? Float.parseFloat(fields[1].strip()) : 0f;
        phrases.add(new Phrase(fields[0].strip(), boost));
      } catch (IllegalArgumentException e) {
        throw new UsageException(file + ":" + (i + 1) + ": not a phrase with an optional boost: " + e.getMessage());
      }
    }
    return phrases;
  }
}
