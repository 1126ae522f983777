package io.medasr.transcribe;

import io.medasr.align.SpeechPauses;
import io.medasr.align.WordTiming;
import io.medasr.correct.CorrectedWords;
import java.util.List;
import java.util.function.Function;

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

  /** This transcription with each segment's words corrected by {@code corrector}. */
  public Transcription corrected(Function<List<WordTiming>, CorrectedWords> corrector) {
    return new Transcription(segments.stream().map(s -> s.corrected(corrector.apply(s.words()))).toList(),
        durationSeconds, language);
  }

  /**
   * This transcription with its words' times refined by {@code pauses} (the recording's), each segment spanning its
   * words; segments without words stay as they are.
   */
  public Transcription withWordTimesRefined(SpeechPauses pauses) {
    return new Transcription(segments.stream().map(s -> s.withWords(pauses.refine(s.words()))).toList(),
        durationSeconds, language);
  }

  /** The segments' texts joined (each already starts with its space), stripped. */
  public String text() {
    StringBuilder text = new StringBuilder();
    segments.forEach(s -> text.append(s.text()));
    return text.toString().strip();
  }
}
