package io.medasr.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.medasr.wer.ServerRun;
import io.medasr.wer.TimedWords;
import io.medasr.wer.Transcript;
import java.util.List;
import java.util.Locale;

/**
 * The server half of an {@code eval} run: every utterance's outcome in manifest order and how long it all
 * took, with the figures {@code eval} prints beside the WER. An immutable value; thread-safe.
 *
 * @param server the {@code --server} target
 * @param transcriptions one per manifest utterance, in manifest order
 * @param wallNanos from the first call started to the last call finished
 * @param serverCpuSeconds the user + system CPU time the server process used over the same span, when {@code eval}
 *     started that process ({@code --model-dir}); NaN otherwise
 */
record EvalRun(String server, int concurrency, List<Transcription> transcriptions, long wallNanos,
    double serverCpuSeconds) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  EvalRun {
    transcriptions = List.copyOf(transcriptions);
  }

  List<Transcription> failures() {
    return transcriptions.stream().filter(Transcription::hasFailed).toList();
  }

  /** The transcripts of the utterances that were transcribed; failed ones are left out (scored as empty). */
  List<Transcript> hypotheses() {
    return transcriptions.stream().filter(t -> !t.hasFailed()).map(t -> new Transcript(t.entry().id(), t.text()))
        .toList();
  }

  /** The words and times of the utterances that were transcribed. */
  List<TimedWords> timedHypotheses() {
    return transcriptions.stream().filter(t -> !t.hasFailed())
        .map(t -> new TimedWords(t.entry().id(), "", 0,
            t.words().stream().map(w -> new TimedWords.Word(w.text(), w.start(), w.end())).toList()))
        .toList();
  }

  /** Seconds of audio the server reported for the transcribed utterances. */
  double audioSeconds() {
    return transcriptions.stream().mapToDouble(Transcription::audioSeconds).sum();
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  /**
   * The times of the calls that returned a transcript, added up (failed calls have no audio seconds to set them
   * against): above the wall time when calls overlapped.
   */
  double callSeconds() {
    return transcriptions.stream().filter(t -> !t.hasFailed()).mapToLong(Transcription::elapsedNanos).sum() / 1e9;
  }

  /** Real-time factor of the run: wall time per second of audio (below 1: faster than real time). */
  double wallRealTimeFactor() {
    return ratio(wallSeconds(), audioSeconds());
  }

  /** Real-time factor of a call: call time per second of audio, whatever the concurrency. */
  double callRealTimeFactor() {
    return ratio(callSeconds(), audioSeconds());
  }

  /** Server CPU seconds per second of audio: how many cores the server needs per real-time stream; NaN if unknown. */
  double serverCpuPerAudioSecond() {
    return ratio(serverCpuSeconds, audioSeconds());
  }

  private static double ratio(double seconds, double audioSeconds) {
    return audioSeconds > 0 ? seconds / audioSeconds : Double.NaN;
  }

  /** The lines {@code eval} adds under the WER table. */
  String text() {
    List<Transcription> failures = failures();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nserver run: %d utterances (%d transcribed, %d failed), server %s,"
        + " concurrency %d%n", transcriptions.size(), transcriptions.size() - failures.size(), failures.size(),
        server, concurrency));
    out.append(String.format(Locale.ROOT, "  audio      %10.2f s%n", audioSeconds()));
    out.append(String.format(Locale.ROOT, "  wall time  %10.2f s%n", wallSeconds()));
    out.append(String.format(Locale.ROOT, "  call time  %10.2f s   (the transcribed utterances' calls added up)%n", callSeconds()));
    out.append(String.format(Locale.ROOT, "  RTF wall   %10s     (wall time / audio)%n", ServerRun.factor(wallRealTimeFactor())));
    out.append(String.format(Locale.ROOT, "  RTF calls  %10s     (call time / audio)%n", ServerRun.factor(callRealTimeFactor())));
    if (!Double.isNaN(serverCpuSeconds)) {
      out.append(String.format(Locale.ROOT, "  server CPU %10.2f s   (user + system; %s CPU s per audio s)%n",
          serverCpuSeconds, ServerRun.factor(serverCpuPerAudioSecond())));
    }
    if (!failures.isEmpty()) {
      out.append("failed utterances (scored as empty hypotheses): ").append(failures.size()).append('\n');
      for (Transcription failure : failures) {
        out.append("  ").append(failure.entry().id()).append(" (").append(failure.entry().audio()).append("): ")
            .append(failure.errorCode()).append(": ").append(failure.errorMessage()).append('\n');
      }
    }
    return out.toString();
  }

  /** These figures for the reports (the HTML report's Run section). */
  ServerRun figures() {
    List<ServerRun.Failure> failed = failures().stream().map(f -> new ServerRun.Failure(f.entry().id(),
        f.entry().audio(), f.errorCode(), f.errorMessage())).toList();
    return new ServerRun(server, concurrency, transcriptions.size(), audioSeconds(), wallSeconds(), callSeconds(),
        wallRealTimeFactor(), callRealTimeFactor(), failed);
  }

  /** What {@code eval} adds to the JSON report: one member, {@code "run"}, with {@link #figures}. */
  JsonObject reportMembers() {
    ServerRun figures = figures();
    JsonObject run = new JsonObject();
    run.addProperty("server", figures.server());
    run.addProperty("concurrency", figures.concurrency());
    run.addProperty("utterances", figures.utterances());
    run.addProperty("failed", figures.failed());
    run.addProperty("audioSeconds", figures.audioSeconds());
    run.addProperty("wallSeconds", figures.wallSeconds());
    run.addProperty("callSeconds", figures.callSeconds());
    run.add("rtfWall", number(figures.rtfWall()));
    run.add("rtfCalls", number(figures.rtfCalls()));
    run.add("serverCpuSeconds", number(serverCpuSeconds));
    run.add("serverCpuPerAudioSecond", number(serverCpuPerAudioSecond()));
    JsonArray failures = new JsonArray();
    for (ServerRun.Failure failure : figures.failures()) {
      JsonObject o = new JsonObject();
      o.addProperty("id", failure.id());
      o.addProperty("audio", failure.audio());
      o.addProperty("code", failure.code());
      o.addProperty("message", failure.message());
      failures.add(o);
    }
    run.add("failures", failures);
    JsonObject members = new JsonObject();
    members.add("run", run);
    return members;
  }

  private static JsonElement number(double value) {
    return Double.isNaN(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
  }

  /**
   * The {@code --hyp-out} file: one line per transcribed utterance in manifest order, with {@code id},
   * {@code text}, {@code audio} (as the manifest writes it), {@code duration} (s), {@code elapsed_ms} and
   * {@code words} (as {@code transcribe --json} writes them; {@code word}, {@code start} and {@code end} are what
   * {@code align} scores).
   * Failed utterances are left out, so that {@code wer} lists them as missing, as {@code eval} does.
   */
  String hypothesisLines() {
    StringBuilder out = new StringBuilder();
    for (Transcription t : transcriptions) {
      if (t.hasFailed()) {
        continue;
      }
      JsonObject line = new JsonObject();
      line.addProperty("id", t.entry().id());
      line.addProperty("text", t.text());
      line.addProperty("audio", t.entry().audio());
      line.addProperty("duration", t.audioSeconds());
      line.addProperty("elapsed_ms", t.elapsedNanos() / 1_000_000);
      line.add("words", JsonLines.words(t.words()));
      out.append(GSON.toJson(line)).append('\n');
    }
    return out.toString();
  }
}
