package io.medasr.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.medasr.wer.CorpusScore;
import io.medasr.wer.ErrorCounts;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A finished {@code bench} run: every stream's measurements, the unary transcriptions of the same files, both
 * scores and the server's usage, with the totals and the two outputs (text and JSON) made from them. An
 * immutable value; thread-safe.
 *
 * @param streams one per manifest file, in manifest order
 * @param streamingWallNanos from the first stream's start to the last stream's end
 * @param unary the Recognize outcome of each file, in manifest order
 * @param server the server's usage; null without {@code --server-pid}
 */
record BenchRun(BenchSettings settings, List<StreamMeasurement> streams, long streamingWallNanos,
    List<Transcription> unary, CorpusScore streamingScore, CorpusScore unaryScore, ServerUsage server) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
      .create();
  private static final String NOT_REALTIME = "not --realtime: the audio went as fast as flow control allowed,"
      + " so latency and lag figures are not meaningful";
  private static final String DEFINITIONS = SpeechSpan.DEFINITION + ".\n"
      + "first interim: first interim (or final) result's arrival minus when the speech start's audio was due"
      + " (stream start + speech start); final: last final result's arrival minus when the end of speech was due;"
      + " lag at end: first response reporting all audio (with the trailing silence) processed, or the stream's"
      + " completion, minus when that audio was due, 0 if earlier; max lag: (arrival - stream start) -"
      + " processed audio, largest over the responses. p50/p95: nearest rank over the completed streams."
      + " Latency and lag figures are meaningful only with --realtime.\n";

  BenchRun {
    streams = List.copyOf(streams);
    unary = List.copyOf(unary);
  }

  List<StreamMeasurement> completed() {
    return streams.stream().filter(s -> !s.hasFailed()).toList();
  }

  List<StreamMeasurement> failedStreams() {
    return streams.stream().filter(StreamMeasurement::hasFailed).toList();
  }

  List<Transcription> failedRecognitions() {
    return unary.stream().filter(Transcription::hasFailed).toList();
  }

  boolean anyFailed() {
    return !failedStreams().isEmpty() || !failedRecognitions().isEmpty();
  }

  double audioSeconds() {
    return completed().stream().mapToDouble(StreamMeasurement::audioSeconds).sum();
  }

  Double percentile(Function<StreamMeasurement, Double> figure, int percent) {
    return Percentiles.nearestRank(values(figure), percent);
  }

  /** The mean gap between consecutive interims over all the completed streams' gaps together. */
  Double meanInterimInterval() {
    double totalMillis = 0;
    long gaps = 0;
    for (StreamMeasurement stream : completed()) {
      if (stream.meanInterimIntervalMillis() != null) {
        totalMillis += stream.meanInterimIntervalMillis() * (stream.interimCount() - 1);
        gaps += stream.interimCount() - 1;
      }
    }
    return gaps == 0 ? null : totalMillis / gaps;
  }

  Double max(Function<StreamMeasurement, Double> figure) {
    return values(figure).stream().max(Double::compare).orElse(null);
  }

  private List<Double> values(Function<StreamMeasurement, Double> figure) {
    return completed().stream().map(figure).filter(Objects::nonNull).toList();
  }

  /** The tables, the totals, the WERs side by side and the definitions. */
  String text() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "medasr bench: %d streams from %s, server %s%n", streams.size(),
        settings.manifest(), settings.server()));
    out.append(String.format(Locale.ROOT, "  concurrency %d, %s, chunks of %d ms, %.1f s of trailing silence,"
        + " word times %s%n", settings.concurrency(), settings.realtime() ? "realtime" : "as fast as possible",
        settings.chunkMillis(), settings.trailingSilenceMillis() / 1000.0, settings.wordTimes() ? "on" : "off"));
    if (!settings.realtime()) {
      out.append("  ").append(NOT_REALTIME).append('\n');
    }
    appendStreamTable(out);
    appendTotals(out);
    appendWer(out);
    appendFailures(out);
    out.append('\n').append(DEFINITIONS);
    return out.toString();
  }

  private void appendStreamTable(StringBuilder out) {
    int idWidth = Math.max(2, streams.stream().mapToInt(s -> s.entry().id().length()).max().orElse(2));
    String row = "%-" + idWidth + "s  %8s  %11s  %16s  %8s  %8s  %8s%n";
    out.append('\n').append(String.format(Locale.ROOT, row, "id", "audio s", "speech s", "first interim ms",
        "final ms", "lag ms", "interims"));
    for (StreamMeasurement stream : streams) {
      if (stream.hasFailed()) {
        out.append(String.format(Locale.ROOT, "%-" + idWidth + "s  failed: %s%n", stream.entry().id(),
            stream.errorCode()));
        continue;
      }
      String speech = stream.speech() == null ? "none" : String.format(Locale.ROOT, "%.2f-%.2f",
          stream.speech().startSeconds(), stream.speech().endSeconds());
      out.append(String.format(Locale.ROOT, row, stream.entry().id(),
          String.format(Locale.ROOT, "%.2f", stream.audioSeconds()), speech, millis(stream.firstInterimMillis()),
          millis(stream.finalMillis()), millis(stream.lagAtEndMillis()), stream.interimCount()));
    }
  }

  private void appendTotals(StringBuilder out) {
    out.append(String.format(Locale.ROOT, "%ntotals: %d streams completed, %d failed; audio %.2f s, wall %.2f s%n",
        completed().size(), failedStreams().size(), audioSeconds(), streamingWallNanos / 1e9));
    out.append(String.format(Locale.ROOT, "  first interim     p50 %9s   p95 %9s%n",
        millisWithUnit(percentile(StreamMeasurement::firstInterimMillis, 50)),
        millisWithUnit(percentile(StreamMeasurement::firstInterimMillis, 95))));
    out.append(String.format(Locale.ROOT, "  final             p50 %9s   p95 %9s%n",
        millisWithUnit(percentile(StreamMeasurement::finalMillis, 50)),
        millisWithUnit(percentile(StreamMeasurement::finalMillis, 95))));
    out.append(String.format(Locale.ROOT, "  interim interval  mean %8s%n", millisWithUnit(meanInterimInterval())));
    out.append(String.format(Locale.ROOT, "  lag at end        max %9s   (largest lag during a stream: %s)%n",
        millisWithUnit(max(StreamMeasurement::lagAtEndMillis)), millisWithUnit(max(StreamMeasurement::maxLagMillis))));
    if (server == null) {
      out.append("  server CPU, RSS   n/a (no --server-pid)\n");
      return;
    }
    out.append(String.format(Locale.ROOT, "  server pid %d: CPU %s s streaming, %s s unary (clock ticks %d/s%s);"
        + " peak RSS %s MiB (sampled every %.1f s), VmHWM %s MiB%n", server.pid(),
        seconds(server.streamingCpuSeconds()), seconds(server.unaryCpuSeconds()), server.clockTicksPerSecond(),
        server.clockTicksAssumed() ? ", assumed: getconf CLK_TCK failed" : " from getconf CLK_TCK",
        mib(server.peakRssKib()), ServerProcessMonitor.SAMPLE_INTERVAL.toMillis() / 1000.0,
        mib(server.highWaterMarkKib())));
  }

  private void appendWer(StringBuilder out) {
    ErrorCounts streamed = streamingScore.words();
    ErrorCounts recognized = unaryScore.words();
    String row = "  %-28s %16s %16s%n";
    out.append(String.format(Locale.ROOT, "%nWER, normalization %-9s %16s %16s%n", settings.normalization(),
        "streamed finals", "unary Recognize"));
    out.append(String.format(Locale.ROOT, row, "WER", percent(streamed), percent(recognized)));
    out.append(String.format(Locale.ROOT, row, "errors / reference words",
        streamed.errors() + " / " + streamed.referenceLength(),
        recognized.errors() + " / " + recognized.referenceLength()));
    out.append(String.format(Locale.ROOT, row, "substitutions", streamed.substitutions(),
        recognized.substitutions()));
    out.append(String.format(Locale.ROOT, row, "deletions", streamed.deletions(), recognized.deletions()));
    out.append(String.format(Locale.ROOT, row, "insertions", streamed.insertions(), recognized.insertions()));
    out.append(String.format(Locale.ROOT, row, "missing (scored as empty)",
        streamingScore.missingHypotheses().size(), unaryScore.missingHypotheses().size()));
    out.append(String.format(Locale.ROOT, "  streamed minus unary: %+.2f points%n", werDifferencePoints()));
  }

  private void appendFailures(StringBuilder out) {
    if (!failedStreams().isEmpty()) {
      out.append("\nfailed streams (left out of the totals, scored as empty): ").append(failedStreams().size())
          .append('\n');
      failedStreams().forEach(s -> out.append("  ").append(s.entry().id()).append(" (").append(s.entry().audio())
          .append("): ").append(s.errorCode()).append(": ").append(s.errorMessage()).append('\n'));
    }
    if (!failedRecognitions().isEmpty()) {
      out.append("\nfailed Recognize calls (scored as empty): ").append(failedRecognitions().size()).append('\n');
      failedRecognitions().forEach(t -> out.append("  ").append(t.entry().id()).append(" (")
          .append(t.entry().audio()).append("): ").append(t.errorCode()).append(": ").append(t.errorMessage())
          .append('\n'));
    }
  }

  double werDifferencePoints() {
    return 100 * (streamingScore.words().errorRate() - unaryScore.words().errorRate());
  }

  /** The one JSON object of {@code --json}; its keys are documented in {@link BenchCommand#USAGE}. */
  String json() {
    JsonObject json = new JsonObject();
    json.add("settings", settingsJson());
    JsonArray streamArray = new JsonArray();
    for (int i = 0; i < streams.size(); i++) {
      streamArray.add(streamJson(streams.get(i), unary.get(i)));
    }
    json.add("streams", streamArray);
    json.add("totals", totalsJson());
    json.add("wer", werJson());
    return GSON.toJson(json) + "\n";
  }

  private JsonObject settingsJson() {
    JsonObject json = new JsonObject();
    json.addProperty("server", settings.server());
    json.addProperty("manifest", settings.manifest());
    json.addProperty("concurrency", settings.concurrency());
    json.addProperty("realtime", settings.realtime());
    json.addProperty("chunk_ms", settings.chunkMillis());
    json.addProperty("trailing_silence_ms", settings.trailingSilenceMillis());
    json.addProperty("normalization", settings.normalization());
    json.addProperty("word_times", settings.wordTimes());
    json.addProperty("server_pid", settings.serverPid());
    json.addProperty("speech_detector", SpeechSpan.DEFINITION);
    json.addProperty("percentiles", "nearest rank: the value of rank ceil(p/100 * n) in ascending order");
    return json;
  }

  private static JsonObject streamJson(StreamMeasurement stream, Transcription unary) {
    JsonObject json = new JsonObject();
    json.addProperty("id", stream.entry().id());
    json.addProperty("audio", stream.entry().audio());
    json.addProperty("audio_seconds", stream.audioSeconds());
    json.addProperty("speech_start_seconds", stream.speech() == null ? null : stream.speech().startSeconds());
    json.addProperty("speech_end_seconds", stream.speech() == null ? null : stream.speech().endSeconds());
    json.addProperty("first_interim_ms", stream.firstInterimMillis());
    json.addProperty("mean_interim_interval_ms", stream.meanInterimIntervalMillis());
    json.addProperty("final_ms", stream.finalMillis());
    json.addProperty("lag_at_end_ms", stream.lagAtEndMillis());
    json.addProperty("max_lag_ms", stream.maxLagMillis());
    json.addProperty("interim_results", stream.interimCount());
    json.addProperty("final_results", stream.finalCount());
    json.addProperty("speech_started_events", stream.speechStartedEvents());
    json.addProperty("end_of_utterance_events", stream.endOfUtteranceEvents());
    json.addProperty("transcript", stream.transcript());
    json.addProperty("unary_transcript", unary.text());
    json.add("error", stream.hasFailed() ? error(stream.errorCode(), stream.errorMessage()) : JsonNull.INSTANCE);
    return json;
  }

  private JsonObject totalsJson() {
    JsonObject json = new JsonObject();
    json.addProperty("streams", streams.size());
    json.addProperty("failed_streams", failedStreams().size());
    json.addProperty("audio_seconds", audioSeconds());
    json.addProperty("wall_seconds", streamingWallNanos / 1e9);
    json.add("first_interim_ms", percentiles(StreamMeasurement::firstInterimMillis));
    json.add("final_ms", percentiles(StreamMeasurement::finalMillis));
    json.addProperty("mean_interim_interval_ms", meanInterimInterval());
    json.addProperty("max_lag_at_end_ms", max(StreamMeasurement::lagAtEndMillis));
    json.addProperty("max_lag_ms", max(StreamMeasurement::maxLagMillis));
    json.add("server", server == null ? JsonNull.INSTANCE : serverJson());
    return json;
  }

  private JsonObject percentiles(Function<StreamMeasurement, Double> figure) {
    JsonObject json = new JsonObject();
    json.addProperty("p50", percentile(figure, 50));
    json.addProperty("p95", percentile(figure, 95));
    return json;
  }

  private JsonObject serverJson() {
    JsonObject json = new JsonObject();
    json.addProperty("pid", server.pid());
    json.add("streaming_cpu_seconds", number(server.streamingCpuSeconds()));
    json.add("unary_cpu_seconds", number(server.unaryCpuSeconds()));
    json.add("peak_rss_mib", mibOrNull(server.peakRssKib()));
    json.add("vm_hwm_mib", mibOrNull(server.highWaterMarkKib()));
    json.addProperty("clock_ticks_per_second", server.clockTicksPerSecond());
    json.addProperty("clock_ticks_assumed", server.clockTicksAssumed());
    return json;
  }

  private JsonObject werJson() {
    JsonObject json = new JsonObject();
    json.addProperty("normalization", settings.normalization());
    json.add("streaming", scoreJson(streamingScore));
    json.add("unary", scoreJson(unaryScore));
    json.addProperty("difference_points", werDifferencePoints());
    JsonArray failures = new JsonArray();
    for (Transcription failed : failedRecognitions()) {
      JsonObject entry = error(failed.errorCode(), failed.errorMessage());
      entry.addProperty("id", failed.entry().id());
      failures.add(entry);
    }
    json.add("unary_failures", failures);
    return json;
  }

  private static JsonObject scoreJson(CorpusScore score) {
    ErrorCounts words = score.words();
    JsonObject json = new JsonObject();
    json.addProperty("wer", 100 * words.errorRate());
    json.addProperty("errors", words.errors());
    json.addProperty("reference_words", words.referenceLength());
    json.addProperty("hits", words.hits());
    json.addProperty("substitutions", words.substitutions());
    json.addProperty("deletions", words.deletions());
    json.addProperty("insertions", words.insertions());
    json.addProperty("missing", score.missingHypotheses().size());
    return json;
  }

  private static JsonObject error(String code, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("code", code);
    json.addProperty("message", message);
    return json;
  }

  private static JsonElement number(double value) {
    return Double.isNaN(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
  }

  /** 0 KiB is what an unreadable /proc gives. */
  private static JsonElement mibOrNull(long kib) {
    return kib > 0 ? new JsonPrimitive(kib / 1024.0) : JsonNull.INSTANCE;
  }

  private static String millis(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String millisWithUnit(Double value) {
    return value == null ? "n/a" : millis(value) + " ms";
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String mib(long kib) {
    return kib <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }

  private static String percent(ErrorCounts counts) {
    return String.format(Locale.ROOT, "%.2f %%", 100 * counts.errorRate());
  }
}
