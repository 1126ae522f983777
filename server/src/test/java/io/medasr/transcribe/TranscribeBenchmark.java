package io.medasr.transcribe;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.decoding.DecodingOptions;
import io.medasr.decoding.DecodingResult;
import io.medasr.decoding.GreedyDecoder;
import io.medasr.features.LogMelSpectrogram;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times the engine alone (no gRPC, on the server's shared thread pool) over the clips of a speech manifest: whole
 * {@link Transcriber} runs give the real-time factor, and a split pass over each clip's first window gives log-mel,
 * encoder and per-token decoder times. Not a test; run it with {@code java -cp} (docs/engine.md, "Performance").
 *
 * <p>Arguments: {@code MODEL_DIR MANIFEST [--threads N] [--repeats K] [--variant fp32|int8]
 * [--options greedy|beam5|default]}. {@code greedy} = temperature 0 without timestamp tokens and without
 * fallback; {@code beam5} = the same with beam search of 5 beams; {@code default} = {@link TranscribeOptions#defaults()}.
 */
public final class TranscribeBenchmark {
  private static final int SAMPLE_RATE = 16000;

  private record Clip(String id, float[] samples) {
    double seconds() {
      return (double) samples.length / SAMPLE_RATE;
    }
  }

  private TranscribeBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TranscribeBenchmark MODEL_DIR MANIFEST [--threads N] [--repeats K]"
          + " [--variant fp32|int8] [--options greedy|beam5|default]");
      System.exit(2);
    }
    Path modelDir = Path.of(args[0]);
    Path manifest = Path.of(args[1]);
    int threads = 2;
    int repeats = 3;
    String variant = "fp32";
    String optionSet = "greedy";
    for (int i = 2; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--variant" -> variant = args[i + 1];
        case "--options" -> optionSet = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    TranscribeOptions options = switch (optionSet) {
      case "greedy" -> TranscribeOptions.defaults().withoutTimestamps(true).withTemperatures(List.of(0.0));
      case "beam5" -> TranscribeOptions.defaults().withoutTimestamps(true).withTemperatures(List.of(0.0))
          .withBeamSize(5);
      case "default" -> TranscribeOptions.defaults();
      default -> throw new IllegalArgumentException("--options must be greedy, beam5 or default");
    };
    String suffix = switch (variant) {
      case "fp32" -> WhisperModel.FP32;
      case "int8" -> WhisperModel.INT8;
      default -> throw new IllegalArgumentException("--variant must be fp32 or int8");
    };

    List<Clip> clips = readClips(manifest);
    double totalSeconds = clips.stream().mapToDouble(Clip::seconds).sum();
    // the server's threading: one pool of N threads that the encoder and decoder sessions share and that sleeps
    // when idle (with a pool per session, the encoder's spinning threads slowed the decoder's first run from 36 to
    // 58-68 ms a window on 2 cores)
    OrtSettings.createSharedPool(threads);
    OrtSettings settings = OrtSettings.onSharedPool();
    long loadStart = System.nanoTime();
    try (WhisperModel model = WhisperModel.load(modelDir, settings, suffix)) {
      System.out.printf(Locale.ROOT, "model %s (%s), %d threads, options %s, %d clips, %.1f s audio, load %.0f ms%n",
          model.name(), model.layout(), threads, optionSet, clips.size(), totalSeconds, millis(loadStart));
      Transcriber transcriber = new Transcriber(model);
      long warmUp = System.nanoTime();
      transcriber.transcribe(clips.get(0).samples(), options); // first runs allocate ORT arenas and JIT-compile
      System.out.printf(Locale.ROOT, "first (cold) call on %s: %.0f ms%n", clips.get(0).id(), millis(warmUp));

      double[] totals = new double[repeats];
      for (int repeat = 0; repeat < repeats; repeat++) {
        double elapsed = 0;
        for (Clip clip : clips) {
          long start = System.nanoTime();
          Transcription result = transcriber.transcribe(clip.samples(), options);
          double seconds = (System.nanoTime() - start) / 1e9;
          elapsed += seconds;
          if (repeat == 0) {
            double hottest = result.segments().stream().mapToDouble(Segment::temperature).max().orElse(0);
            System.out.printf(Locale.ROOT, "  %-18s %6.2f s audio  %6.0f ms  RTF %.3f  %d segments, max temperature %.1f%n",
                clip.id(), clip.seconds(), seconds * 1000, seconds / clip.seconds(), result.segments().size(), hottest);
          }
        }
        totals[repeat] = elapsed / totalSeconds;
        System.out.printf(Locale.ROOT, "run %d: total RTF %.3f%n", repeat + 1, totals[repeat]);
      }
      System.out.printf(Locale.ROOT, "median total RTF %.3f%n", median(totals));
      stageTimes(model, clips, repeats);
      System.out.printf(Locale.ROOT, "native values still open: %d%n", model.liveNativeValues());
    }
  }

  /** Log-mel, encoder and greedy decoder (no timestamps) times over each clip's first window. */
  private static void stageTimes(WhisperModel model, List<Clip> clips, int repeats) {
    LogMelSpectrogram frontEnd = new LogMelSpectrogram(model.config().nMels());
    GreedyDecoder decoder = new GreedyDecoder(model);
    DecodingOptions options = DecodingOptions.defaults().withLanguage("en").withoutTimestamps(true);
    double melMs = 0;
    double encoderMs = 0;
    double decoderMs = 0;
    long decoderCalls = 0;
    int windows = 0;
    for (int repeat = 0; repeat < repeats; repeat++) {
      for (Clip clip : clips) {
        long start = System.nanoTime();
        float[][] mel = frontEnd.compute(clip.samples(), LogMelSpectrogram.N_SAMPLES);
        float[] window = LogMelSpectrogram.window(mel, 0, Math.min(LogMelSpectrogram.N_FRAMES, mel[0].length - LogMelSpectrogram.N_FRAMES));
        melMs += millis(start);
        start = System.nanoTime();
        try (EncoderOutput audio = model.encode(window)) {
          encoderMs += millis(start);
          start = System.nanoTime();
          DecodingResult result = decoder.decode(audio, options, new Random(0));
          decoderMs += millis(start);
          // one prompt pass, then one call per sampled token; the token that is end-of-text ends the loop
          decoderCalls += result.tokens().length + 1;
        }
        windows++;
      }
    }
    System.out.printf(Locale.ROOT, "stages over %d windows: log-mel %.1f ms/window, encoder %.1f ms/window,"
            + " decoder %.2f ms/call (%d calls, %.1f per window)%n",
        windows, melMs / windows, encoderMs / windows, decoderMs / decoderCalls, decoderCalls,
        (double) decoderCalls / windows);
  }

  private static List<Clip> readClips(Path manifest) throws Exception {
    List<Clip> clips = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject entry = JsonParser.parseString(line).getAsJsonObject();
      Path audio = manifest.resolveSibling(entry.get("audio").getAsString());
      clips.add(new Clip(entry.get("id").getAsString(), AudioDecoders.readFile(audio)));
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException(manifest + " lists no clips");
    }
    return clips;
  }

  private static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
