package io.medasr.wer;

import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 string semantics that the reference tools (jiwer, Whisper's normalizer) rely on and that differ from
 * Java's: {@code str.isspace}, {@code str.split()}, {@code str.strip()} and the Unicode meaning of {@code \s},
 * {@code \w}, {@code \b} and {@code \d} in Python's {@code re}. Stateless and thread-safe.
 */
final class PythonText {
  /** Regex class of the characters for which Python's {@code str.isspace()} is true (Python's {@code \s}). */
  static final String SPACE = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
  /** Python's {@code \w}: {@code str.isalnum()} is exactly general categories L* and N*, plus the underscore. */
  static final String WORD = "[\\p{L}\\p{N}_]";
  /** Python's {@code \b} built on {@link #WORD}; Java 17's own {@code \b} uses a different notion of word. */
  static final String BOUNDARY = "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
  /** Python's {@code \d}: any decimal digit (category Nd), not only ASCII. */
  static final String DIGIT = "\\p{Nd}";

  private PythonText() {}

  static boolean isSpace(int codePoint) {
    return switch (codePoint) {
      case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F,
          0x205F, 0x3000 -> true;
      default -> codePoint >= 0x2000 && codePoint <= 0x200A;
    };
  }

  /** {@code s.split()}: runs of whitespace separate words, no empty words. */
  static List<String> split(String s) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isSpace(cp)) {
        if (start >= 0) {
          words.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      words.add(s.substring(start));
    }
    return words;
  }

  /** {@code s.strip()}. */
  static String strip(String s) {
    int begin = 0;
    int end = s.length();
    while (begin < end && isSpace(s.codePointAt(begin))) {
      begin += Character.charCount(s.codePointAt(begin));
    }
    while (end > begin && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(begin, end);
  }

  /** {@code s.lower()}: full Unicode lower-casing, independent of the default locale. */
  static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }
}
