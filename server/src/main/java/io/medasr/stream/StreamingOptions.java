package io.medasr.stream;

import io.medasr.transcribe.TranscribeOptions;

/**
 * How a streaming session decodes.
 *
 * @param transcribe decoding settings for final results
 * @param interimResults whether to produce interim results while audio arrives
 * @param interimIntervalSeconds audio to accumulate between two interim decodes
 */
public record StreamingOptions(
    TranscribeOptions transcribe, boolean interimResults, double interimIntervalSeconds) {

  public StreamingOptions {
    if (!(interimIntervalSeconds > 0)) {
      throw new IllegalArgumentException("interim interval must be > 0");
    }
  }
}
