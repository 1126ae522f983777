package io.medasr.transcribe;

import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
import io.medasr.correct.CorrectedWords;
import java.util.ArrayList;
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
   * This transcription with its words retimed by {@code retimer} from {@code samples} (the whole recording), each
   * segment spanning its words; segments without words stay as they are. All words are retimed in one pass, so
   * that a word at a segment's edge is placed knowing its neighbour in the next segment.
   */
  public Transcription withWordTimes(WordRetimer retimer, float[] samples) {
    List<WordTiming> all = new ArrayList<>();
    segments.forEach(s -> all.addAll(s.words()));
    if (all.isEmpty()) {
      return this;
    }
    List<WordTiming> retimed = retimer.retime(samples, 0, samples.length, 0, all);
    List<Segment> timed = new ArrayList<>(segments.size());
    int next = 0;
    for (Segment s : segments) {
      int count = s.words().size();
      timed.add(count == 0 ? s : s.withWords(retimed.subList(next, next + count)));
      next += count;
    }
    return new Transcription(timed, durationSeconds, language);
  }

  /** The segments' texts joined (each already starts with its space), stripped. */
  public String text() {
    StringBuilder text = new StringBuilder();
    segments.forEach(s -> text.append(s.text()));
    return text.toString().strip();
  }
}
