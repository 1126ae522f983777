package io.medasr.correct;

import static io.medasr.correct.TestWords.rounded;
import static io.medasr.correct.TestWords.words;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.align.WordTiming;
import io.medasr.bias.KnownTerms;
import io.medasr.bias.PromptTerms;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.medasr.testing.TestAssets;
import io.medasr.tokenizer.WhisperTokenizer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate of the sequence-to-sequence corrector: which of a model's rewrites become corrections. The model here is
 * a table of rewrites, so that each case says exactly what the model proposed.
 */
class BartCorrectorTest {
  private static final KnownTerms LEXICON =
      KnownTerms.of(List.of("apixaban", "atrial fibrillation", "metoprolol", "lisinopril", "nebulizer", "AS", "IN"));
  private static WhisperTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() throws IOException {
    tokenizer = WhisperTokenizer.load(TestAssets.tinyEnglish());
  }

  @Test
  void aDoubtedRunRewrittenAsATermItSoundsLikeIsCorrected() {
    BartCorrector corrector = corrector(Map.of("Start metro paul 25 mg.", "Start metoprolol 25 mg."));

    CorrectedWords corrected = corrector.correct(words("Start", "metro 0.4", "paul 0.5", "25", "mg."));

    assertEquals("Start metoprolol 25 mg.", corrected.text());
    assertEquals(List.of(new Correction(1, 2, "metro paul", "metoprolol", BartCorrector.SOURCE, 0.583f)),
        rounded(corrected.corrections()));
  }

  @Test
  void aRewriteMaySpellATermWithTheWordsAroundIt() {
    BartCorrector corrector = corrector(Map.of("History of a trial fibrillation.", "History of atrial fibrillation."));

    CorrectedWords corrected = corrector.correct(words("History", "of", "a 0.5", "trial 0.6", "fibrillation."));

    assertEquals("History of atrial fibrillation.", corrected.text());
    assertEquals(List.of(new Correction(2, 2, "a trial", "atrial", BartCorrector.SOURCE, 1.0f)),
        rounded(corrected.corrections()));
  }

  @Test
  void rewritesWithoutEvidenceStand() {
    // not a term
    assertUnchanged(Map.of("The patient felt fine.", "The patient fell fine."), "The", "patient", "felt 0.5",
        "fine.");
    // a term, but the decoder was sure of what it heard
    assertUnchanged(Map.of("Start a pixaban.", "Start apixaban."), "Start", "a", "pixaban.");
    // a term the heard words do not sound like
    assertUnchanged(Map.of("Continue metoprolol.", "Continue lisinopril."), "Continue", "metoprolol. 0.5");
    // the heard word with another ending
    assertUnchanged(Map.of("Use nebulizers daily.", "Use nebulizer daily."), "Use", "nebulizers 0.5", "daily.");
    // a short word, though also an abbreviation of the lexicon
    assertUnchanged(Map.of("It is fine, on the left.", "It as fine, in the left."), "It", "is 0.5", "fine,",
        "on 0.5", "the", "left.");
    // words added or dropped are not changes of heard words
    assertUnchanged(Map.of("Start apixaban.", "Start on apixaban."), "Start 0.5", "apixaban. 0.5");
    assertUnchanged(Map.of("Start on on apixaban.", "Start on apixaban."), "Start", "on 0.5", "on 0.5",
        "apixaban.");
  }

  @Test
  void casingAndPunctuationAreNotChanges() {
    assertUnchanged(Map.of("atrial fibrillation", "Atrial fibrillation."), "atrial 0.5", "fibrillation 0.5");
  }

  @Test
  void theRequestsPhrasesAreTermsToo() {
    BartCorrector corrector = new BartCorrector(rewrites(Map.of("Give zolta ten.", "Give Xolta ten.")),
        List.of(KnownTerms.of(List.of("Xolta")), LEXICON));

    assertEquals(List.of(new Correction(1, 1, "zolta", "Xolta", BartCorrector.SOURCE, 0.9f)),
        rounded(corrector.propose(words("Give", "zolta 0.3", "ten."))));
  }

  @Test
  void inAChainTheEarlierCorrectorsChangeWinsAndEverySpanIsInTheDecodedWords() {
    List<WordTiming> words = words("the 0.6", "synopril 0.4", "and", "a 0.4", "pixaban. 0.5");
    PhoneticMatcher matcher = new PhoneticMatcher(tokenizer, Optional.of(PromptTerms.of(List.of("lisinopril"))),
        Optional.empty());
    BartCorrector model = corrector(Map.of("the synopril and a pixaban.", "the lisinopril and apixaban."));

    CorrectedWords corrected = new CorrectorChain(List.of(matcher, model)).correct(words);

    assertEquals("lisinopril and apixaban.", corrected.text());
    assertEquals(List.of(
        new Correction(0, 2, "the synopril", "lisinopril", PhoneticMatcher.PHRASES, 0.735f),
        new Correction(3, 2, "a pixaban.", "apixaban", BartCorrector.SOURCE, 1.0f)),
        rounded(corrected.corrections()));
  }

  private static void assertUnchanged(Map<String, String> rewrites, String... words) {
    List<WordTiming> heard = words(words);
    assertEquals(List.of(), corrector(rewrites).propose(heard), String.join(" ", words));
  }

  private static BartCorrector corrector(Map<String, String> rewrites) {
    return new BartCorrector(rewrites(rewrites), List.of(LEXICON));
  }

  /** A model that rewrites the texts of the table and leaves any other text as it is. */
  private static UnaryOperator<String> rewrites(Map<String, String> table) {
    return text -> table.getOrDefault(text, text);
  }
}
