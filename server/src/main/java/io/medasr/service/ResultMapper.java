package io.medasr.service;

import io.medasr.align.WordTiming;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.WordInfo;
import io.medasr.bias.VocabularyWords;
import io.medasr.correct.Correction;
import io.medasr.stream.RecognitionResult;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.Transcription;
import java.util.List;
import java.util.Set;

/** Engine results to API messages. Stateless. */
final class ResultMapper {
  private ResultMapper() {}

  static RecognizeResponse toResponse(Transcription transcription, boolean wordTimes) {
    RecognizeResponse.Builder response = RecognizeResponse.newBuilder()
        .setAudioDurationSeconds(transcription.durationSeconds());
    for (Segment segment : transcription.segments()) {
      String text = segment.text().strip();
      if (text.isEmpty()) {
        continue;
      }
      response.addResults(SpeechRecognitionResult.newBuilder()
          .setStartTime(segment.start())
          .setEndTime(segment.end())
          .addAlternatives(alternative(text, RecognitionResult.confidenceOf(segment.avgLogprob()),
              wordTimes ? segment.words() : List.of(), segment.vocabulary(), segment.rawText().strip(),
              segment.corrections())));
    }
    return response.build();
  }

  static StreamingRecognitionResult toStreamingResult(RecognitionResult result, boolean wordTimes) {
    return StreamingRecognitionResult.newBuilder()
        .setIsFinal(result.isFinal())
        .setStability(result.stability())
        .setStartTime(result.startTime())
        .setEndTime(result.endTime())
        .addAlternatives(alternative(result.text(), result.confidence(),
            wordTimes ? result.words() : List.of(), result.vocabulary(), result.rawText(), result.corrections()))
        .build();
  }

  private static SpeechRecognitionAlternative alternative(String text, float confidence, List<WordTiming> words,
      Set<String> vocabulary, String rawText, List<Correction> corrections) {
    SpeechRecognitionAlternative.Builder alternative = SpeechRecognitionAlternative.newBuilder()
        .setTranscript(text)
        .setRawTranscript(rawText)
        .setConfidence(confidence);
    for (Correction correction : corrections) {
      alternative.addCorrections(io.medasr.api.v1.Correction.newBuilder()
          .setOriginal(correction.original())
          .setReplacement(correction.replacement())
          .setSource(correction.source())
          .setConfidence(correction.confidence())
          .setFirstWord(correction.firstWord())
          .setWordCount(correction.wordCount()));
    }
    boolean[] fromVocabulary = VocabularyWords.mark(words.stream().map(WordTiming::word).toList(), vocabulary);
    for (int i = 0; i < words.size(); i++) {
      WordTiming word = words.get(i);
      alternative.addWords(WordInfo.newBuilder()
          .setWord(word.word().strip())
          .setStartTime(word.start())
          .setEndTime(word.end())
          .setConfidence(word.probability())
          .setFromVocabulary(fromVocabulary[i]));
    }
    return alternative.build();
  }
}
