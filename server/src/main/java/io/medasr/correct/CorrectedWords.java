package io.medasr.correct;

import io.medasr.align.WordTiming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Words after a corrector's changes, and the changes.
 *
 * @param words the corrected words, each with its leading space as decoded words have it; replacement words carry
 *     the times of the words they replace and the correction's confidence
 * @param corrections the changes in text order, their spans in the words before them
 */
public record CorrectedWords(List<WordTiming> words, List<Correction> corrections) {

  public CorrectedWords {
    words = List.copyOf(words);
    corrections = List.copyOf(corrections);
  }

  /** {@code words} unchanged. */
  public static CorrectedWords unchanged(List<WordTiming> words) {
    return new CorrectedWords(words, List.of());
  }

  /**
   * Applies {@code corrections} (non-overlapping spans of {@code words}) to {@code words}. A replacement keeps the
   * punctuation that ended the span's last word, and a capital that began its first; a replacement of as many words
   * as it replaces takes their times word by word, any other shares their span by letters.
   */
  public static CorrectedWords apply(List<WordTiming> words, List<Correction> corrections) {
    List<Correction> inOrder = corrections.stream().sorted(Comparator.comparingInt(Correction::firstWord)).toList();
    List<WordTiming> corrected = new ArrayList<>(words.size());
    int next = 0;
    for (Correction correction : inOrder) {
      int end = correction.firstWord() + correction.wordCount();
      if (correction.firstWord() < next || end > words.size()) {
        throw new IllegalArgumentException("corrections overlap or run past the words");
      }
      corrected.addAll(words.subList(next, correction.firstWord()));
      corrected.addAll(replace(words.subList(correction.firstWord(), end), correction));
      next = end;
    }
    corrected.addAll(words.subList(next, words.size()));
    return new CorrectedWords(corrected, inOrder);
  }

  /** {@code vocabulary} (the phrases a result's words may spell) with the replacements added. */
  public Set<String> vocabularyWith(Set<String> vocabulary) {
    Set<String> all = new HashSet<>(vocabulary);
    corrections.forEach(c -> all.add(c.replacement()));
    return all;
  }

  /** The words' text: each word's leading space kept, the whole stripped. */
  public String text() {
    StringBuilder text = new StringBuilder();
    words.forEach(w -> text.append(w.word()));
    return text.toString().strip();
  }

  private static List<WordTiming> replace(List<WordTiming> span, Correction correction) {
    String first = span.get(0).word().strip();
    String last = span.get(span.size() - 1).word().strip();
    String[] replacement = correction.replacement().strip().split("\\s+");
    if (!first.isEmpty() && Character.isUpperCase(first.codePointAt(0))) {
      replacement[0] = replacement[0].substring(0, 1).toUpperCase() + replacement[0].substring(1);
    }
    replacement[replacement.length - 1] += trailingPunctuation(last);
    boolean aligned = span.stream().allMatch(WordTiming::aligned);
    double start = span.get(0).start();
    double length = span.get(span.size() - 1).end() - start;
    int letters = 0;
    for (String word : replacement) {
      letters += word.length();
    }
    List<WordTiming> words = new ArrayList<>(replacement.length);
    int before = 0;
    for (int i = 0; i < replacement.length; i++) {
      String word = " " + replacement[i];
      if (replacement.length == span.size()) {
        words.add(new WordTiming(word, span.get(i).start(), span.get(i).end(), correction.confidence(), aligned));
      } else {
        double wordStart = WordTiming.toHundredths(start + length * before / letters);
        before += replacement[i].length();
        double wordEnd = WordTiming.toHundredths(start + length * before / letters);
        words.add(new WordTiming(word, wordStart, wordEnd, correction.confidence(), aligned));
      }
    }
    return words;
  }

  /** The punctuation that ends {@code word} ("zolta." gives "."). */
  private static String trailingPunctuation(String word) {
    int end = word.length();
    while (end > 0 && !Character.isLetterOrDigit(word.charAt(end - 1))) {
      end--;
    }
    return word.substring(end);
  }
}
