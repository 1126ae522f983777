package io.medasr.wer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spelled-out numbers to digits with the semantics of Whisper's {@code EnglishNumberNormalizer}
 * (openai-whisper 20250625): "twenty five" to "25", "one point five" to "1.5", "$20 million" style currency
 * ("twenty million dollars" to "$20000000"), ordinals and plurals ("twenty first" to "21st", "nineties" to
 * "90s"), "double oh seven" to "007", "five percent" to "5%", "two and a half" to "2.5"; a lone "1" is written
 * "one". Arbitrary-precision integers as in Python. Stateless and thread-safe.
 */
final class WhisperNumberNormalizer {
  private static final String B = PythonText.BOUNDARY;
  private static final Pattern AND_A_HALF = Pattern.compile(B + "and" + PythonText.SPACE + "+a" + PythonText.SPACE
      + "+half" + B);
  private static final Pattern LETTER_DIGIT = Pattern.compile("([a-z])([0-9])");
  private static final Pattern DIGIT_LETTER = Pattern.compile("([0-9])([a-z])");
  private static final Pattern DIGIT_SUFFIX = Pattern.compile("([0-9])" + PythonText.SPACE + "+(st|nd|rd|th|s)" + B);
  private static final Pattern NUMERIC = Pattern.compile("\\p{Nd}+(\\.\\p{Nd}+)?");
  private static final Pattern DECIMAL_STRING = Pattern.compile("(?=\\p{Nd}|\\.\\p{Nd})\\p{Nd}*(\\.\\p{Nd}*)?");
  private static final Pattern CURRENCY_AND_CENTS =
      Pattern.compile("([€£$])([0-9]+) (?:and )?¢([0-9]{1,2})" + B);
  private static final Pattern CURRENCY_ZERO_CENTS = Pattern.compile("[€£$]0.([0-9]{1,2})" + B);
  private static final Pattern LONE_ONE = Pattern.compile(B + "1(s?)" + B);

  // HashSet, not Set.of: look-ups of an absent neighbour word (null) must answer false
  private static final Set<String> ZEROS = new HashSet<>(List.of("o", "oh", "zero"));
  private static final Map<String, Integer> ONES = new HashMap<>();
  private static final Map<String, Suffixed> ONES_SUFFIXED = new HashMap<>();
  private static final Map<String, Integer> TENS = new HashMap<>();
  private static final Map<String, Suffixed> TENS_SUFFIXED = new HashMap<>();
  private static final Map<String, BigInteger> MULTIPLIERS = new HashMap<>();
  private static final Map<String, SuffixedBig> MULTIPLIERS_SUFFIXED = new HashMap<>();
  private static final Map<String, String> PRECEDING_PREFIXERS =
      Map.of("minus", "-", "negative", "-", "plus", "+", "positive", "+");
  private static final Map<String, String> FOLLOWING_PREFIXERS = Map.of("pound", "£", "pounds", "£", "euro", "€",
      "euros", "€", "dollar", "$", "dollars", "$", "cent", "¢", "cents", "¢");
  private static final Set<String> PREFIXES = new HashSet<>(List.of("-", "+", "£", "€", "$", "¢"));
  private static final Set<String> SPECIALS = new HashSet<>(List.of("and", "double", "triple", "point"));
  private static final Set<String> DECIMALS = new HashSet<>();
  private static final Set<String> WORDS = new HashSet<>();

  private record Suffixed(int value, String suffix) {}

  private record SuffixedBig(BigInteger value, String suffix) {}

