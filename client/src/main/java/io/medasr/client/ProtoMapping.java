package io.medasr.client;

import io.medasr.api.v1.RecognitionConfig;
import io.medasr.api.v1.RecognizeResponse;
import io.medasr.api.v1.SpeechPhrase;
import io.medasr.api.v1.SpeechRecognitionAlternative;
import io.medasr.api.v1.SpeechRecognitionResult;
import io.medasr.api.v1.Endpointing;
import io.medasr.api.v1.StreamingRecognitionConfig;
import io.medasr.api.v1.StreamingRecognitionResult;
import io.medasr.api.v1.WordInfo;
import java.util.List;

/** Converts between the SDK's value types and the medasr.v1 messages. Stateless. */
final class ProtoMapping {
  private ProtoMapping() {}

  /** The call's config; {@code options.encoding()} must be set. */
  static RecognitionConfig config(RecognitionOptions options) {
    RecognitionConfig.Builder config = RecognitionConfig.newBuilder()
        .setEncoding(io.medasr.api.v1.AudioEncoding.valueOf(options.encoding().name()))
        .setSampleRateHz(options.sampleRateHz())
        .setChannels(options.channels())
        .setLanguageCode(options.language())
        .setModel(options.model())
        .setEnableWordTimeOffsets(options.wordTimes())
        .setSpecialty(options.specialty())
        .setEnableCorrection(options.correction())
        .addAllCorrectors(options.correctors())
        .setMaxAlternatives(options.maxAlternatives());
    for (Phrase phrase : options.phrases()) {
      config.addPhrases(SpeechPhrase.newBuilder().setValue(phrase.value()).setBoost(phrase.boost()));
    }
    return config.build();
  }

  static StreamingRecognitionConfig streamingConfig(RecognitionOptions options) {
    Endpointing.Builder endpointing = Endpointing.newBuilder()
        .setMinSilenceMs(options.endpointSilenceMillis())
        .setMaxUtteranceSeconds(options.maxUtteranceSeconds());
    if (options.speechPaddingMillis() >= 0) {
      endpointing.setSpeechPaddingMs(options.speechPaddingMillis());
    }
    return StreamingRecognitionConfig.newBuilder()
        .setConfig(config(options))
        .setInterimResults(options.interimResults())
        .setSingleUtterance(options.singleUtterance())
        .setEndpointing(endpointing)
        .build();
  }

  static TranscriptResult transcriptResult(RecognizeResponse response) {
    List<Result> results = response.getResultsList().stream()
        .map(ProtoMapping::result)
        .toList();
    return new TranscriptResult(results, response.getAudioDurationSeconds(), response);
  }

  static Result result(SpeechRecognitionResult result) {
    return new Result(transcripts(result.getAlternativesList()), true, 1f,
        result.getStartTime(), result.getEndTime());
  }

  static Result result(StreamingRecognitionResult result) {
    float stability = result.getIsFinal() ? 1f : result.getStability();
    return new Result(transcripts(result.getAlternativesList()), result.getIsFinal(), stability,
        result.getStartTime(), result.getEndTime());
  }

  private static List<Transcript> transcripts(List<SpeechRecognitionAlternative> alternatives) {
    return alternatives.stream().map(ProtoMapping::transcript).toList();
  }

  private static Transcript transcript(SpeechRecognitionAlternative alternative) {
    List<Word> words = alternative.getWordsList().stream().map(ProtoMapping::word).toList();
    List<Correction> corrections = alternative.getCorrectionsList().stream()
        .map(c -> new Correction(c.getOriginal(), c.getReplacement(), c.getSource(), c.getConfidence(),
            c.getFirstWord(), c.getWordCount()))
        .toList();
    // A server without a corrector may leave raw_transcript unset, which means "unchanged".
    String rawText = alternative.getRawTranscript().isEmpty()
        ? alternative.getTranscript()
        : alternative.getRawTranscript();
    return new Transcript(alternative.getTranscript(), alternative.getConfidence(), words, rawText, corrections);
  }

  private static Word word(WordInfo word) {
    return new Word(word.getWord(), word.getStartTime(), word.getEndTime(), word.getConfidence(),
        word.getFromVocabulary());
  }
}
