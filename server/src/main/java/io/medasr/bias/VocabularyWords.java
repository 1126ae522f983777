package io.medasr.bias;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which words of a transcript spell a bias phrase that decoding completed: the words "from the vocabulary". */
public final class VocabularyWords {
  private VocabularyWords() {}

  /**
   * Marks every run of {@code words} that spells one of {@code phrases}, comparing case- and
   * punctuation-insensitively word by word.
   */
  public static boolean[] mark(List<String> words, Set<String> phrases) {
    boolean[] marked = new boolean[words.size()];
    if (phrases.isEmpty()) {
      return marked;
    }
    List<String> keys = new ArrayList<>(words.size());
    words.forEach(w -> keys.add(key(w)));
    for (String phrase : phrases) {
      List<String> target = Arrays.stream(phrase.strip().split("\\s+")).map(VocabularyWords::key).toList();
      for (int start = 0; start + target.size() <= keys.size(); start++) {
        if (keys.subList(start, start + target.size()).equals(target)) {
          Arrays.fill(marked, start, start + target.size(), true);
        }
      }
    }
    return marked;
  }

  private static String key(String word) {
    return word.strip().toLowerCase(Locale.ROOT).replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
  }
}
