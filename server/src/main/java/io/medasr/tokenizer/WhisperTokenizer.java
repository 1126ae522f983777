package io.medasr.tokenizer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whisper's byte-level BPE tokenizer, read from a model directory's {@code tokenizer.json} (Hugging Face
 * tokenizers format). Special tokens are found by their text, never by fixed ids, so English-only,
 * multilingual and large-v3 vocabularies all work.
 *
 * <p>Immutable and thread-safe (the per-word BPE cache is a concurrent map).
 */
public final class WhisperTokenizer {

  /** openai's vocabulary rule: multilingual models have 51865 or more tokens, English-only 51864. */
  private static final int MULTILINGUAL_MIN_VOCAB = 51865;

  /** Timestamps <|0.00|> to <|30.00|>, in the order openai appends them after the other specials. */
  private static final int TIMESTAMP_COUNT = 1501;

  private static final String FIRST_TIMESTAMP = "<|0.00|>";
  private static final String DEFAULT_LANGUAGE = "en";
  private static final Pattern LANGUAGE_TOKEN = Pattern.compile("<\\|([a-z]{2,3})\\|>");

  private final ByteLevelBpe bpe;
  private final SpecialTokens specials;
  private final int vocabSize;
  private final boolean multilingual;
  private final List<Integer> nonSpeechTokens;

  private WhisperTokenizer(ByteLevelBpe bpe, SpecialTokens specials, boolean multilingual) {
    this.bpe = bpe;
    this.specials = specials;
    this.vocabSize = bpe.size();
    this.multilingual = multilingual;
    this.nonSpeechTokens = computeNonSpeechTokens();
  }

