package io.medasr.service;

/**
 * What the log says of one call when it ends: who, what, how it ended, how much audio and how fast; never what was
 * said. Attached to the call's log record as its parameter, so that a structured log can show the fields. An
 * immutable value.
 *
 * @param id the engine's call id (0 for a call refused before admission)
 * @param method "Recognize" or "StreamingRecognize"
 * @param client the API key's name, or the client's address ("address 10.0.0.7")
 * @param status the gRPC status code's name
 * @param audioSeconds audio received (0 for a call that ended before any, or failed)
 * @param wallSeconds time from the call's first message to its status
 */
public record CallSummary(long id, String method, String client, String status, double audioSeconds,
    double wallSeconds) {

  /** Wall time per second of audio; NaN without audio. */
  public double realTimeFactor() {
    return audioSeconds > 0 ? wallSeconds / audioSeconds : Double.NaN;
  }

  /** The text log line, e.g. "call 7 Recognize OK (ward-3): 9.2 s of audio in 1.45 s (RTF 0.157)". */
  public String describe() {
    return audioSeconds > 0
        ? String.format("call %d %s %s (%s): %.1f s of audio in %.2f s (RTF %.3f)", id, method, status, client,
            audioSeconds, wallSeconds, realTimeFactor())
        : String.format("call %d %s %s (%s) after %.2f s", id, method, status, client, wallSeconds);
  }
}
