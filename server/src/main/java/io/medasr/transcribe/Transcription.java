package io.medasr.transcribe;

import java.util.List;

/**
 * All segments of one audio input.
 *
 * @param durationSeconds length of the input audio
 * @param language the language decoded (requested or detected)
 */
public record Transcription(List<Segment> segments, double durationSeconds, String language) {

  public Transcription {
    segments = List.copyOf(segments);
  }

  /** The segments' texts joined (each already starts with its space), stripped. */
  public String text() {
    StringBuilder text = new StringBuilder();
    segments.forEach(s -> text.append(s.text()));
    return text.toString().strip();
  }
}
