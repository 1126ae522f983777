package io.medasr.stream;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioEncoding;
import io.medasr.audio.AudioFormat;
import io.medasr.bias.Lexicon;
import io.medasr.bias.Vocabulary;
import io.medasr.server.ServerConfig;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.vad.VadBackend;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Development tool: the accuracy of streaming without the clock. Streams each manifest file (with 1.5 s of
 * trailing silence) through a session, as fast as it decodes, and writes the joined finals, and optionally the
 * unary transcript, as hypothesis JSONL for {@code medasr wer}; prints decodes per second of audio.
 *
 * <pre>
 * java [-Dmedasr.lexicon=models/lexicon/lexicon.tsv] [-Dmedasr.finalContext=SECONDS] \
 *   -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.stream.StreamingAccuracy \
 *   MODEL_DIR VAD_MODEL MANIFEST LIMIT OUT_PREFIX [fp32|int8] [short|full] [unary]
 * </pre>
 *
 * With {@code medasr.lexicon} both the streams and the unary calls are biased as the server biases them by
 * default (its default list size, boost and prompt terms, {@link ServerConfig}); {@code medasr.finalContext} is
 * {@code --stream-final-context}.
 */
public final class StreamingAccuracy {
  private StreamingAccuracy() {}

  public static void main(String[] args) throws Exception {
    Path manifest = Path.of(args[2]);
    double finalContext = Double.parseDouble(System.getProperty("medasr.finalContext",
        String.valueOf(StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS)));
    int limit = Integer.parseInt(args[3]);
    String variant = args.length > 5 && args[5].equals("int8") ? WhisperModel.INT8 : WhisperModel.FP32;
    boolean shortContext = args.length <= 6 || !args[6].equals("full");
    boolean unary = args.length > 7 && args[7].equals("unary");
    List<String> lines = Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).limit(limit).toList();
    Gson gson = new Gson();
    try (WhisperModel model = WhisperModel.load(Path.of(args[0]), new OrtSettings(2, 1, OptLevel.ALL_OPT), variant);
        VadBackend vad = VadBackend.open(Path.of(args[1]), new OrtSettings(1, 1, OptLevel.ALL_OPT));
        PrintWriter streamed = new PrintWriter(Files.newBufferedWriter(Path.of(args[4] + ".stream.jsonl")));
        PrintWriter unaryOut = unary ? new PrintWriter(Files.newBufferedWriter(Path.of(args[4] + ".unary.jsonl"))) : null) {
      Transcriber transcriber = new Transcriber(model);
      TranscribeOptions options = TranscribeOptions.defaults().withLanguage("en");
      String lexicon = System.getProperty("medasr.lexicon");
      if (lexicon != null) {
        ServerConfig defaults = ServerConfig.parse(new String[0], Map.of());
        Vocabulary.Settings settings = new Vocabulary.Settings(Lexicon.read(Path.of(lexicon)),
            defaults.specialtyTerms(), defaults.lexiconBoost(), List.of(), defaults.promptTerms(),
            defaults.lexiconPrompt());
        options = options.withBiasing(new Vocabulary(model.tokenizer(), settings).biasing(Vocabulary.GENERAL, List.of()));
      }
      long decodes = 0;
      double audioSeconds = 0;
      long started = System.nanoTime();
      for (String line : lines) {
        JsonObject entry = JsonParser.parseString(line).getAsJsonObject();
        Path wav = manifest.getParent().resolve(entry.get("audio").getAsString());
        float[] clip = AudioDecoders.decodeAll(AudioFormat.of(AudioEncoding.WAV, 0, 0), Files.readAllBytes(wav));
        float[] audio = java.util.Arrays.copyOf(clip, clip.length + 24000);
        List<String> finals = new ArrayList<>();
        StreamingSession session = new StreamingSession(transcriber, vad,
            new StreamingOptions(options.withShortAudioContext(shortContext), false, 1.0, Endpointing.defaults(), false,
                finalContext),
            StreamListener.finalsTo(result -> finals.add(result.text())), InferenceRun.UNCANCELLABLE,
            DecoderLoad.alone());
        for (int at = 0; at < audio.length; at += 1600) {
          session.accept(java.util.Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 1600)));
        }
        session.finish();
        decodes += session.decodes();
        audioSeconds += clip.length / 16000.0;
        String id = entry.get("id").getAsString();
        streamed.println(gson.toJson(Map.of("id", id, "text", String.join(" ", finals))));
        if (unaryOut != null) {
          unaryOut.println(gson.toJson(Map.of("id", id, "text", transcriber.transcribe(clip, options).text().strip())));
        }
      }
      System.out.printf("%d files, %.1f s of audio, %d decodes (%.2f per second of audio), %.1f s wall%n",
          lines.size(), audioSeconds, decodes, decodes / audioSeconds, (System.nanoTime() - started) / 1e9);
    }
  }
}
