package io.medasr.align;

import java.util.ArrayList;
import java.util.List;

/** A word while its times and punctuation are being adjusted (window-relative seconds). Mutable, one thread. */
final class WordSpan {
  String word;
  List<Integer> tokens;
  double start;
  double end;
  final double probability;

  WordSpan(String word, List<Integer> tokens, double start, double end, double probability) {
    this.word = word;
    this.tokens = new ArrayList<>(tokens);
    this.start = start;
    this.end = end;
    this.probability = probability;
  }
}
