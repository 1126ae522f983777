package io.medasr.wer;

import java.util.regex.Pattern;

/**
 * Lower case, punctuation removed, whitespace collapsed: the same as jiwer's
 * {@code Compose([ToLowerCase(), RemovePunctuation(), RemoveWhiteSpace(replace_by_space=True),
 * RemoveMultipleSpaces(), Strip()])}. Punctuation is every character of Unicode category P* and is deleted, not
 * replaced by a space ("don't" becomes "dont", "x-ray" becomes "xray"); symbols such as % or $ stay. As in
 * jiwer, ASCII whitespace becomes a space and only runs of two or more whitespace characters collapse, so a lone
 * no-break space stays inside a word. Stateless and thread-safe.
 */
public final class BasicNormalizer implements Normalizer {
  private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}");
  private static final Pattern ASCII_WHITESPACE = Pattern.compile("[\\t\\n\\r\\x0B\\f]");
  private static final Pattern MULTIPLE_SPACES = Pattern.compile(PythonText.SPACE + "{2,}");

  @Override
  public String normalize(String text) {
    String lower = PythonText.lower(text);
    String withoutPunctuation = PUNCTUATION.matcher(lower).replaceAll("");
    String spaced = ASCII_WHITESPACE.matcher(withoutPunctuation).replaceAll(" ");
    return PythonText.strip(MULTIPLE_SPACES.matcher(spaced).replaceAll(" "));
  }
}
