package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Where speech is in real recordings, and how far a detector's first and last segment are from it. */
final class SpeechTiming {
  /** A clip with the true start of its first word and end of its last word, in seconds. */
  record Clip(String id, Path wav, double speechStart, double speechEnd) {}

  /** Signed errors of one clip: detected first start and last end minus the truth, in seconds. */
  record Error(String id, double start, double end) {}

  private SpeechTiming() {}

  /** shared/data/speech/timing-synth (40 clips with true word times; see its README). */
  static List<Clip> timingSynth() throws Exception {
    Path manifest = TestAssets.speech("timing-synth/manifest.jsonl");
    List<Clip> clips = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      JsonObject entry = JsonParser.parseString(line).getAsJsonObject();
      JsonArray words = entry.getAsJsonArray("words");
      clips.add(
          new Clip(
              entry.get("id").getAsString(),
              manifest.resolveSibling(entry.get("audio").getAsString()),
              words.get(0).getAsJsonObject().get("start").getAsDouble(),
              words.get(words.size() - 1).getAsJsonObject().get("end").getAsDouble()));
    }
    return clips;
  }

  /** The segments of {@code clip}, fed in 100 ms chunks as a stream would bring them. */
  static List<SpeechSegment> segments(VadBackend backend, float[] samples) {
    VoiceActivityDetector detector = backend.newDetector(VadConfig.defaults());
    List<SpeechSegment> segments = new ArrayList<>();
    int chunk = VadFormat.SAMPLE_RATE / 10;
    for (int from = 0; from < samples.length; from += chunk) {
      segments.addAll(detector.accept(samples, from, Math.min(chunk, samples.length - from)).segments());
    }
    segments.addAll(detector.finish().segments());
    return segments;
  }

  static Error error(VadBackend backend, Clip clip) throws Exception {
    List<SpeechSegment> segments = segments(backend, AudioDecoders.readFile(clip.wav()));
    assertFalse(segments.isEmpty(), clip.id() + ": no speech found");
    return new Error(
        clip.id(),
        segments.get(0).startSeconds() - clip.speechStart(),
        segments.get(segments.size() - 1).endSeconds() - clip.speechEnd());
  }

  /** Asserts each clip's errors within the tolerances and returns a one-line summary of the set. */
  static String assertWithin(List<Error> errors, double startTolerance, double endTolerance) {
    for (Error e : errors) {
      assertTrue(Math.abs(e.start()) <= startTolerance, e + ": start off by more than " + startTolerance + " s");
      assertTrue(Math.abs(e.end()) <= endTolerance, e + ": end off by more than " + endTolerance + " s");
    }
    double[] start = errors.stream().mapToDouble(e -> Math.abs(e.start())).toArray();
    double[] end = errors.stream().mapToDouble(e -> Math.abs(e.end())).toArray();
    return String.format(
        "%d clips: |start error| median %.3f s, max %.3f s, mean signed %+.3f s; |end error| median %.3f s, "
            + "max %.3f s, mean signed %+.3f s",
        errors.size(), median(start), Arrays.stream(start).max().orElse(0),
        errors.stream().mapToDouble(Error::start).average().orElse(0), median(end),
        Arrays.stream(end).max().orElse(0), errors.stream().mapToDouble(Error::end).average().orElse(0));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
