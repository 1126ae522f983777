package io.medasr.correct;

import io.medasr.align.WordTiming;
import java.util.ArrayList;
import java.util.List;

/** Decoded words and corrections written compactly for the correctors' tests. */
final class TestWords {
  private TestWords() {}

  /** Words "text [confidence]", confidence 0.95 where not given, a tenth of a second each. */
  static List<WordTiming> words(String... specs) {
    List<WordTiming> words = new ArrayList<>();
    for (String spec : specs) {
      String[] parts = spec.split(" ");
      float confidence = parts.length > 1 ? Float.parseFloat(parts[1]) : 0.95f;
      double start = words.size() / 10.0;
      words.add(new WordTiming(" " + parts[0], start, start + 0.1, confidence));
    }
    return words;
  }

  /** The corrections with their confidences rounded to 0.001. */
  static List<Correction> rounded(List<Correction> corrections) {
    return corrections.stream().map(c -> new Correction(c.firstWord(), c.wordCount(), c.original(), c.replacement(),
        c.source(), Math.round(c.confidence() * 1000) / 1000f)).toList();
  }
}