  static {
    String[] ones = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    for (int i = 0; i < ones.length; i++) {
      String name = ones[i];
      int value = i + 1;
      ONES.put(name, value);
      ONES_SUFFIXED.put(name.equals("six") ? "sixes" : name + "s", new Suffixed(value, "s"));
    }
    ONES_SUFFIXED.put("zeroth", new Suffixed(0, "th"));
    ONES_SUFFIXED.put("first", new Suffixed(1, "st"));
    ONES_SUFFIXED.put("second", new Suffixed(2, "nd"));
    ONES_SUFFIXED.put("third", new Suffixed(3, "rd"));
    ONES_SUFFIXED.put("fifth", new Suffixed(5, "th"));
    ONES_SUFFIXED.put("twelfth", new Suffixed(12, "th"));
    for (int i = 0; i < ones.length; i++) {
      int value = i + 1;
      if (value > 3 && value != 5 && value != 12) {
        // Whisper's rule, which yields "eighth" but also "nineth" (and not "ninth")
        ONES_SUFFIXED.put(ones[i] + (ones[i].endsWith("t") ? "h" : "th"), new Suffixed(value, "th"));
      }
    }
    String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (int i = 0; i < tens.length; i++) {
      int value = 20 + 10 * i;
      TENS.put(tens[i], value);
      TENS_SUFFIXED.put(tens[i].replace("y", "ies"), new Suffixed(value, "s"));
      TENS_SUFFIXED.put(tens[i].replace("y", "ieth"), new Suffixed(value, "th"));
    }
    String[] multipliers = {"hundred", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion",
        "sextillion", "septillion", "octillion", "nonillion", "decillion"};
    for (int i = 0; i < multipliers.length; i++) {
      BigInteger value = i == 0 ? BigInteger.valueOf(100) : BigInteger.TEN.pow(3 * i);
      MULTIPLIERS.put(multipliers[i], value);
      MULTIPLIERS_SUFFIXED.put(multipliers[i] + "s", new SuffixedBig(value, "s"));
      MULTIPLIERS_SUFFIXED.put(multipliers[i] + "th", new SuffixedBig(value, "th"));
    }
    DECIMALS.addAll(ONES.keySet());
    DECIMALS.addAll(TENS.keySet());
    DECIMALS.addAll(ZEROS);
    WORDS.addAll(DECIMALS);
    WORDS.addAll(ONES_SUFFIXED.keySet());
    WORDS.addAll(TENS_SUFFIXED.keySet());
    WORDS.addAll(MULTIPLIERS.keySet());
    WORDS.addAll(MULTIPLIERS_SUFFIXED.keySet());
    WORDS.addAll(PRECEDING_PREFIXERS.keySet());
    WORDS.addAll(FOLLOWING_PREFIXERS.keySet());
    WORDS.addAll(List.of("per", "percent"));
    WORDS.addAll(SPECIALS);
  }

  String normalize(String s) {
    s = preprocess(s);
    s = String.join(" ", new Run(PythonText.split(s)).process());
    return postprocess(s);
  }

