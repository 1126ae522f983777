package io.medasr.engine;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.FloatList;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * How long a cancelled call keeps its slot: transcribes a minute of speech on the engine, cancels it at a random
 * moment, and times the cancel until the call is released (its model work has returned). Not a test: it prints
 * figures.
 *
 * <pre>
 * java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.engine.CancelLatencyBenchmark \
 *   MODEL_DIR MANIFEST [--trials 30] [--threads 2] [--variant fp32|int8] [--seed 1]
 * </pre>
 */
public final class CancelLatencyBenchmark {
  private static final double AUDIO_SECONDS = 60;
  private static final double MIN_DELAY_SECONDS = 0.2;
  private static final double MAX_DELAY_SECONDS = 5;

  private CancelLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args[0]);
    Path manifest = Path.of(args[1]);
    int trials = intFlag(args, "--trials", 30);
    int threads = intFlag(args, "--threads", 2);
    long seed = intFlag(args, "--seed", 1);
    String variant = flag(args, "--variant", "fp32").equals("int8") ? WhisperModel.INT8 : WhisperModel.FP32;

    float[] audio = minuteOfSpeech(manifest);
    WhisperModel model = WhisperModel.load(modelDir, new OrtSettings(threads, 0, OptLevel.ALL_OPT), variant);
    Random random = new Random(seed);
    double[] stopMillis = new double[trials];
    try (RecognitionEngine engine = new RecognitionEngine(model, new EngineConfig(1, 2, 1L << 30))) {
      for (int trial = 0; trial < trials; trial++) {
        EngineCall call = engine.admit();
        call.submit(() -> engine.transcriber().transcribe(audio, TranscribeOptions.defaults().withWordTimestamps(true),
            window -> {}, call.run()));
        double delay = MIN_DELAY_SECONDS + random.nextDouble() * (MAX_DELAY_SECONDS - MIN_DELAY_SECONDS);
        Thread.sleep((long) (delay * 1000));
        long cancelled = System.nanoTime();
        call.cancel(CallCancelledException.Cause.CLIENT);
        call.whenReleased().get(60, TimeUnit.SECONDS);
        stopMillis[trial] = (System.nanoTime() - cancelled) / 1e6;
        System.out.printf("trial %2d  cancel at %.2f s  released after %7.1f ms%n", trial + 1, delay,
            stopMillis[trial]);
      }
      System.out.printf("native values left open: %d%n", model.liveNativeValues());
    }
    Arrays.sort(stopMillis);
    System.out.printf("%s, %d threads, %d trials: stop time p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
        model.name(), threads, trials, percentile(stopMillis, 0.50), percentile(stopMillis, 0.95),
        stopMillis[trials - 1]);
  }

  private static float[] minuteOfSpeech(Path manifest) throws Exception {
    FloatList samples = new FloatList(16000 * 60);
    for (String line : Files.readAllLines(manifest)) {
      if (line.isBlank()) {
        continue;
      }
      String audio = JsonParser.parseString(line).getAsJsonObject().get("audio").getAsString();
      samples.addAll(AudioDecoders.readFile(manifest.resolveSibling(audio)));
      if (samples.size() >= AUDIO_SECONDS * 16000) {
        break;
      }
    }
    return Arrays.copyOf(samples.toArray(), (int) Math.min(samples.size(), AUDIO_SECONDS * 16000));
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private static String flag(String[] args, String name, String fallback) {
    List<String> list = new ArrayList<>(List.of(args));
    int i = list.indexOf(name);
    return i >= 0 && i + 1 < list.size() ? list.get(i + 1) : fallback;
  }

  private static int intFlag(String[] args, String name, int fallback) {
    return Integer.parseInt(flag(args, name, String.valueOf(fallback)));
  }
}
