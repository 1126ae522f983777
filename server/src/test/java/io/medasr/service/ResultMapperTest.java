package io.medasr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.align.WordTiming;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.correct.CorrectedWords;
import io.medasr.correct.Correction;
import io.medasr.correct.PhoneticMatcher;
import io.medasr.stream.RecognitionResult;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.Transcription;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Corrected results as API messages: the raw text, each change with its span, words that follow the change. */
class ResultMapperTest {
  private static final List<WordTiming> HEARD = List.of(new WordTiming(" Hold", 0.0, 0.3, 0.9f),
      new WordTiming(" the", 0.3, 0.5, 0.6f), new WordTiming(" synopril.", 0.5, 1.1, 0.4f));
  private static final Correction CHANGE =
      new Correction(1, 2, "the synopril.", "lisinopril", PhoneticMatcher.PHRASES, 0.75f);

  @Test
  void aCorrectedSegmentKeepsItsRawTextAndSaysWhatChanged() {
    Segment decoded = new Segment(0, 1.2, " Hold the synopril.", HEARD, -0.3, 0.01, 0, 1.2, Set.of());
    Transcription corrected = new Transcription(List.of(decoded), 1.2, "en")
        .corrected(words -> CorrectedWords.apply(words, List.of(CHANGE)));

    SpeechRecognitionAlternative alternative =
        ResultMapper.toResponse(corrected, true).getResults(0).getAlternatives(0);

    assertEquals("Hold lisinopril.", alternative.getTranscript());
    assertEquals("Hold the synopril.", alternative.getRawTranscript());
    assertEquals(io.medasr.api.v1.Correction.newBuilder().setOriginal("the synopril.").setReplacement("lisinopril")
        .setSource("phrases").setConfidence(0.75f).setFirstWord(1).setWordCount(2).build(),
        alternative.getCorrections(0));
    assertEquals(List.of("Hold", "lisinopril."), alternative.getWordsList().stream().map(w -> w.getWord()).toList());
    assertEquals(List.of(false, true),
        alternative.getWordsList().stream().map(w -> w.getFromVocabulary()).toList());
    assertEquals(0.3, alternative.getWords(1).getStartTime(), 1e-9);
    assertEquals(1.1, alternative.getWords(1).getEndTime(), 1e-9);
    assertEquals(0.75f, alternative.getWords(1).getConfidence());
  }

  @Test
  void aCorrectedStreamingFinalKeepsItsRawTextAndLeavesWordsOutUnlessAskedFor() {
    RecognitionResult decoded = new RecognitionResult(true, 0, 1.1, "Hold the synopril.", HEARD, 0.8f, 1f, Set.of());

    SpeechRecognitionAlternative alternative = ResultMapper.toStreamingResult(
        decoded.corrected(CorrectedWords.apply(HEARD, List.of(CHANGE))), false).getAlternatives(0);

    assertEquals("Hold lisinopril.", alternative.getTranscript());
    assertEquals("Hold the synopril.", alternative.getRawTranscript());
    assertEquals(1, alternative.getCorrectionsCount());
    assertEquals(0, alternative.getWordsCount());
  }
}
