package io.medasr.testing;

import io.medasr.align.WordTiming;
import io.medasr.bias.PromptTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word the tiny model doubted, respelled so that it sounds the same: its letters and digits (the tiny model's
 * words often end in stray bytes) with the first vowel after the first letter doubled, which Double Metaphone does
 * not hear (it codes vowels only at a word's start). A phrase the lexicon matcher should put in the word's place.
 */
public final class Respelling {
  /** Letters and digits, then nothing that is either. */
  private static final Pattern WORD = Pattern.compile("([A-Za-z0-9]{5,})[^A-Za-z0-9]*");

  private Respelling() {}

  /** Whether {@code word} was doubted and has a respelling. */
  public static boolean applies(WordTiming word) {
    Matcher matcher = WORD.matcher(word.word().strip());
    return word.probability() < PromptTerms.DOUBTFUL_BELOW && matcher.matches()
        && firstVowelAfterTheFirstLetter(matcher.group(1)) > 0;
  }

  /** The letters and digits of {@code word}, respelled ("surgeon." gives "suurgeon"). */
  public static String of(WordTiming word) {
    Matcher matcher = WORD.matcher(word.word().strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("no respelling of " + word);
    }
    String letters = matcher.group(1);
    int vowel = firstVowelAfterTheFirstLetter(letters);
    return letters.substring(0, vowel + 1) + letters.substring(vowel);
  }

  /**
   * Respellings of each run of five or more letters and digits in a doubted {@code word} ("acute1" of
   * "acute1\ufffdg"), none when it was heard with confidence.
   */
  public static List<String> ofPieces(WordTiming word) {
    List<String> respelled = new ArrayList<>();
    if (word.probability() < PromptTerms.DOUBTFUL_BELOW) {
      for (String piece : word.word().split("[^A-Za-z0-9]+")) {
        int vowel = firstVowelAfterTheFirstLetter(piece);
        if (piece.length() >= 5 && vowel > 0) {
          respelled.add(piece.substring(0, vowel + 1) + piece.substring(vowel));
        }
      }
    }
    return respelled;
  }

  /** {@code word} as written with its letters and digits respelled. */
  public static String inPlace(WordTiming word) {
    return word.word().replace(WORD.matcher(word.word().strip()).replaceAll("$1"), of(word));
  }

  private static int firstVowelAfterTheFirstLetter(String word) {
    for (int i = 1; i < word.length(); i++) {
      if ("aeiou".indexOf(word.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
