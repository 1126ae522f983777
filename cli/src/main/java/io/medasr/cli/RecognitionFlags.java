package io.medasr.cli;

import io.medasr.client.Phrase;
import io.medasr.client.RecognitionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The recognition options {@code transcribe}, {@code stream}, {@code eval} and {@code bench} share (a picocli mixin). */
final class RecognitionFlags {
  @Option(names = "--language", paramLabel = "L", order = 50,
      description = "language of the speech, e.g. en (default en)")
  private String language;

  @Option(names = "--model", paramLabel = "M", order = 51,
      description = "the model the server must decode with, e.g. whisper-base (default: the server's)")
  private String model;

  @Option(names = "--specialty", paramLabel = "S", order = 52,
      description = "medical specialty for vocabulary biasing, e.g. cardiology (default general)")
  private String specialty;

  @Option(names = "--phrase", paramLabel = "P", order = 53,
      description = "a phrase to bias recognition toward, e.g. a drug name (repeatable)")
  private List<String> phrases = new ArrayList<>();

  @Option(names = "--phrases", paramLabel = "FILE", order = 54,
      description = "phrases to bias toward, one per line, optionally followed by TAB and a boost (0-10)")
  private Path phrasesFile;

  @Option(names = "--correct", order = 55, description = "run the semantic corrector over final results")
  private boolean correct;

  @Option(names = "--correctors", paramLabel = "LIST", split = ",", order = 56,
      description = "with --correct: the correctors, in order: lexicon, seq2seq (default: the server's)")
  private List<String> correctors = new ArrayList<>();

  /** Options from the flags; word times are asked for by the commands that print words. */
  RecognitionOptions.Builder options() throws UsageException {
    if (!correctors.isEmpty() && !correct) {
      throw new UsageException("--correctors needs --correct");
    }
    RecognitionOptions.Builder options = RecognitionOptions.builder().correction(correct)
        .correctors(correctors.stream().map(String::strip).toList());
    if (language != null) {
      options.language(language);
    }
    if (model != null) {
      options.model(model);
    }
    if (specialty != null) {
      options.specialty(specialty);
    }
    for (String phrase : phrases) {
      if (phrase.isBlank()) {
        throw new UsageException("--phrase must not be blank");
      }
      options.phrase(phrase);
    }
    if (phrasesFile != null) {
      readPhrases(phrasesFile).forEach(options::phrase);
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
