package io.medasr.transcribe;

import io.medasr.align.WordTiming;
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
 * @param vocabulary bias phrases the window's decoding completed (its words may contain them)
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
    Set<String> vocabulary) {

  public Segment {
    words = List.copyOf(words);
    vocabulary = Set.copyOf(vocabulary);
  }
}
