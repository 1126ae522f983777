package io.medasr.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio format and recognition settings of one call (the API's {@code RecognitionConfig} plus
 * {@code interim_results} for streams). Immutable; build with {@link #builder()} or start from
 * {@link #defaults()}.
 *
 * @param encoding how the audio is encoded; {@code null} lets {@code recognize} detect it from the data
 *     (a WAV header) or the file name, and is not allowed for streams
 * @param sampleRateHz sample rate in Hz, 8000 to 192000; required for raw encodings, 0 to take it from the
 *     container
 * @param channels interleaved channels, 1 to 8; 0 means 1 for raw encodings and "from the header" otherwise
 * @param language BCP-47 or ISO 639-1 code of the speech, e.g. "en"
 * @param model name of a model loaded on the server; empty for the server's default
 * @param wordTimes return words with start/end times and confidences
 * @param interimResults streams only: send interim results while audio arrives
 * @param phrases phrases to bias recognition toward, for this call only
 * @param specialty medical specialty selecting the biasing vocabulary, e.g. "cardiology"; empty for general
 * @param correction run the semantic corrector over final results (the raw text is kept alongside)
 * @param correctors the correctors that correction runs, in order of precedence: "lexicon", "seq2seq"; empty for
 *     the server's default chain
 * @param maxAlternatives most alternatives per result (at least 1; the server may return fewer)
 * @param singleUtterance streams only: the server ends the stream at the first endpoint, after the utterance's
 *     final results
 * @param endpointSilenceMillis streams only: silence that ends an utterance, 100 to 5000 ms; 0 for the server's
 *     default (500)
 * @param maxUtteranceSeconds streams only: longest utterance, 1 to 300 s; 0 for the server's default (60)
 * @param speechPaddingMillis streams only: audio kept around detected speech, 0 to 500 ms and at most half the
 *     endpoint silence; -1 for the server's default (100)
 */
public record RecognitionOptions(
    AudioEncoding encoding,
    int sampleRateHz,
    int channels,
    String language,
    String model,
    boolean wordTimes,
    boolean interimResults,
    List<Phrase> phrases,
    String specialty,
    boolean correction,
    List<String> correctors,
    int maxAlternatives,
    boolean singleUtterance,
    int endpointSilenceMillis,
    double maxUtteranceSeconds,
    int speechPaddingMillis) {

  public RecognitionOptions {
    if (sampleRateHz != 0 && (sampleRateHz < 8000 || sampleRateHz > 192_000)) {
      throw new IllegalArgumentException("sampleRateHz must be 0 or 8000..192000, got " + sampleRateHz);
    }
    if (channels < 0 || channels > 8) {
      throw new IllegalArgumentException("channels must be 0..8, got " + channels);
    }
    if (language == null || model == null || specialty == null || phrases == null || correctors == null) {
      throw new IllegalArgumentException("language, model, specialty, phrases and correctors must not be null");
    }
    if (maxAlternatives < 1) {
      throw new IllegalArgumentException("maxAlternatives must be at least 1, got " + maxAlternatives);
    }
    if (endpointSilenceMillis < 0 || maxUtteranceSeconds < 0 || speechPaddingMillis < -1) {
      throw new IllegalArgumentException("endpointing values must be >= 0 (0, or -1 for the padding, = the server's"
          + " default)");
    }
    phrases = List.copyOf(phrases);
    correctors = List.copyOf(correctors);
  }

  /**
   * Detected encoding, no sample rate or channel count (taken from the audio), English, the server's default
   * model, word times and interim results on, no phrases, general specialty, correction off, one alternative,
   * streams not limited to one utterance.
   */
  public static RecognitionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** These options with another encoding. */
  public RecognitionOptions withEncoding(AudioEncoding newEncoding) {
    return toBuilder().encoding(newEncoding).build();
  }

  /** Builds {@link RecognitionOptions}; starts from {@link #defaults()}. Not thread-safe. */
  public static final class Builder {
    private AudioEncoding encoding;
    private int sampleRateHz;
    private int channels;
    private String language = "en";
    private String model = "";
    private boolean wordTimes = true;
    private boolean interimResults = true;
    private final List<Phrase> phrases = new ArrayList<>();
    private String specialty = "";
    private boolean correction;
    private final List<String> correctors = new ArrayList<>();
    private int maxAlternatives = 1;
    private boolean singleUtterance;
    private int endpointSilenceMillis;
    private double maxUtteranceSeconds;
    private int speechPaddingMillis = -1;

    private Builder() {}

    private Builder(RecognitionOptions options) {
      encoding = options.encoding;
      sampleRateHz = options.sampleRateHz;
      channels = options.channels;
      language = options.language;
      model = options.model;
      wordTimes = options.wordTimes;
      interimResults = options.interimResults;
      phrases.addAll(options.phrases);
      specialty = options.specialty;
      correction = options.correction;
      correctors.addAll(options.correctors);
      maxAlternatives = options.maxAlternatives;
      singleUtterance = options.singleUtterance;
      endpointSilenceMillis = options.endpointSilenceMillis;
      maxUtteranceSeconds = options.maxUtteranceSeconds;
      speechPaddingMillis = options.speechPaddingMillis;
    }

    public Builder encoding(AudioEncoding encoding) {
      this.encoding = encoding;
      return this;
    }

    public Builder sampleRateHz(int sampleRateHz) {
      this.sampleRateHz = sampleRateHz;
      return this;
    }

    public Builder channels(int channels) {
      this.channels = channels;
      return this;
    }

    public Builder language(String language) {
      this.language = language;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder wordTimes(boolean wordTimes) {
      this.wordTimes = wordTimes;
      return this;
    }

    public Builder interimResults(boolean interimResults) {
      this.interimResults = interimResults;
      return this;
    }

    /** Adds a phrase with the server's default boost. */
    public Builder phrase(String value) {
      return phrase(Phrase.of(value));
    }

    public Builder phrase(Phrase phrase) {
      phrases.add(phrase);
      return this;
    }

    public Builder specialty(String specialty) {
      this.specialty = specialty;
      return this;
    }

    public Builder correction(boolean correction) {
      this.correction = correction;
      return this;
    }

    /** The correctors correction runs, in order of precedence ("lexicon", "seq2seq"); none = the server's. */
    public Builder correctors(List<String> names) {
      correctors.clear();
      correctors.addAll(names);
      return this;
    }

    public Builder maxAlternatives(int maxAlternatives) {
      this.maxAlternatives = maxAlternatives;
      return this;
    }

    public Builder singleUtterance(boolean singleUtterance) {
      this.singleUtterance = singleUtterance;
      return this;
    }

    /** Silence that ends an utterance of a stream, in ms (the server checks the range); 0 = its default. */
    public Builder endpointSilenceMillis(int millis) {
      this.endpointSilenceMillis = millis;
      return this;
    }

    /** Longest utterance of a stream, in seconds; 0 = the server's default. */
    public Builder maxUtteranceSeconds(double seconds) {
      this.maxUtteranceSeconds = seconds;
      return this;
    }

    /** Audio kept around the detected speech of a stream, in ms; -1 = the server's default. */
    public Builder speechPaddingMillis(int millis) {
      this.speechPaddingMillis = millis;
      return this;
    }

    public RecognitionOptions build() {
      return new RecognitionOptions(encoding, sampleRateHz, channels, language, model, wordTimes,
          interimResults, phrases, specialty, correction, correctors, maxAlternatives, singleUtterance,
          endpointSilenceMillis,
          maxUtteranceSeconds, speechPaddingMillis);
    }
  }
}
