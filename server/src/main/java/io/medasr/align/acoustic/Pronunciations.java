package io.medasr.align.acoustic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phones a written word is said with: its spoken forms ({@link SpokenForms}) looked up in the CMU
 * pronouncing dictionary (first pronunciation), capitals not found there spelled letter by letter, anything else
 * from the letter-to-sound network. Thread-safe.
 */
final class Pronunciations {
  private static final Map<Character, String> LETTER_NAMES = letterNames();
  /**
   * Words read by the network are kept (a stream's results name the same drugs again and again, and reading one
   * takes milliseconds); the cache is emptied when it reaches this size, so it stays small whatever is dictated.
   */
  private static final int MAX_READ_WORDS = 10_000;

  private final PronouncingDictionary dictionary;
  private final LetterToSound letterToSound;
  private final ConcurrentHashMap<String, List<String>> read = new ConcurrentHashMap<>();

  Pronunciations(PronouncingDictionary dictionary, LetterToSound letterToSound) {
    this.dictionary = dictionary;
    this.letterToSound = letterToSound;
  }

  /** The phone names of {@code written} (a transcript word, with its spacing and punctuation); empty if silent. */
  List<String> phones(String written) {
    List<String> phones = new ArrayList<>();
    for (SpokenForms.Spoken spoken : SpokenForms.of(written)) {
      List<String> known = dictionary.phones(spoken.text());
      if (known != null) {
        phones.addAll(known);
      } else if (spoken.capitals()) {
        spoken.text().chars().filter(c -> LETTER_NAMES.containsKey((char) c))
            .forEach(c -> phones.addAll(Arrays.asList(LETTER_NAMES.get((char) c).split(" "))));
      } else {
        phones.addAll(readByNetwork(spoken.text()));
      }
    }
    return phones;
  }

  private List<String> readByNetwork(String word) {
    List<String> phones = read.get(word);
    if (phones == null) {
      phones = List.copyOf(letterToSound.phones(word));
      if (read.size() >= MAX_READ_WORDS) {
        read.clear();
      }
      read.put(word, phones);
    }
    return phones;
  }

  private static Map<Character, String> letterNames() {
    String[] names = {"EY", "B IY", "S IY", "D IY", "IY", "EH F", "JH IY", "EY CH", "AY", "JH EY", "K EY", "EH L",
        "EH M", "EH N", "OW", "P IY", "K Y UW", "AA R", "EH S", "T IY", "Y UW", "V IY", "D AH B AH L Y UW",
        "EH K S", "W AY", "Z IY"};
    Map<Character, String> map = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put((char) ('a' + i), names[i]);
    }
    return map;
  }
}
