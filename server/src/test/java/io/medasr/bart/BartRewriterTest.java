package io.medasr.bart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.medasr.testing.TestAssets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rewriting text with the committed tiny BART, against the generations of its reference (BartGeneratorTest). */
class BartRewriterTest {
  private static BartModel model;

  @BeforeAll
  static void load() throws Exception {
    model = BartModel.load(TestAssets.tinyBart(), TestAssets.ORT);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aSentenceIsRewrittenAsGreedyGenerationOrBeamSearchWritesIt() throws Exception {
    // the reference's first two cases end with </s> well within the rewriter's length limit
    List<JsonObject> cases = BartGeneratorTest.cases().limit(2).toList();
    for (JsonObject reference : cases) {
      String text = reference.get("text").getAsString();
      assertEquals(reference.getAsJsonObject("greedy").get("text").getAsString().strip(),
          new BartRewriter(model, 1).rewrite(text), text);
      JsonObject beam = reference.getAsJsonObject("beam");
      assertEquals(1.0, beam.get("length_penalty").getAsDouble());
      assertEquals(beam.get("text").getAsString().strip(),
          new BartRewriter(model, beam.get("beam_size").getAsInt()).rewrite(text), text);
    }
  }

  @Test
  void sentencesAreRewrittenOneByOne() {
    BartRewriter rewriter = new BartRewriter(model, 1);
    assertEquals(rewriter.rewrite("the patient takes metoprolol.") + " " + rewriter.rewrite("blood pressure is stable"),
        rewriter.rewrite("the patient takes metoprolol.  blood pressure is stable"));
  }

  @Test
  void textWithoutSentenceEndsIsRewrittenInPiecesOfTheLongestTrainedSentence() {
    BartRewriter rewriter = new BartRewriter(model, 1);
    String piece = "the patient takes metoprolol ".repeat(BartRewriter.MAX_WORDS / 4).strip();
    String rest = "blood pressure is stable";
    assertEquals(BartRewriter.MAX_WORDS - 2, piece.split(" ").length);
    String twoMore = piece + " no chest";
    assertEquals(rewriter.rewrite(twoMore) + " " + rewriter.rewrite(rest), rewriter.rewrite(twoMore + " " + rest));
  }

  @Test
  void aPieceLongerThanThePositionsStandsAsItIs() {
    String longWord = "x".repeat(4 * model.config().maxPositions());
    assertEquals(longWord, new BartRewriter(model, 1).rewrite(longWord));
  }
}