  /**
   * Reads {@code tokenizer.json} of a model directory. Whether the model is multilingual comes from
   * {@code generation_config.json} ({@code is_multilingual}) when present, else from the vocabulary size
   * ({@code vocab_size} of {@code config.json}, else of the tokenizer) as openai decides it.
   *
   * @throws IOException if the file is missing, unreadable or not a byte-level BPE tokenizer with Whisper's
   *                     special tokens
   */
  public static WhisperTokenizer load(Path modelDir) throws IOException {
    Path file = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "the model directory has no tokenizer.json");
    }
    TokenizerJson json = TokenizerJson.read(file);
    try {
      SpecialTokens specials = findSpecials(json);
      // older Hugging Face files list no timestamp tokens; the vocabulary still ends with all 1501 of them
      int minSize = json.added().containsKey(FIRST_TIMESTAMP) ? 0 : specials.timestampBegin() + TIMESTAMP_COUNT;
      ByteLevelBpe bpe = ByteLevelBpe.of(json, minSize);
      return new WhisperTokenizer(bpe, specials, isMultilingual(modelDir, bpe.size()));
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      // the last two are how Gson reports a config member of the wrong JSON type
      throw new IOException(
          file + " is not a Whisper byte-level BPE tokenizer: " + e.getMessage(), e);
    }
  }

  /** Token ids of {@code text}, without special tokens; special-token spellings in the text are plain text. */
  public int[] encode(String text) {
    return bpe.encode(text);
  }

  /**
   * Text of a token sequence: special and timestamp tokens are dropped, the bytes of all text tokens are
   * joined and decoded as UTF-8 at once (tokens may split a character); invalid UTF-8 becomes U+FFFD.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  public String decode(int[] ids) {
    return bpe.decode(ids);
  }

  /** Like {@link #decode} but renders timestamp tokens as {@code <|1.08|>}; text between them is decoded per run. */
  public String decodeWithTimestamps(int[] ids) {
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (int id : ids) {
      if (specials.isTimestamp(id) && id < vocabSize) {
        text.append(run.toString(StandardCharsets.UTF_8));
        run.reset();
        int centiseconds = (id - specials.timestampBegin()) * 2;
        text.append(
            String.format(Locale.ROOT, "<|%d.%02d|>", centiseconds / 100, centiseconds % 100));
      } else {
        run.writeBytes(bpe.bytes(id));
      }
    }
    return text.append(run.toString(StandardCharsets.UTF_8)).toString();
  }

  /** Raw bytes of a text token (a copy); empty for special and timestamp tokens. */
  public byte[] tokenBytes(int id) {
    return bpe.bytes(id).clone();
  }

  public SpecialTokens specials() {
    return specials;
  }

  /** Number of token ids (text, special and timestamp), i.e. the model's logits width. */
  public int vocabSize() {
    return vocabSize;
  }

  public boolean isMultilingual() {
    return multilingual;
  }

  /**
   * Id of {@code <|code|>}.
   *
   * @throws IllegalArgumentException naming the code if the vocabulary has no such language
   */
  public int languageToken(String code) {
    Integer id = specials.languages().get(code);
    if (id == null) {
      throw new IllegalArgumentException(
          "unknown language code '"
              + code
              + "' (the model knows "
              + specials.languages().size()
              + " languages)");
    }
    return id;
  }

  /**
   * The start-of-transcript sequence: {@code [sot]} for English-only models (language and task do not
   * apply), {@code [sot, <|language|>, <|translate|> or <|transcribe|>]} otherwise, with language
   * defaulting to "en" when null as in openai's get_tokenizer.
   */
  public List<Integer> sotSequence(String language, boolean translate) {
    if (!multilingual) {
      return List.of(specials.sot());
    }
    int languageId = languageToken(language == null ? DEFAULT_LANGUAGE : language);
    return List.of(
        specials.sot(), languageId, translate ? specials.translate() : specials.transcribe());
  }

  /**
   * openai's {@code Tokenizer.non_speech_tokens}: the tokens of symbols and speaker-tag punctuation that
   * suppress_tokens="-1" bans (without the special tokens decoding adds), ascending.
   */
  public List<Integer> nonSpeechTokens() {
    return nonSpeechTokens;
  }

  private List<Integer> computeNonSpeechTokens() {
    List<String> symbols = new ArrayList<>();
    for (char c : "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".toCharArray()) {
      symbols.add(String.valueOf(c));
    }
    symbols.addAll(
        List.of(
            "<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", "(\"", "((", "))", "(((",
            ")))", "[[", "]]", "{{", "}}", "♪♪", "♪♪♪"));
    // musical symbols are banned by their first token even when they need several
    List<String> musical = List.of("♩", "♪", "♫", "♬", "♭", "♮", "♯");

    TreeSet<Integer> result = new TreeSet<>();
    result.add(encode(" -")[0]);
    result.add(encode(" '")[0]);
    for (String symbol : symbols) {
      for (int[] tokens : List.of(encode(symbol), encode(" " + symbol))) {
        if (tokens.length == 1) {
          result.add(tokens[0]);
        }
      }
    }
    for (String symbol : musical) {
      result.add(encode(symbol)[0]);
      result.add(encode(" " + symbol)[0]);
    }
    return List.copyOf(result);
  }

  private static SpecialTokens findSpecials(TokenizerJson json) {
    Map<String, Integer> added = json.added();
    int sot = json.addedId("<|startoftranscript|>");
    int translate = json.addedId("<|translate|>");
    int noTimestamps = json.addedId("<|notimestamps|>");
    Integer noSpeech =
        added.containsKey("<|nospeech|>") ? added.get("<|nospeech|>") : added.get("<|nocaptions|>");
    if (noSpeech == null) {
      throw new IllegalArgumentException(
          "added_tokens has neither <|nospeech|> nor <|nocaptions|>");
    }
    // older Hugging Face tokenizer files omit the timestamp tokens; openai places them after
    // <|notimestamps|>
    int timestampBegin = added.getOrDefault(FIRST_TIMESTAMP, noTimestamps + 1);

    Map<Integer, String> languagesById = new TreeMap<>();
    for (Map.Entry<String, Integer> token : added.entrySet()) {
      Matcher language = LANGUAGE_TOKEN.matcher(token.getKey());
      if (language.matches() && token.getValue() > sot && token.getValue() < translate) {
        languagesById.put(token.getValue(), language.group(1));
      }
    }
    Map<String, Integer> languages = new LinkedHashMap<>();
    languagesById.forEach((id, code) -> languages.put(code, id));

    return new SpecialTokens(
        json.addedId("<|endoftext|>"),
        sot,
        translate,
        json.addedId("<|transcribe|>"),
        json.addedId("<|startoflm|>"),
        json.addedId("<|startofprev|>"),
        noSpeech,
        noTimestamps,
        timestampBegin,
        languages);
  }

  private static boolean isMultilingual(Path modelDir, int tokenizerVocabSize) throws IOException {
    Optional<JsonObject> generation = readJson(modelDir.resolve("generation_config.json"));
    if (generation.isPresent() && generation.get().has("is_multilingual")) {
      return generation.get().get("is_multilingual").getAsBoolean();
    }
    Optional<JsonObject> config = readJson(modelDir.resolve("config.json"));
    int vocabSize =
        config
            .filter(c -> c.has("vocab_size"))
            .map(c -> c.get("vocab_size").getAsInt())
            .orElse(tokenizerVocabSize);
    return vocabSize >= MULTILINGUAL_MIN_VOCAB;
  }

  /** The JSON object in a small config file, or empty if there is no such file. */
  private static Optional<JsonObject> readJson(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return Optional.of(JsonParser.parseReader(reader).getAsJsonObject());
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
    }
  }
}
