package io.medasr.tokenizer;

import java.util.List;

/** The non-language special ids of a tokenizer in Whisper's order, for comparing against one expected list. */
final class SpecialIds {
  private SpecialIds() {}

  static List<Integer> of(SpecialTokens s) {
    return List.of(
        s.eot(),
        s.sot(),
        s.translate(),
        s.transcribe(),
        s.startOfLm(),
        s.startOfPrev(),
        s.noSpeech(),
        s.noTimestamps(),
        s.timestampBegin());
  }
}
