package io.medasr.client;

import java.util.List;

/**
 * The recognition of one stretch of speech: final (will not change again) or, in streams, interim.
 *
 * @param alternatives readings of the speech, most likely first (one unless more were asked for)
 * @param isFinal true when this text will not change again
 * @param stability for interim results, an estimate in [0, 1] of how likely the text is to stay; 1 for finals
 * @param start start of the audio the result covers, in seconds from the start of the call's audio
 * @param end end of the audio the result covers, in seconds from the start of the call's audio
 */
public record Result(List<Transcript> alternatives, boolean isFinal, float stability, double start, double end) {

  public Result {
    alternatives = List.copyOf(alternatives);
  }

  /** The most likely reading, or {@link Transcript#EMPTY} when there is none. */
  public Transcript best() {
    return alternatives.isEmpty() ? Transcript.EMPTY : alternatives.get(0);
  }

  /** The text of the most likely reading. */
  public String text() {
    return best().text();
  }
}
