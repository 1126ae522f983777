package io.medasr.stream;

import io.medasr.transcribe.TranscribeOptions;
import java.util.Objects;

/**
 * How a streaming session decodes.
 *
 * @param transcribe decoding settings of final decodes (at pauses and endpoints)
 * @param interimResults whether to send interim results
 * @param decodeIntervalSeconds audio to accumulate in an utterance between two decodes of its tail
 * @param endpointing when utterances end
 * @param keepUpWithRealTime pace decodes by the clock: skip interval decodes while the stream is behind real
 *     time, and space them out when the streams sharing a decoding worker would keep it too busy (a server
 *     setting; off, the decodes depend only on the audio, as tests need)
 */
public record StreamingOptions(
    TranscribeOptions transcribe,
    boolean interimResults,
    double decodeIntervalSeconds,
    Endpointing endpointing,
    boolean keepUpWithRealTime) {

  public StreamingOptions {
    Objects.requireNonNull(transcribe, "transcribe");
    Objects.requireNonNull(endpointing, "endpointing");
    if (!(decodeIntervalSeconds > 0)) {
      throw new IllegalArgumentException("decode interval must be > 0");
    }
  }
}
