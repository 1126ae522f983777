package io.medasr.service;

import io.medasr.api.v1.RecognitionConfig;
import io.medasr.audio.AudioEncoding;
import io.medasr.audio.AudioFormat;
import io.medasr.audio.InvalidAudioException;
import io.medasr.api.v1.SpeechPhrase;
import io.medasr.bias.Biasing;
import io.medasr.bias.Phrase;
import io.medasr.bias.Vocabulary;
import io.medasr.correct.BartCorrector;
import io.medasr.correct.Corrector;
import io.medasr.correct.CorrectorChain;
import io.medasr.correct.CorrectorKind;
import io.medasr.correct.PhoneticMatcher;
import io.medasr.engine.RecognitionEngine;
import io.medasr.server.ServerConfig;
import io.medasr.stream.Endpointing;
import io.medasr.tokenizer.WhisperTokenizer;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.whisper.WhisperModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one call asked for, checked against the loaded model: the audio format and the decoding options.
 *
 * @param audioFormat how to decode the audio bytes
 * @param transcribeOptions how to decode the speech
 * @param wordTimes whether results carry words
 * @param corrector corrects final results when the call asked for correction
 */
record CallSettings(AudioFormat audioFormat, TranscribeOptions transcribeOptions, boolean wordTimes,
    Optional<Corrector> corrector) {

  static final int MAX_CONFIG_BYTES = 64 * 1024;
  /** Phrases per request: a clinician's patient list is about 100. */
  static final int MAX_PHRASES = 1000;
  /** Characters per phrase: a drug, diagnosis or procedure name; the tokenizer's cost grows with word length. */
  static final int MAX_PHRASE_CHARS = 100;
  /** Characters of all phrases together. */
  static final int MAX_PHRASES_TOTAL_CHARS = 20_000;

  /**
   * @param engine the engine the call runs on: its model and biasing vocabulary
   * @param server the server's decoding settings, which the request's fields refine, and its default boost
   */
  static CallSettings from(RecognitionConfig config, RecognitionEngine engine, ServerConfig server)
      throws InvalidRequestException, InvalidAudioException {
    checkSize(config);
    AudioFormat format = audioFormat(config);
    WhisperModel model = engine.model();
    if (!config.getModel().isEmpty() && !model.answersTo(config.getModel())) {
      throw new InvalidRequestException("unknown model " + ClientText.quote(config.getModel())
          + "; this server has '" + model.name() + "'");
    }
    String language = language(config.getLanguageCode(), model.tokenizer());
    CallVocabulary vocabulary = vocabulary(config, engine, server);
    // the corrector weighs each word's confidence, which comes with its times
    TranscribeOptions options = server.decoding()
        .withLanguage(language)
        .withWordTimestamps(config.getEnableWordTimeOffsets() || vocabulary.corrector().isPresent())
        .withBiasing(vocabulary.biasing());
    return new CallSettings(format, options, config.getEnableWordTimeOffsets(), vocabulary.corrector());
  }

  /**
   * What a call's phrases and specialty make of the server's vocabulary.
   *
   * @param biasing what decoding is biased toward
   * @param corrector corrects final results toward the same phrases and the lexicon, when the call asked for it or
   *     the server corrects every call
   */
  record CallVocabulary(Biasing biasing, Optional<Corrector> corrector) {}

  /** The stream's endpointing: the request's fields, defaults where unset. */
  static Endpointing endpointing(io.medasr.api.v1.Endpointing request) throws InvalidRequestException {
    try {
      return new Endpointing(
          request.getMinSilenceMs() == 0 ? Endpointing.DEFAULT_MIN_SILENCE_MS : request.getMinSilenceMs(),
          request.getMaxUtteranceSeconds() == 0
              ? Endpointing.DEFAULT_MAX_UTTERANCE_SECONDS
              : request.getMaxUtteranceSeconds(),
          request.hasSpeechPaddingMs() ? request.getSpeechPaddingMs() : Endpointing.DEFAULT_SPEECH_PAD_MS);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("endpointing: " + e.getMessage());
    }
  }

  /** {@link #vocabulary} after the same size and phrase limits as a whole config (a mid-stream phrase update). */
  static CallVocabulary vocabularyWithinLimits(RecognitionConfig config, RecognitionEngine engine, ServerConfig server)
      throws InvalidRequestException {
    checkSize(config);
    return vocabulary(config, engine, server);
  }

  /** The specialty's lexicon, the server's phrases and the request's phrases with their boosts. */
  private static CallVocabulary vocabulary(RecognitionConfig config, RecognitionEngine engine, ServerConfig server)
      throws InvalidRequestException {
    Vocabulary vocabulary = engine.vocabulary();
    float defaultBoost = server.phraseBoost();
    String specialty = config.getSpecialty().isBlank() ? Vocabulary.GENERAL : config.getSpecialty().strip();
    if (!vocabulary.specialties().contains(specialty)) {
      throw new InvalidRequestException("unknown specialty " + ClientText.quote(specialty) + "; this server knows: "
          + String.join(", ", vocabulary.specialties()));
    }
    List<Phrase> phrases = new ArrayList<>();
    for (int i = 0; i < config.getPhrasesCount(); i++) {
      SpeechPhrase phrase = config.getPhrases(i);
      float boost = phrase.getBoost();
      if (!(boost >= 0 && boost <= ServerConfig.MAX_BOOST)) {
        throw new InvalidRequestException("phrase " + (i + 1) + " has boost " + boost + "; boosts are 0 (the "
            + "server's default, " + defaultBoost + ") to " + ServerConfig.MAX_BOOST);
      }
      if (!phrase.getValue().isBlank()) {
        phrases.add(new Phrase(phrase.getValue().strip(), boost == 0 ? defaultBoost : boost));
      }
    }
    Optional<Corrector> corrector = config.getEnableCorrection() || server.correctAll()
        ? Optional.of(correctors(config, engine, server, phrases))
        : Optional.empty();
    return new CallVocabulary(vocabulary.biasing(specialty, phrases), corrector);
  }

  /** The chain of correctors the request names, or the server's default chain, over the call's phrases. */
  private static Corrector correctors(RecognitionConfig config, RecognitionEngine engine, ServerConfig server,
      List<Phrase> phrases) throws InvalidRequestException {
    List<CorrectorKind> kinds = new ArrayList<>();
    for (String name : config.getCorrectorsList()) {
      CorrectorKind kind = CorrectorKind.of(name).orElseThrow(() -> new InvalidRequestException("unknown corrector "
          + ClientText.quote(name) + "; correctors are: " + CorrectorKind.names()));
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      kinds.addAll(server.correctors());
    }
    Vocabulary vocabulary = engine.vocabulary();
    List<Corrector> chain = new ArrayList<>();
    for (CorrectorKind kind : kinds) {
      chain.add(switch (kind) {
        case LEXICON -> new PhoneticMatcher(engine.model().tokenizer(), vocabulary.phrasesSoundLike(phrases),
            vocabulary.lexiconSoundsLike());
        case SEQ2SEQ -> new BartCorrector(engine.rewriter().orElseThrow(() -> new InvalidRequestException(
            "corrector 'seq2seq' needs a correction model, and this server has none"))::rewrite,
            List.of(vocabulary.phraseTerms(phrases), vocabulary.lexiconTerms()));
      });
    }
    return new CorrectorChain(chain);
  }

  private static void checkSize(RecognitionConfig config) throws InvalidRequestException {
    if (config.getSerializedSize() > MAX_CONFIG_BYTES) {
      throw new InvalidRequestException("config is " + config.getSerializedSize() + " bytes; at most "
          + MAX_CONFIG_BYTES + " are accepted");
    }
    if (config.getPhrasesCount() > MAX_PHRASES) {
      throw new InvalidRequestException("config has " + config.getPhrasesCount() + " phrases; at most "
          + MAX_PHRASES + " are accepted");
    }
    int total = 0;
    for (int i = 0; i < config.getPhrasesCount(); i++) {
      int chars = config.getPhrases(i).getValue().length();
      if (chars > MAX_PHRASE_CHARS) {
        throw new InvalidRequestException("phrase " + (i + 1) + " has " + chars + " characters; at most "
            + MAX_PHRASE_CHARS + " are accepted per phrase");
      }
      total += chars;
    }
    if (total > MAX_PHRASES_TOTAL_CHARS) {
      throw new InvalidRequestException("phrases have " + total + " characters in all; at most "
          + MAX_PHRASES_TOTAL_CHARS + " are accepted");
    }
  }

  private static AudioFormat audioFormat(RecognitionConfig config)
      throws InvalidRequestException, InvalidAudioException {
    AudioEncoding encoding = switch (config.getEncoding()) {
      case LINEAR16 -> AudioEncoding.LINEAR16;
      case MULAW -> AudioEncoding.MULAW;
      case ALAW -> AudioEncoding.ALAW;
      case FLOAT32 -> AudioEncoding.FLOAT32;
      case WAV -> AudioEncoding.WAV;
      case FLAC -> AudioEncoding.FLAC;
      case OGG_OPUS -> AudioEncoding.OGG_OPUS;
      case MP3 -> AudioEncoding.MP3;
      case ENCODING_UNSPECIFIED, UNRECOGNIZED -> throw new InvalidRequestException(
          "config.encoding is required (LINEAR16, MULAW, ALAW, FLOAT32, WAV, FLAC, OGG_OPUS or MP3)");
    };
    // The API lets raw audio leave channels at 0 for mono.
    int channels = encoding.isRaw() && config.getChannels() == 0 ? 1 : config.getChannels();
    return AudioFormat.of(encoding, config.getSampleRateHz(), channels);
  }

  /** Accepts "en", "en-US", "EN_us": the primary subtag must be a language the model knows. */
  private static String language(String code, WhisperTokenizer tokenizer) throws InvalidRequestException {
    // limit -1: "-" has an empty primary subtag (refused below), not no subtags at all
    String primary = code.isBlank() ? "en" : code.strip().split("[-_]", -1)[0].toLowerCase(Locale.ROOT);
    if (!tokenizer.isMultilingual()) {
      if (!primary.equals("en")) {
        throw new InvalidRequestException("language " + ClientText.quote(code)
            + " is not supported: the model is English-only");
      }
      return primary;
    }
    if (!tokenizer.specials().languages().containsKey(primary)) {
      throw new InvalidRequestException("unknown language code " + ClientText.quote(code));
    }
    return primary;
  }
}
