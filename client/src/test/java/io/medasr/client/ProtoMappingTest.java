package io.medasr.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.WordInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoMappingTest {

  @Test
  void streamingResultKeepsCorrectionsRawTextVocabularyFlagsAndAlternatives() {
    StreamingRecognitionResult proto = StreamingRecognitionResult.newBuilder()
        .addAlternatives(SpeechRecognitionAlternative.newBuilder()
            .setTranscript("start metoprolol")
            .setRawTranscript("start metro prolol")
            .setConfidence(0.8f)
            .addWords(WordInfo.newBuilder().setWord("start").setStartTime(0.1).setEndTime(0.4).setConfidence(0.9f))
            .addWords(WordInfo.newBuilder().setWord("metoprolol").setStartTime(0.5).setEndTime(1.2)
                .setConfidence(0.6f).setFromVocabulary(true))
            .addCorrections(io.medasr.api.v1.Correction.newBuilder()
                .setOriginal("metro prolol").setReplacement("metoprolol").setSource("lexicon").setConfidence(0.7f)
                .setFirstWord(1).setWordCount(2)))
        .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript("start metro prolol"))
        .setIsFinal(false)
        .setStability(0.4f)
        .setStartTime(0.1)
        .setEndTime(1.2)
        .build();

    Result result = ProtoMapping.result(proto);

    assertFalse(result.isFinal());
    assertEquals(0.4f, result.stability());
    assertEquals(0.1, result.start());
    assertEquals(1.2, result.end());
    assertEquals(2, result.alternatives().size());
    assertEquals(new Transcript("start metoprolol", 0.8f,
        List.of(new Word("start", 0.1, 0.4, 0.9f, false), new Word("metoprolol", 0.5, 1.2, 0.6f, true)),
        "start metro prolol",
        List.of(new Correction("metro prolol", "metoprolol", "lexicon", 0.7f, 1, 2))), result.best());
    assertEquals("start metro prolol", result.alternatives().get(1).text());
  }

  @Test
  void endpointingGoesIntoTheStreamingConfigAndUnsetValuesLeaveTheServersDefaults() {
    var defaults = ProtoMapping.streamingConfig(RecognitionOptions.builder().encoding(AudioEncoding.WAV).build());
    assertEquals(io.medasr.api.v1.Endpointing.getDefaultInstance(), defaults.getEndpointing());
    assertFalse(defaults.getEndpointing().hasSpeechPaddingMs());
    var set = ProtoMapping.streamingConfig(RecognitionOptions.builder().encoding(AudioEncoding.WAV)
        .endpointSilenceMillis(800).maxUtteranceSeconds(20).speechPaddingMillis(0).build());
    assertEquals(800, set.getEndpointing().getMinSilenceMs());
    assertEquals(20.0, set.getEndpointing().getMaxUtteranceSeconds());
    assertEquals(0, set.getEndpointing().getSpeechPaddingMs());
    assertEquals(true, set.getEndpointing().hasSpeechPaddingMs());
  }

  @Test
  void finalStreamingResultsHaveStabilityOne() {
    Result result = ProtoMapping.result(StreamingRecognitionResult.newBuilder().setIsFinal(true).build());
    assertEquals(1f, result.stability());
    assertEquals(Transcript.EMPTY, result.best(), "a result without alternatives reads as empty text");
  }
}
