package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Real reference transcripts from ../shared/data/speech (read in place, never copied). */
class SharedManifestTest {
  private static Path manifest(String set) {
    Path path = Path.of(System.getProperty("medasr.repo.root", "."), "..", "shared", "data", "speech", set,
        "manifest.jsonl");
    assumeTrue(Files.isRegularFile(path), "shared speech data not present");
    return path;
  }

  @Test
  void punctuationAndCaseVanishUnderWhisperNormalization() throws Exception {
    List<Transcript> refs = TranscriptFiles.read(manifest("general"));
    // what an ASR system without punctuation or case would output, in reverse order to exercise matching by id
    List<Transcript> hyps = new ArrayList<>(refs.stream()
        .map(t -> new Transcript(t.id(), t.text().toUpperCase(Locale.ROOT).replaceAll("[,.!?;:]", " "))).toList());
    Collections.reverse(hyps);
    CorpusScore score = new WerScorer(WhisperEnglishNormalizer.instance()).score(refs, hyps);
    assertEquals(0, score.words().errors());
    assertEquals(0.0, score.words().errorRate());
    assertEquals(refs.size(), score.utterances().size());
    CorpusScore raw = new WerScorer(Normalizer.NONE).score(refs, hyps);
    assertEquals(raw.words().referenceLength(), raw.words().substitutions() + raw.words().hits());
  }

  @Test
  void droppingTheLastWordOfEveryUtteranceIsOneDeletionEach() throws Exception {
    List<Transcript> refs = TranscriptFiles.read(manifest("librispeech-sample"));
    List<Transcript> hyps = refs.stream()
        .map(t -> new Transcript(t.id(), t.text().substring(0, t.text().lastIndexOf(' ')))).toList();
    CorpusScore score = new WerScorer(new BasicNormalizer()).score(refs, hyps);
    assertEquals(refs.size(), score.words().deletions());
    assertEquals(0, score.words().substitutions() + score.words().insertions());
    for (UtteranceScore u : score.utterances()) {
      AlignmentChunk last = u.words().chunks().get(u.words().chunks().size() - 1);
      assertEquals(AlignmentChunk.Type.DELETE, last.type(), u.id());
    }
  }
}
