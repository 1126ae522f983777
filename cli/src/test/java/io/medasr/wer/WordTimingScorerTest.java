package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boundary errors of matched words, per voice and in total, and of first words after leading silence. */
class WordTimingScorerTest {

  @Test
  void matchedWordsGiveTheirStartAndEndErrors(@TempDir Path dir) throws Exception {
    Path manifest = write(dir, "ref.jsonl",
        "{\"id\":\"a\",\"voice\":\"slt\",\"lead_silence_s\":0.5,\"words\":[{\"word\":\"Chest\",\"start\":0.5,"
            + "\"end\":0.9},{\"word\":\"pain.\",\"start\":0.9,\"end\":1.3}]}",
        "{\"id\":\"b\",\"voice\":\"joe\",\"words\":[{\"word\":\"no\",\"start\":0.1,\"end\":0.3},{\"word\":\"fever\","
            + "\"start\":0.3,\"end\":0.8}]}",
        "{\"id\":\"c\",\"text\":\"a line without word times is left out\"}");
    Path hypotheses = write(dir, "hyp.jsonl",
        // "chest" 40 ms early at both ends; "pain" 200 ms late at its end
        "{\"id\":\"a\",\"words\":[{\"word\":\"chest\",\"start\":0.46,\"end\":0.86},{\"word\":\"Pain\",\"start\":0.9,"
            + "\"end\":1.5}]}",
        // "no" heard as "know": not matched; "fever" 100 ms late at its start
        "{\"id\":\"b\",\"words\":[{\"word\":\"know\",\"start\":0.1,\"end\":0.3},{\"word\":\"fever\",\"start\":0.4,"
            + "\"end\":0.8}]}");

    List<TimedWords> references = TimedWords.read(manifest);
    WordTimingScorer.Score score = WordTimingScorer.score(references, TimedWords.read(hypotheses));

    assertEquals(2, references.size());
    WordTimingScorer.Errors total = score.total();
    assertEquals(3, total.matchedWords());
    assertEquals((0.04 + 0 + 0.1) / 3, total.startMeanAbs(), 1e-9);
    assertEquals((-0.04 + 0 + 0.1) / 3, total.startMeanSigned(), 1e-9);
    assertEquals(0.04, total.startMedianAbs(), 1e-9);
    assertEquals((-0.04 + 0.2 + 0) / 3, total.endMeanSigned(), 1e-9);
    assertEquals((0.04 + 0 + 0.1 + 0.04 + 0.2 + 0) / 6, total.meanAbs(), 1e-9);
    assertEquals(4.0 / 6, total.withinNear(), 1e-9);
    assertEquals(5.0 / 6, total.withinFair(), 1e-9);
    assertEquals(List.of("joe", "slt"), List.copyOf(score.byGroup().keySet()));
    assertEquals(1, score.byGroup().get("joe").matchedWords());
    assertEquals(0.1, score.byGroup().get("joe").startMeanSigned(), 1e-9);
    assertEquals(1, score.firstWords());
    assertEquals(-0.04, score.firstWordMeanSigned(), 1e-9);

    String text = WordTimingReport.text(score);
    assertTrue(text.startsWith("word times: 3 words matched; boundaries: mean abs 63.3 ms, within 50 ms 66.7 %, "
        + "within 100 ms 83.3 %\n"), text);
    assertTrue(text.contains("first words after leading silence (1): start mean signed -40.0 ms, mean abs 40.0 ms"),
        text);
  }

  @Test
  void aHypothesisFileWithMalformedWordsIsRefusedSayingWhere(@TempDir Path dir) throws Exception {
    Path bad = write(dir, "bad.jsonl", "{\"id\":\"a\",\"words\":[{\"word\":\"chest\",\"start\":0.5}]}");

    WerInputException e = org.junit.jupiter.api.Assertions.assertThrows(WerInputException.class,
        () -> TimedWords.read(bad));
    assertEquals(bad + ":1: every word needs \"word\", \"start\" and \"end\"", e.getMessage());
  }

  private static Path write(Path dir, String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }
}
