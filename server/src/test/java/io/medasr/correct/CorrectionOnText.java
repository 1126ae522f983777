package io.medasr.correct;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.align.WordTiming;
import io.medasr.bart.BartModel;
import io.medasr.bart.BartRewriter;
import io.medasr.bias.KnownTerms;
import io.medasr.bias.Lexicon;
import io.medasr.bias.LexiconTerm;
import io.medasr.bias.PromptTerms;
import io.medasr.testing.TestAssets;
import io.medasr.tokenizer.WhisperTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The correctors on other recognizers' text, which has no word confidences (../shared/data/text/asr-pairs:
 * Deepgram on PriMock57). The server's correctors change only words its decoder doubted; here every word is taken as
 * doubted, the worst case, so that their thresholds and gate are tried on real conversational English. Writes the
 * hypotheses before and after as JSONL for {@code medasr wer} and prints each change. Not a test.
 *
 * <pre>
 * java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.correct.CorrectionOnText \
 *   MODEL_DIR LEXICON.tsv PAIRS.jsonl OUT_PREFIX [CORRECTORS [CORRECTION_MODEL_DIR]]
 * </pre>
 * CORRECTORS: comma-separated, in order ({@link CorrectorKind}; default lexicon); seq2seq needs the BART model's
 * directory. Writes OUT_PREFIX.ref.jsonl, OUT_PREFIX.before.jsonl and OUT_PREFIX.after.jsonl.
 */
public final class CorrectionOnText {
  private CorrectionOnText() {}

  public static void main(String[] args) throws Exception {
    WhisperTokenizer tokenizer = WhisperTokenizer.load(Path.of(args[0]));
    Lexicon lexicon = Lexicon.read(Path.of(args[1]));
    List<Corrector> chain = new ArrayList<>();
    BartModel bart = null;
    for (String name : (args.length > 4 ? args[4] : CorrectorKind.LEXICON.id()).split(",")) {
      switch (CorrectorKind.of(name).orElseThrow()) {
        case LEXICON -> chain.add(new PhoneticMatcher(tokenizer, Optional.empty(), Optional.of(
            PromptTerms.ofLexicon(lexicon.terms(), word -> tokenizer.encode(" " + word).length == 1))));
        case SEQ2SEQ -> {
          bart = BartModel.load(Path.of(args[5]), TestAssets.ORT);
          chain.add(new BartCorrector(new BartRewriter(bart, 1)::rewrite,
              List.of(KnownTerms.of(lexicon.terms().stream().map(LexiconTerm::term).toList()))));
        }
      }
    }
    CorrectorChain correctors = new CorrectorChain(chain);
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
      CorrectedWords corrected = correctors.correct(words);
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
    System.out.printf("%d transcripts, %d changes, %.1f ms of correcting%n", references.size(), changes, nanos / 1e6);
    if (bart != null) {
      bart.close();
    }
  }

  private static String line(String id, String text) {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("text", text);
    return json.toString();
  }
}
