package io.medasr.bias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.testing.TestAssets;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lexicon files, specialty lists and the tries a request gets. */
class VocabularyTest {
  private static final String ROWS = Lexicon.HEADER + "\n"
      + "apixaban\tdrug\tpharmacy,cardiology\t0.9\t\tdrug-named-entity-recognition==2.0.9\n"
      + "atrial fibrillation\tdiagnosis\tcardiology,general\t0.95\t\tsimple-icd-10-cm==1.5.0\n"
      + "metoprolol\tdrug\tpharmacy,cardiology\t0.8\t\tdrug-named-entity-recognition==2.0.9\n"
      + "mg\tabbreviation\tgeneral,pharmacy\t0.99\tmilligram|milligrams\tmedialpy==0.0.4\n";
  private static WhisperModel model;

  @BeforeAll
  static void load() throws IOException {
    model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Lexicon lexicon(Path dir, String text) throws IOException {
    Path file = dir.resolve("lexicon.tsv");
    Files.writeString(file, text);
    return Lexicon.read(file);
  }

  @Test
  void readsTermsAndCutsSpecialtyListsToTheMostCommon(@TempDir Path dir) throws IOException {
    Lexicon lexicon = lexicon(dir, ROWS);
    assertEquals(4, lexicon.size());
    assertEquals(Set.of("cardiology", "general", "pharmacy"), lexicon.specialties());
    assertEquals(List.of("atrial fibrillation", "apixaban"),
        lexicon.top("cardiology", 2).stream().map(LexiconTerm::term).toList());
    LexiconTerm mg = lexicon.top("general", 1).get(0);
    assertEquals(new LexiconTerm("mg", "abbreviation", Set.of("general", "pharmacy"), 0.99,
        List.of("milligram", "milligrams")), mg);
  }

  @Test
  void badFilesAreRefusedSayingWhere(@TempDir Path dir) {
    IOException header = assertThrows(IOException.class, () -> lexicon(dir, "term\tcategory\n"));
    assertTrue(header.getMessage().endsWith("not a lexicon (its first line must be "
        + "'term<TAB>category<TAB>specialties<TAB>priority<TAB>spoken<TAB>source')"), header.getMessage());
    IOException priority = assertThrows(IOException.class,
        () -> lexicon(dir, Lexicon.HEADER + "\naspirin\tdrug\tpharmacy\thigh\t\tx\n"));
    assertTrue(priority.getMessage().endsWith("lexicon.tsv:2: priority 'high' is not a number"));
  }

  @Test
  void aRequestGetsItsSpecialtyListTheServerListAndItsOwnPhrases(@TempDir Path dir) throws IOException {
    Vocabulary vocabulary = new Vocabulary(model.tokenizer(), new Vocabulary.Settings(lexicon(dir, ROWS), 2, 1f,
        List.of(new Phrase("Eliquis", 2f)), 0, false));
    assertEquals(Set.of("cardiology", "general", "pharmacy"), vocabulary.specialties());
    Biasing specialtyList = vocabulary.biasing("cardiology", List.of());
    assertEquals(2, specialtyList.tries().size());
    // one specialty list is built once and shared
    assertTrue(specialtyList.tries().get(0) == vocabulary.biasing("cardiology", List.of()).tries().get(0));
    assertThrows(IllegalArgumentException.class, () -> vocabulary.biasing("dermatology", List.of()));
    // a request's own phrases take the specialty list's place beside the server's
    Biasing ownPhrases = vocabulary.biasing("cardiology", List.of(new Phrase("warfarin", 3f)));
    assertEquals(2, ownPhrases.tries().size());
    assertEquals(specialtyList.tries().get(1), ownPhrases.tries().get(0));
    assertFalse(ownPhrases.tries().contains(specialtyList.tries().get(0)));
    // a stream's decodes keep the server's and the request's phrases, not the specialty list
    assertEquals(ownPhrases.tries(), ownPhrases.withoutLexicon().tries());
    assertEquals(List.of(specialtyList.tries().get(1)), specialtyList.withoutLexicon().tries());
  }

  @Test
  void withoutTheLexiconListARequestWithNoPhrasesIsNotBiased(@TempDir Path dir) throws IOException {
    Vocabulary vocabulary = new Vocabulary(model.tokenizer(), new Vocabulary.Settings(lexicon(dir, ROWS), 2, 1f,
        List.of(), 0, false));
    assertEquals(1, vocabulary.biasing("cardiology", List.of()).tries().size());
    assertTrue(vocabulary.biasing("cardiology", List.of()).withoutLexicon().isEmpty());
  }

  @Test
  void aRequestsPhrasesGoIntoThePromptOnlyWhenSuggestedAndNotYetSpelled() {
    List<Phrase> phrases = List.of(new Phrase("apixaban", 2f), new Phrase("warfarin", 2f));
    Biasing prompting = new Vocabulary(model.tokenizer(),
        new Vocabulary.Settings(Lexicon.empty(), 0, 1f, List.of(), 10, false)).biasing("general", phrases);
    assertEquals(List.of("apixaban"), prompting.promptTerms(heard("continue a Pixel 5 mg", 1f)));
    assertEquals(List.of(), prompting.promptTerms(heard("continue apixaban 5 mg", 1f)));
    assertEquals(List.of(), prompting.withoutPromptTerms().promptTerms(heard("continue a Pixel 5 mg", 1f)));
    assertEquals(prompting.tries(), prompting.withoutPromptTerms().tries());
    Biasing trieOnly = new Vocabulary(model.tokenizer(), Vocabulary.Settings.none()).biasing("general", phrases);
    assertEquals(List.of(), trieOnly.promptTerms(heard("continue a Pixel 5 mg", 1f)));
  }

  @Test
  void lexiconTermsGoIntoThePromptAfterTheRequestsPhrasesAndOnlyWhenAsked(@TempDir Path dir) throws IOException {
    Vocabulary vocabulary = new Vocabulary(model.tokenizer(),
        new Vocabulary.Settings(lexicon(dir, ROWS), 0, 1f, List.of(), 10, true));
    Biasing cardiology = vocabulary.biasing("cardiology", List.of());
    assertTrue(cardiology.tries().isEmpty());
    assertEquals(List.of("metoprolol"), cardiology.promptTerms(heard("continue metro prolol", 0.3f)));
    // every term of the lexicon, whatever the request's specialty (metoprolol is not in general)
    assertEquals(List.of("metoprolol"),
        vocabulary.biasing("general", List.of()).promptTerms(heard("continue metro prolol", 0.3f)));
    assertEquals(List.of("apixaban", "metoprolol"),
        vocabulary.biasing("cardiology", List.of(new Phrase("apixaban", 2f)))
            .promptTerms(heard("continue a Pixel and metro prolol", 0.3f)));
    // a stream's interval decodes keep neither the lexicon's trie nor its prompt terms
    assertTrue(cardiology.withoutLexicon().isEmpty());
    assertEquals(List.of(), cardiology.withoutPromptTerms().promptTerms(heard("metro prolol", 0.3f)));
    Biasing withPhrase = vocabulary.biasing("cardiology", List.of(new Phrase("apixaban", 2f)));
    assertEquals(withPhrase.tries(), withPhrase.phrasesOnly().tries());
    assertEquals(List.of(), withPhrase.phrasesOnly().promptTerms(heard("continue a Pixel and metro prolol", 0.3f)));
    Vocabulary off = new Vocabulary(model.tokenizer(),
        new Vocabulary.Settings(lexicon(dir, ROWS), 0, 1f, List.of(), 10, false));
    assertTrue(off.biasing("cardiology", List.of()).isEmpty());
  }

  /** {@code text}'s words, each heard with {@code probability} and spelled from pieces. */
  private static List<PromptTerms.HeardWord> heard(String text, float probability) {
    return Arrays.stream(text.split(" ")).map(w -> new PromptTerms.HeardWord(w, probability, true)).toList();
  }

  @Test
  void withoutALexiconOnlyGeneralExistsAndNothingBiases() {
    Vocabulary vocabulary = new Vocabulary(model.tokenizer(), Vocabulary.Settings.none());
    assertEquals(Set.of("general"), vocabulary.specialties());
    assertTrue(vocabulary.biasing("general", List.of()).isEmpty());
  }

  @Test
  void phraseFilesTakeAnOptionalBoostAfterATab(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("phrases.txt");
    Files.writeString(file, "# cardiology clinic\napixaban\nmetoprolol succinate\t4.5\n\n");
    assertEquals(List.of(new Phrase("apixaban", 2f), new Phrase("metoprolol succinate", 4.5f)),
        Phrase.readFile(file, 2f));
    Files.writeString(file, "apixaban\tstrong\n");
    IOException bad = assertThrows(IOException.class, () -> Phrase.readFile(file, 2f));
    assertTrue(bad.getMessage().endsWith("phrases.txt:1: boost 'strong' is not a number"));
  }
}
