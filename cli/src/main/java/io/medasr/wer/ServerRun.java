package io.medasr.wer;

import java.util.List;
import java.util.Locale;

/**
 * The server figures of a {@code medasr eval} run, for the reports: what the JSON report's {@code run} object
 * holds. An immutable value; thread-safe.
 *
 * @param server the {@code --server} target
 * @param concurrency calls in flight at once
 * @param utterances utterances sent (transcribed and failed)
 * @param audioSeconds audio the server reported for the transcribed utterances
 * @param wallSeconds from the first call started to the last call finished
 * @param callSeconds the transcribed utterances' call times added up
 * @param rtfWall wall time / audio, NaN without audio
 * @param rtfCalls call time / audio, NaN without audio
 * @param failures the failed utterances, in manifest order
 */
public record ServerRun(String server, int concurrency, int utterances, double audioSeconds, double wallSeconds,
    double callSeconds, double rtfWall, double rtfCalls, List<Failure> failures) {

  /**
   * One utterance without a transcript.
   *
   * @param code the gRPC status code name, or IO_ERROR when the audio file could not be read
   * @param message one line on the failure
   */
  public record Failure(String id, String audio, String code, String message) {}

  public ServerRun {
    failures = List.copyOf(failures);
  }

  public int failed() {
    return failures.size();
  }

  /** A real-time factor as the terminal and the HTML show it: three decimals, "n/a" for NaN. */
  public static String factor(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }
}
