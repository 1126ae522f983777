package io.medasr.bart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.testing.TestAssets;
import org.junit.jupiter.api.Test;

/**
 * The correction model committed in models/corrector-bart (int8) loads with the server's runtime and does what it
 * was trained to do on sentences of its training kind: clean dictation stands, and a unit said in full is written
 * as Whisper writes it.
 */
class CommittedCorrectionModelTest {

  @Test
  void cleanDictationStandsAndSpokenUnitsAreWrittenAsWhisperWritesThem() throws Exception {
    try (BartModel model = BartModel.load(TestAssets.correctionModel(), TestAssets.ORT)) {
      BartRewriter rewriter = new BartRewriter(model, 1);
      assertEquals("The patient was started on metoprolol 25 mg twice daily.",
          rewriter.rewrite("The patient was started on metoprolol 25 mg twice daily."));
      assertEquals("Refer to the clinic for lipomatosis and possible cervicectomy.",
          rewriter.rewrite("Refer to the clinic for lipomatosis and possible cervicectomy."));
      assertEquals("Discontinue dapsone and start fenoprofen 0.5 mg every eight hours.",
          rewriter.rewrite("Discontinue dapsone and start fenoprofen 0.5 milligrams every eight hours."));
    }
  }
}
