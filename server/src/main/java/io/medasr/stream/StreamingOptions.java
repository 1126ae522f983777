package io.medasr.stream;

import io.medasr.transcribe.TranscribeOptions;

/**
 * How a streaming session decodes.
 *
 * @param transcribe decoding settings for final results
 * @param interimResults whether to produce interim results while audio arrives
 * @param interimIntervalSeconds audio to accumulate between two interim decodes
 * @param maxAudioSeconds longest audio accepted on the stream
 */
public record StreamingOptions(
    TranscribeOptions transcribe, boolean interimResults, double interimIntervalSeconds, double maxAudioSeconds) {

  public StreamingOptions {
    if (!(interimIntervalSeconds > 0)) {
      throw new IllegalArgumentException("interim interval must be > 0");
    }
    if (!(maxAudioSeconds > 0)) {
      throw new IllegalArgumentException("max audio seconds must be > 0");
    }
  }
}
