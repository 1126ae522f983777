package io.medasr.stream;

import io.medasr.correct.Corrector;
import io.medasr.transcribe.TranscribeOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * How a streaming session decodes.
 *
 * @param transcribe decoding settings of final decodes (at pauses and endpoints)
 * @param interimResults whether to send interim results
 * @param decodeIntervalSeconds audio to accumulate in an utterance between two decodes of its tail
 * @param endpointing when utterances end
 * @param keepUpWithRealTime pace decodes by the clock and the load: skip interval decodes while the stream is
 *     behind real time, space them out when the streams sharing a decoding worker would keep it too busy, and
 *     hold them (an interval at most) while another stream runs a decode that its final results wait for (a
 *     server setting; off, the decodes depend only on the audio, as tests need)
 * @param finalContextSeconds final speech that the decodes before finals (at pauses and endpoints) hear again
 *     before the words that are not final yet, 0 to {@value #MAX_FINAL_CONTEXT_SECONDS}: more accurate finals,
 *     at the cost of longer decodes where finals wait for them (docs/streaming.md)
 * @param corrector corrects final results (interim results are not corrected: their words change anyway, and a
 *     correction that appeared and went would flicker); empty for none
 */
public record StreamingOptions(
    TranscribeOptions transcribe,
    boolean interimResults,
    double decodeIntervalSeconds,
    Endpointing endpointing,
    boolean keepUpWithRealTime,
    double finalContextSeconds,
    Optional<Corrector> corrector) {

  /**
   * Decoded from a word in the middle of a sentence, with the text before it only as prompt, Whisper gets the
   * words after it wrong more often: on 30 clips without the clock, 73 errors on english-more and 81 on
   * medical-synth without this context, 64 and 72 with it.
   */
  public static final double DEFAULT_FINAL_CONTEXT_SECONDS = 3.0;
  /** A stream's tail is at most 24 s; the context must leave it room for the words that are not final. */
  public static final double MAX_FINAL_CONTEXT_SECONDS = 10.0;

  public StreamingOptions {
    Objects.requireNonNull(transcribe, "transcribe");
    Objects.requireNonNull(endpointing, "endpointing");
    Objects.requireNonNull(corrector, "corrector");
    if (!(decodeIntervalSeconds > 0)) {
      throw new IllegalArgumentException("decode interval must be > 0");
    }
    checkFinalContext(finalContextSeconds);
  }

  /** Options without a corrector. */
  public StreamingOptions(TranscribeOptions transcribe, boolean interimResults, double decodeIntervalSeconds,
      Endpointing endpointing, boolean keepUpWithRealTime, double finalContextSeconds) {
    this(transcribe, interimResults, decodeIntervalSeconds, endpointing, keepUpWithRealTime, finalContextSeconds,
        Optional.empty());
  }

  /** Refuses a final context outside 0 to {@value #MAX_FINAL_CONTEXT_SECONDS} s. */
  public static void checkFinalContext(double seconds) {
    if (!(seconds >= 0 && seconds <= MAX_FINAL_CONTEXT_SECONDS)) {
      throw new IllegalArgumentException("stream final context must be 0.." + MAX_FINAL_CONTEXT_SECONDS
          + " s, got " + seconds);
    }
  }
}
