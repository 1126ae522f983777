package io.medasr.wer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * jiwer 4.0's default transforms, which run after (and independently of) any normalization.
 *
 * <p>{@code wer_default}: runs of two or more whitespace characters become one space, the ends are stripped,
 * and the text is split on the space character only, so a lone tab or no-break space stays inside a word.
 * {@code cer_default}: the ends are stripped and every code point is a token, spaces included. Stateless and
 * thread-safe.
 */
public final class JiwerTokens {
  private static final Pattern MULTIPLE_SPACES = Pattern.compile(PythonText.SPACE + "{2,}");

  private JiwerTokens() {}

  public static List<String> words(String text) {
    String collapsed = PythonText.strip(MULTIPLE_SPACES.matcher(text).replaceAll(" "));
    List<String> words = new ArrayList<>();
    for (String word : collapsed.split(" ", -1)) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  public static List<String> characters(String text) {
    return PythonText.strip(text).codePoints().mapToObj(Character::toString).toList();
  }
}
