package io.medasr.wer;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English text normalization with the semantics of Whisper's {@code EnglishTextNormalizer} (openai-whisper
 * 20250625, whisper/normalizers/english.py), the usual normalization for English WER: lower case; text in
 * brackets and parentheses removed; fillers (hmm, mm, mhm, mmm, uh, um) removed; contractions expanded
 * ("won't" to "will not"); titles spelled out ("mr" to "mister"); symbols and diacritics removed; numbers and
 * currencies to digits ({@link WhisperNumberNormalizer}); British to American spelling (the package's
 * english.json, copied as a resource with its provenance); {@link #medwer()} is the variant that medwer pins.
 * Python's Unicode regex semantics are reproduced
 * ({@link PythonText}). Immutable and thread-safe.
 */
public final class WhisperEnglishNormalizer implements Normalizer {
  private static final String B = PythonText.BOUNDARY;
  private static final String SPELLING_RESOURCE = "whisper-english-spelling.json";
  private static final Pattern BRACKETS = Pattern.compile("[<\\[][^>\\]]*[>\\]]");
  private static final Pattern PARENTHESES = Pattern.compile("\\(([^)]+?)\\)");
  private static final Pattern FILLERS = Pattern.compile(B + "(hmm|mm|mhm|mmm|uh|um)" + B);
  private static final Pattern SPACE_BEFORE_APOSTROPHE = Pattern.compile(PythonText.SPACE + "+'");
  private static final Pattern COMMA_IN_NUMBER =
      Pattern.compile("(" + PythonText.DIGIT + "),(" + PythonText.DIGIT + ")");
  private static final Pattern PERIOD_NOT_IN_NUMBER = Pattern.compile("\\.([^0-9]|\\z)");
  private static final Pattern SYMBOL_BEFORE_NON_DIGIT = Pattern.compile("[.$¢€£]([^0-9])");
  private static final Pattern PERCENT_AFTER_NON_DIGIT = Pattern.compile("([^0-9])%");
  private static final Pattern WHITESPACE = Pattern.compile(PythonText.SPACE + "+");
  private static final String KEEP = ".%$¢€£";
  /** Letters that NFKD does not decompose, as listed by Whisper. */
  private static final Map<Integer, String> ADDITIONAL_DIACRITICS = Map.ofEntries(Map.entry((int) 'œ', "oe"),
      Map.entry((int) 'Œ', "OE"), Map.entry((int) 'ø', "o"), Map.entry((int) 'Ø', "O"), Map.entry((int) 'æ', "ae"),
      Map.entry((int) 'Æ', "AE"), Map.entry((int) 'ß', "ss"), Map.entry((int) 'ẞ', "SS"), Map.entry((int) 'đ', "d"),
      Map.entry((int) 'Đ', "D"), Map.entry((int) 'ð', "d"), Map.entry((int) 'Ð', "D"), Map.entry((int) 'þ', "th"),
      Map.entry((int) 'Þ', "th"), Map.entry((int) 'ł', "l"), Map.entry((int) 'Ł', "L"));

  private record Replacer(Pattern pattern, String replacement) {}

  /** Whisper's replacements in order; {@code packaged}: with the four that whisper-normalizer 0.1.12 adds. */
  private static List<Replacer> replacers(boolean packaged) {
    List<Replacer> r = new ArrayList<>();
    // common contractions
    r.addAll(List.of(word("won't", "will not"), word("can't", "can not"), word("let's", "let us"),
        word("ain't", "aint"), word("y'all", "you all"), word("wanna", "want to")));
    if (packaged) {
      r.addAll(List.of(word("kinda", "kind of"), word("sorta", "sort of"), word("dunno", "do not know")));
    }
    r.addAll(List.of(word("gotta", "got to"), word("gonna", "going to"), word("i'ma", "i am going to"),
        word("imma", "i am going to"), word("woulda", "would have"), word("coulda", "could have"),
        word("shoulda", "should have")));
    if (packaged) {
      r.add(word("cause", "because"));
    }
    r.addAll(List.of(word("ma'am", "madam"),
        // contractions in titles/prefixes
        word("mr", "mister "), word("mrs", "missus "), word("st", "saint "), word("dr", "doctor "),
        word("prof", "professor "), word("capt", "captain "), word("gov", "governor "), word("ald", "alderman "),
        word("gen", "general "), word("sen", "senator "), word("rep", "representative "),
        word("pres", "president "), word("rev", "reverend "), word("hon", "honorable "),
        word("asst", "assistant "), word("assoc", "associate "), word("lt", "lieutenant "),
        word("col", "colonel "), word("jr", "junior "), word("sr", "senior "), word("esq", "esquire "),
        // perfect tenses
        suffix("'d been", " had been"), suffix("'s been", " has been"), suffix("'d gone", " had gone"),
        suffix("'s gone", " has gone"), suffix("'d done", " had done"), suffix("'s got", " has got"),
        // general contractions
        suffix("n't", " not"), suffix("'re", " are"), suffix("'s", " is"), suffix("'d", " would"),
        suffix("'ll", " will"), suffix("'t", " not"), suffix("'ve", " have"), suffix("'m", " am")));
    return List.copyOf(r);
  }

  private static final Map<String, String> SPELLINGS = loadSpellings();
  private static final WhisperEnglishNormalizer INSTANCE = new WhisperEnglishNormalizer(replacers(false));
  private static final WhisperEnglishNormalizer MEDWER = new WhisperEnglishNormalizer(replacers(true));

  private final List<Replacer> replacers;
  private final WhisperNumberNormalizer numbers = new WhisperNumberNormalizer();

  private WhisperEnglishNormalizer(List<Replacer> replacers) {
    this.replacers = replacers;
  }

  /** openai-whisper's normalizer (the spelling table is loaded once). */
  public static WhisperEnglishNormalizer instance() {
    return INSTANCE;
  }

  /**
   * The normalizer as packaged in PyPI whisper-normalizer 0.1.12, which medwer 1.0.0 pins: openai-whisper's with
   * four more replacements, "kinda" to "kind of", "sorta" to "sort of", "dunno" to "do not know" and "cause" to
   * "because" (also in "the cause of"). For figures identical to medwer's.
   */
  public static WhisperEnglishNormalizer medwer() {
    return MEDWER;
  }

  @Override
  public String normalize(String text) {
    String s = PythonText.lower(text);
    s = BRACKETS.matcher(s).replaceAll("");
    s = PARENTHESES.matcher(s).replaceAll("");
    s = FILLERS.matcher(s).replaceAll("");
    s = SPACE_BEFORE_APOSTROPHE.matcher(s).replaceAll("'");
    for (Replacer r : replacers) {
      s = r.pattern().matcher(s).replaceAll(r.replacement());
    }
    s = COMMA_IN_NUMBER.matcher(s).replaceAll("$1$2");
    s = PERIOD_NOT_IN_NUMBER.matcher(s).replaceAll(" $1");
    s = removeSymbolsAndDiacritics(s);
    s = numbers.normalize(s);
    s = standardizeSpellings(s);
    s = SYMBOL_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1");
    s = PERCENT_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 ");
    return WHITESPACE.matcher(s).replaceAll(" ");
  }

  /** NFKD, then marks, symbols and punctuation to a space (combining marks dropped), numeric symbols kept. */
  private static String removeSymbolsAndDiacritics(String s) {
    StringBuilder out = new StringBuilder(s.length());
    java.text.Normalizer.normalize(s, Form.NFKD).codePoints().forEach(cp -> {
      if (KEEP.indexOf(cp) >= 0) {
        out.appendCodePoint(cp);
      } else if (ADDITIONAL_DIACRITICS.containsKey(cp)) {
        out.append(ADDITIONAL_DIACRITICS.get(cp));
      } else if (Character.getType(cp) == Character.NON_SPACING_MARK) {
        return;
      } else if (isMarkSymbolOrPunctuation(cp)) {
        out.append(' ');
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  private static boolean isMarkSymbolOrPunctuation(int cp) {
    return switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
          Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
          Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  private String standardizeSpellings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (String word : PythonText.split(s)) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(SPELLINGS.getOrDefault(word, word));
    }
    return out.toString();
  }

  private static Replacer word(String word, String replacement) {
    return new Replacer(Pattern.compile(B + Pattern.quote(word) + B), Matcher.quoteReplacement(replacement));
  }

  private static Replacer suffix(String ending, String replacement) {
    return new Replacer(Pattern.compile(Pattern.quote(ending) + B), Matcher.quoteReplacement(replacement));
  }

  private static Map<String, String> loadSpellings() {
    try (InputStream in = WhisperEnglishNormalizer.class.getResourceAsStream(SPELLING_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SPELLING_RESOURCE);
      }
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
      Map<String, String> map = new Gson().fromJson(reader, new TypeToken<LinkedHashMap<String, String>>() {}.getType());
      return Map.copyOf(map);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SPELLING_RESOURCE, e);
    }
  }
}
