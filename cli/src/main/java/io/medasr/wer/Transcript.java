package io.medasr.wer;

/** One utterance's text with its id. */
public record Transcript(String id, String text) {
  public Transcript {
    if (id == null || text == null) {
      throw new IllegalArgumentException("a transcript needs an id and a text");
    }
  }
}
