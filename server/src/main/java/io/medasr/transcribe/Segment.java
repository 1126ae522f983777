package io.medasr.transcribe;

import io.medasr.align.WordTiming;
import io.medasr.correct.CorrectedWords;
import io.medasr.correct.Correction;
import java.util.List;
import java.util.Set;

/**
 * A stretch of transcript between two timestamp tokens (or a whole window without them).
 *
 * @param start seconds from the start of the audio
 * @param end seconds from the start of the audio
 * @param text decoded text, with Whisper's leading space
 * @param words word timings when requested, else empty
 * @param avgLogprob of the window's decoding result
 * @param noSpeechProb of the window's decoding result
 * @param temperature the window was decoded at
 * @param compressionRatio of the window's text
 * @param vocabulary bias phrases the window's decoding completed or a corrector put in (its words may contain them)
 * @param rawText the decoded text before correction, equal to {@code text} when nothing was corrected
 * @param corrections the changes that made {@code text} of {@code rawText}, in text order
 */
public record Segment(
    double start,
    double end,
    String text,
    List<WordTiming> words,
    double avgLogprob,
    double noSpeechProb,
    double temperature,
    double compressionRatio,
    Set<String> vocabulary,
    String rawText,
    List<Correction> corrections) {

  public Segment {
    words = List.copyOf(words);
    vocabulary = Set.copyOf(vocabulary);
    corrections = List.copyOf(corrections);
  }

  /** A segment as decoded, not corrected. */
  public Segment(double start, double end, String text, List<WordTiming> words, double avgLogprob,
      double noSpeechProb, double temperature, double compressionRatio, Set<String> vocabulary) {
    this(start, end, text, words, avgLogprob, noSpeechProb, temperature, compressionRatio, vocabulary, text,
        List.of());
  }

  /** This segment with {@code timed} for its words (the same words, other times), spanning them. */
  public Segment withWords(List<WordTiming> timed) {
    if (timed.isEmpty()) {
      return this;
    }
    return new Segment(timed.get(0).start(), timed.get(timed.size() - 1).end(), text, timed, avgLogprob,
        noSpeechProb, temperature, compressionRatio, vocabulary, rawText, corrections);
  }

  /** This segment with its words corrected: its text follows them, its raw text stays. */
  public Segment corrected(CorrectedWords corrected) {
    if (corrected.corrections().isEmpty()) {
      return this;
    }
    return new Segment(start, end, " " + corrected.text(), corrected.words(), avgLogprob, noSpeechProb, temperature,
        compressionRatio, corrected.vocabularyWith(vocabulary), rawText, corrected.corrections());
  }
}
