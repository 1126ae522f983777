package io.medasr.bias;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A quick engine-level check of phrase biasing on a manifest with per-utterance {@code terms} (medical-synth):
 * each utterance is decoded with a list of its own terms plus distractors from the set's term list, and the
 * tool prints term recall and spurious phrase insertions. For tuning; the figures of record come from
 * {@code medasr eval}. Not a test.
 *
 * <pre>
 * java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.bias.BiasEvaluation \
 *   MODEL_DIR MANIFEST TERMS [--list 100] [--boost 1.5] [--beam 1] [--from N] [--limit N] [--threads 2] [--no-bias]
 *   [--prompt-terms K] [--lexicon-prompt] [--lexicon FILE --specialty S --specialty-terms N --lexicon-boost B]
 *   [--hyp-out FILE.jsonl] [--words]
 * </pre>
 * {@code --list 0} sends no per-utterance phrases (scenario: the specialty lexicon alone); a manifest without
 * {@code terms} measures only speed and, with {@code --hyp-out}, WER through {@code medasr wer}; {@code --words}
 * adds each word and its confidence to the hypotheses written.
 */
public final class BiasEvaluation {
  private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("one", "1"),
      Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
      Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
      Map.entry("ten", "10"));

  private BiasEvaluation() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args[0]);
    Path manifest = Path.of(args[1]);
    List<String> allTerms = Files.readAllLines(Path.of(args[2])).stream().map(String::strip)
        .filter(t -> !t.isEmpty()).toList();
    List<String> flags = List.of(args);
    int listSize = Integer.parseInt(flag(flags, "--list", "100"));
    float boost = Float.parseFloat(flag(flags, "--boost", "1.5"));
    int beam = Integer.parseInt(flag(flags, "--beam", "1"));
    int limit = Integer.parseInt(flag(flags, "--limit", "1000"));
    int from = Integer.parseInt(flag(flags, "--from", "0"));
    int threads = Integer.parseInt(flag(flags, "--threads", "2"));
    boolean bias = !flags.contains("--no-bias");
    String specialty = flag(flags, "--specialty", Vocabulary.GENERAL);
    Lexicon lexicon = flags.contains("--lexicon") ? Lexicon.read(Path.of(flag(flags, "--lexicon", ""))) : Lexicon.empty();
    Vocabulary.Settings settings = new Vocabulary.Settings(lexicon,
        Integer.parseInt(flag(flags, "--specialty-terms", "0")),
        Float.parseFloat(flag(flags, "--lexicon-boost", "1.0")), List.of(),
        Integer.parseInt(flag(flags, "--prompt-terms", "0")), flags.contains("--lexicon-prompt"));
    Path hypOut = flags.contains("--hyp-out") ? Path.of(flag(flags, "--hyp-out", "")) : null;
    List<String> hypotheses = new ArrayList<>();

    try (WhisperModel model = WhisperModel.load(modelDir, new OrtSettings(threads, 0, OptLevel.ALL_OPT))) {
      Transcriber transcriber = new Transcriber(model);
      Vocabulary vocabulary = new Vocabulary(model.tokenizer(), settings);
      long built = System.nanoTime();
      vocabulary.biasing(specialty, List.of());
      System.out.printf(Locale.ROOT, "specialty list of %s built in %.2f s%n", specialty,
          (System.nanoTime() - built) / 1e9);
      Random random = new Random(1);
      int terms = 0;
      int found = 0;
      int spurious = 0;
      int utterances = 0;
      int line = 0;
      double audio = 0;
      long started = System.nanoTime();
      for (String text : Files.readAllLines(manifest)) {
        if (text.isBlank() || utterances >= limit) {
          continue;
        }
        JsonObject entry = JsonParser.parseString(text).getAsJsonObject();
        List<String> own = new ArrayList<>();
        if (entry.has("terms")) {
          entry.getAsJsonArray("terms").forEach(t -> own.add(t.getAsString()));
        }
        Set<String> list = new LinkedHashSet<>(listSize > 0 ? own : List.of());
        List<String> pool = new ArrayList<>(allTerms);
        Collections.shuffle(pool, random);
        if (line++ < from) {
          continue; // skipped, its list drawn all the same: every utterance gets the list of a full run
        }
        for (String t : pool) {
          if (list.size() >= listSize) {
            break;
          }
          list.add(t);
        }
        TranscribeOptions options = TranscribeOptions.defaults().withBeamSize(beam)
            .withWordTimestamps(flags.contains("--words"));
        if (bias) {
          List<Phrase> phrases = list.stream().map(p -> new Phrase(p, boost)).toList();
          options = options.withBiasing(vocabulary.biasing(specialty, phrases));
        }
        float[] samples = AudioDecoders.readFile(manifest.resolveSibling(entry.get("audio").getAsString()));
        audio += samples.length / 16000.0;
        Transcription result = transcriber.transcribe(samples, options);
        String hyp = normalize(result.text());
        String ref = normalize(entry.get("text").getAsString());
        List<String> missed = new ArrayList<>();
        for (String term : own) {
          terms++;
          if (contains(hyp, normalize(term))) {
            found++;
          } else {
            missed.add(term);
          }
        }
        List<String> inserted = new ArrayList<>();
        for (String phrase : list) {
          String p = normalize(phrase);
          if (!own.contains(phrase) && contains(hyp, p) && !contains(ref, p)) {
            spurious++;
            inserted.add(phrase);
          }
        }
        utterances++;
        JsonObject hypothesis = new JsonObject();
        hypothesis.addProperty("id", entry.get("id").getAsString());
        hypothesis.addProperty("text", result.text().strip());
        if (options.wordTimestamps()) {
          JsonArray words = new JsonArray();
          result.segments().forEach(s -> s.words().forEach(w -> {
            JsonArray word = new JsonArray();
            word.add(w.word());
            word.add(w.probability());
            words.add(word);
          }));
          hypothesis.add("words", words);
        }
        hypotheses.add(hypothesis.toString());
        System.out.printf(Locale.ROOT, "%s  missed %s  inserted %s%n    %s%n", entry.get("id").getAsString(), missed,
            inserted, result.text().strip());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "%s bias=%s list=%d boost=%.2f beam=%d: term recall %.2f %% (%d/%d), "
              + "spurious %d (%.1f per 100 utterances), RTF %.3f%n", model.name(), bias, listSize, boost, beam,
          100.0 * found / Math.max(1, terms), found, terms, spurious, 100.0 * spurious / utterances, seconds / audio);
      if (hypOut != null) {
        Files.write(hypOut, hypotheses);
      }
    }
  }

  private static boolean contains(String text, String term) {
    return (" " + text + " ").contains(" " + term + " ");
  }

  static String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").replace("'", "");
    StringBuilder out = new StringBuilder();
    for (String word : lower.trim().split("\\s+")) {
      out.append(NUMBERS.getOrDefault(word, word)).append(' ');
    }
    return out.toString().trim();
  }

  private static String flag(List<String> flags, String name, String fallback) {
    int i = flags.indexOf(name);
    return i >= 0 && i + 1 < flags.size() ? flags.get(i + 1) : fallback;
  }
}
