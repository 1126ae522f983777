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
  void aSentenceLongerThanThePositionsStandsAsItIs() {
    String longSentence = "word ".repeat(model.config().maxPositions()).strip();
    assertEquals(longSentence, new BartRewriter(model, 1).rewrite(longSentence));
  }
}
