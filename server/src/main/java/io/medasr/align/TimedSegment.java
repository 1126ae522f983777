package io.medasr.align;

import java.util.List;

/**
 * A segment after word timing: its bounds may move to the first word's start and the last word's
 * end (openai {@code add_word_timestamps}).
 */
public record TimedSegment(double start, double end, List<WordTiming> words) {
  public TimedSegment {
    words = List.copyOf(words);
  }
}
