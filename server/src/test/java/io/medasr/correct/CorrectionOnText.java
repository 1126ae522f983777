package io.medasr.correct;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.align.WordTiming;
import io.medasr.bias.Lexicon;
import io.medasr.bias.PromptTerms;
import io.medasr.tokenizer.WhisperTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lexicon matcher on other recognizers' text, which has no word confidences (../shared/data/text/asr-pairs:
 * Deepgram on PriMock57). The server's matcher changes only words its decoder doubted; here every word is taken as
 * doubted, the worst case, so that the lexicon thresholds are tried on real conversational English. Writes the
 * hypotheses before and after as JSONL for {@code medasr wer} and prints each change. Not a test.
 *
 * <pre>
 * java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.correct.CorrectionOnText \
 *   MODEL_DIR LEXICON.tsv PAIRS.jsonl OUT_PREFIX
 * </pre>
 * Writes OUT_PREFIX.ref.jsonl, OUT_PREFIX.before.jsonl and OUT_PREFIX.after.jsonl.
 */
public final class CorrectionOnText {
  private CorrectionOnText() {}

  public static void main(String[] args) throws Exception {
    WhisperTokenizer tokenizer = WhisperTokenizer.load(Path.of(args[0]));
    Lexicon lexicon = Lexicon.read(Path.of(args[1]));
    PhoneticMatcher matcher = new PhoneticMatcher(tokenizer, Optional.empty(), Optional.of(
        PromptTerms.ofLexicon(lexicon.terms(), word -> tokenizer.encode(" " + word).length == 1)));
    List<String> references = new ArrayList<>();
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    int changes = 0;
    long nanos = 0;
    for (String line : Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject pair = JsonParser.parseString(line).getAsJsonObject();
      String id = pair.get("id").getAsString();
      String hypothesis = pair.get("hypothesis").getAsString();
      List<WordTiming> words = new ArrayList<>();
      for (String word : hypothesis.strip().split("\\s+")) {
        words.add(new WordTiming(" " + word, 0, 0, 0f));
      }
      long started = System.nanoTime();
      CorrectedWords corrected = matcher.correct(words);
      nanos += System.nanoTime() - started;
      for (Correction c : corrected.corrections()) {
        System.out.println(id + ": '" + c.original() + "' -> '" + c.replacement() + "' (" + c.confidence() + ")");
      }
      changes += corrected.corrections().size();
      references.add(line(id, pair.get("reference").getAsString()));
      before.add(line(id, hypothesis));
      after.add(line(id, corrected.text()));
    }
    Files.write(Path.of(args[3] + ".ref.jsonl"), references, StandardCharsets.UTF_8);
    Files.write(Path.of(args[3] + ".before.jsonl"), before, StandardCharsets.UTF_8);
    Files.write(Path.of(args[3] + ".after.jsonl"), after, StandardCharsets.UTF_8);
    System.out.printf("%d transcripts, %d changes, %.1f ms of matching%n", references.size(), changes, nanos / 1e6);
  }

  private static String line(String id, String text) {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("text", text);
    return json.toString();
  }
}