  private static String preprocess(String s) {
    String[] segments = AND_A_HALF.split(s, -1);
    List<String> results = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (PythonText.strip(segment).isEmpty()) {
        continue;
      }
      results.add(segment);
      if (i < segments.length - 1) {
        List<String> words = PythonText.split(segment);
        String lastWord = words.get(words.size() - 1);
        boolean numeric = DECIMALS.contains(lastWord) || MULTIPLIERS.containsKey(lastWord);
        results.add(numeric ? "point five" : "and a half");
      }
    }
    s = String.join(" ", results);
    s = LETTER_DIGIT.matcher(s).replaceAll("$1 $2");
    s = DIGIT_LETTER.matcher(s).replaceAll("$1 $2");
    return DIGIT_SUFFIX.matcher(s).replaceAll("$1$2");
  }

  private static String postprocess(String s) {
    s = replace(CURRENCY_AND_CENTS, s,
        m -> m.group(1) + m.group(2) + "." + String.format("%02d", Integer.parseInt(m.group(3))));
    s = replace(CURRENCY_ZERO_CENTS, s, m -> "¢" + Integer.parseInt(m.group(1)));
    return LONE_ONE.matcher(s).replaceAll("one$1");
  }

  private static String replace(Pattern pattern, String s, Function<MatchResult, String> replacement) {
    return pattern.matcher(s).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
  }

  /** Python's {@code Fraction(s)} for the digit strings that occur here, or null where Fraction would fail. */
  private static BigDecimal toFraction(Object value) {
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    String s = (String) value;
    if (!DECIMAL_STRING.matcher(s).matches()) {
      return null;
    }
    StringBuilder ascii = new StringBuilder();
    s.codePoints().forEach(cp -> ascii.append(cp == '.' ? '.' : (char) ('0' + Character.digit(cp, 10))));
    String digits = ascii.toString();
    if (digits.endsWith(".")) {
      digits = digits.substring(0, digits.length() - 1);
    }
    return new BigDecimal(digits.startsWith(".") ? "0" + digits : digits);
  }

  /** The integer value of a fraction whose denominator is 1, else null. */
  private static BigInteger wholeNumber(BigDecimal fraction) {
    BigDecimal stripped = fraction.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.toBigIntegerExact() : null;
  }

  /** Python's {@code str(value or "")}. */
  private static String orEmpty(Object value) {
    if (value == null || (value instanceof BigInteger i && i.signum() == 0)) {
      return "";
    }
    return value.toString();
  }

  private static String withoutLastChar(Object value) {
    String s = value.toString();
    return s.substring(0, s.length() - 1);
  }

  /** One pass over the words of one text: Python's generator {@code process_words} with its local state. */
  private static final class Run {
    private final List<String> words;
    private final List<String> out = new ArrayList<>();
    private String prefix;
    /** Null, a BigInteger (Python int) or a String, exactly as in Whisper. */
    private Object value;

    Run(List<String> words) {
      this.words = words;
    }

    private void output(Object result) {
      String text = result.toString();
      if (prefix != null) {
        text = prefix + text;
      }
      value = null;
      prefix = null;
      out.add(text);
    }

    private void flushValue() {
      if (value != null) {
        output(value);
      }
    }

    List<String> process() {
      boolean skip = false;
      for (int k = 0; k < words.size(); k++) {
        String prev = k > 0 ? words.get(k - 1) : null;
        String current = words.get(k);
        String next = k + 1 < words.size() ? words.get(k + 1) : null;
        if (skip) {
          skip = false;
          continue;
        }
        boolean nextIsNumeric = next != null && NUMERIC.matcher(next).matches();
        String first = current.substring(0, Character.charCount(current.codePointAt(0)));
        boolean hasPrefix = PREFIXES.contains(first);
        String currentWithoutPrefix = hasPrefix ? current.substring(first.length()) : current;
        if (NUMERIC.matcher(currentWithoutPrefix).matches()) {
          BigDecimal f = toFraction(currentWithoutPrefix);
          if (value != null) {
            if (value instanceof String s && s.endsWith(".")) {
              // concatenate decimals / ip address components
              value = s + current;
              continue;
            }
            output(value);
          }
          prefix = hasPrefix ? first : prefix;
          BigInteger whole = wholeNumber(f);
          value = whole != null ? whole : currentWithoutPrefix;
        } else if (!WORDS.contains(current)) {
          flushValue();
          output(current);
        } else if (ZEROS.contains(current)) {
          value = orEmpty(value) + "0";
        } else if (ONES.containsKey(current)) {
          int ones = ONES.get(current);
          if (value == null) {
            value = BigInteger.valueOf(ones);
          } else if (value instanceof String || ONES.containsKey(prev)) {
            if (TENS.containsKey(prev) && ones < 10) {
              value = withoutLastChar(value) + ones;
            } else {
              value = value.toString() + ones;
            }
          } else {
            value = addOrAppend((BigInteger) value, ones, ones < 10 ? 10 : 100);
          }
        } else if (ONES_SUFFIXED.containsKey(current)) {
          Suffixed s = ONES_SUFFIXED.get(current);
          if (value == null) {
            output(s.value() + s.suffix());
          } else if (value instanceof String || ONES.containsKey(prev)) {
            if (TENS.containsKey(prev) && s.value() < 10) {
              output(withoutLastChar(value) + s.value() + s.suffix());
            } else {
              output(value.toString() + s.value() + s.suffix());
            }
          } else {
            output(addOrAppend((BigInteger) value, s.value(), s.value() < 10 ? 10 : 100) + s.suffix());
          }
          value = null;
        } else if (TENS.containsKey(current)) {
          int tens = TENS.get(current);
          if (value == null) {
            value = BigInteger.valueOf(tens);
          } else if (value instanceof String) {
            value = value.toString() + tens;
          } else {
            value = addOrAppend((BigInteger) value, tens, 100);
          }
        } else if (TENS_SUFFIXED.containsKey(current)) {
          Suffixed s = TENS_SUFFIXED.get(current);
          if (value == null) {
            output(s.value() + s.suffix());
          } else if (value instanceof String) {
            output(value.toString() + s.value() + s.suffix());
          } else {
            output(addOrAppend((BigInteger) value, s.value(), 100) + s.suffix());
          }
        } else if (MULTIPLIERS.containsKey(current)) {
          BigInteger multiplier = MULTIPLIERS.get(current);
          if (value == null) {
            value = multiplier;
          } else if (value instanceof String || ((BigInteger) value).signum() == 0) {
            BigDecimal f = toFraction(value);
            BigInteger product = f == null ? null : wholeNumber(f.multiply(new BigDecimal(multiplier)));
            if (product != null) {
              value = product;
            } else {
              output(value);
              value = multiplier;
            }
          } else {
            value = scaleLastGroup((BigInteger) value, multiplier);
          }
        } else if (MULTIPLIERS_SUFFIXED.containsKey(current)) {
          SuffixedBig s = MULTIPLIERS_SUFFIXED.get(current);
          if (value == null) {
            output(s.value() + s.suffix());
          } else if (value instanceof String) {
            BigDecimal f = toFraction(value);
            BigInteger product = f == null ? null : wholeNumber(f.multiply(new BigDecimal(s.value())));
            if (product != null) {
              output(product + s.suffix());
            } else {
              output(value);
              output(s.value() + s.suffix());
            }
          } else {
            value = scaleLastGroup((BigInteger) value, s.value());
            output(value + s.suffix());
          }
          value = null;
        } else if (PRECEDING_PREFIXERS.containsKey(current)) {
          flushValue();
          if (WORDS.contains(next) || nextIsNumeric) {
            prefix = PRECEDING_PREFIXERS.get(current);
          } else {
            output(current);
          }
        } else if (FOLLOWING_PREFIXERS.containsKey(current)) {
          if (value != null) {
            prefix = FOLLOWING_PREFIXERS.get(current);
            output(value);
          } else {
            output(current);
          }
        } else if (current.equals("per") || current.equals("percent")) {
          if (value == null) {
            output(current);
          } else if (current.equals("percent")) {
            output(value + "%");
          } else if ("cent".equals(next)) {
            output(value + "%");
            skip = true;
          } else {
            output(value);
            output(current);
          }
        } else {
          skip = special(prev, current, next, nextIsNumeric);
        }
      }
      flushValue();
      return out;
    }

    /** "and", "double", "triple", "point"; returns whether the next word was consumed. */
    private boolean special(String prev, String current, String next, boolean nextIsNumeric) {
      if (!WORDS.contains(next) && !nextIsNumeric) {
        flushValue();
        output(current);
      } else if (current.equals("and")) {
        // "and" after hundreds, thousands, etc. is dropped
        if (!MULTIPLIERS.containsKey(prev)) {
          flushValue();
          output(current);
        }
      } else if (current.equals("double") || current.equals("triple")) {
        if (ONES.containsKey(next) || ZEROS.contains(next)) {
          int repeats = current.equals("double") ? 2 : 3;
          value = orEmpty(value) + String.valueOf(ONES.getOrDefault(next, 0)).repeat(repeats);
          return true;
        }
        flushValue();
        output(current);
      } else if (DECIMALS.contains(next) || nextIsNumeric) {
        value = orEmpty(value) + ".";
      }
      return false;
    }

    /** {@code value + n} when value is a multiple of {@code unit}, else the digits of n appended. */
    private static Object addOrAppend(BigInteger value, int n, int unit) {
      if (value.mod(BigInteger.valueOf(unit)).signum() == 0) {
        return value.add(BigInteger.valueOf(n));
      }
      return value.toString() + n;
    }

    /** "two thousand three hundred": the part below a thousand is scaled, what is above is kept. */
    private static BigInteger scaleLastGroup(BigInteger value, BigInteger multiplier) {
      BigInteger thousand = BigInteger.valueOf(1000);
      BigInteger before = value.divide(thousand).multiply(thousand);
      return before.add(value.mod(thousand).multiply(multiplier));
    }
  }
}
