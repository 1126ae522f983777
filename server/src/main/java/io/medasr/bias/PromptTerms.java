package io.medasr.bias;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Picks the few phrases of a request that a first hypothesis of a window suggests were said, for the decoding
 * prompt (prompt biasing): a phrase is relevant when some run of the hypothesis' words sounds like it, compared
 * as Double Metaphone codes by edit distance ("a Pixel" ~ "apixaban", "set free ax" ~ "ceftriaxone"). Only a few
 * go into the prompt: Whisper loops and leaks prompt text when the prompt is long. Stateless; thread-safe.
 */
public final class PromptTerms {
  /** Phrases in one prompt at most. */
  public static final int MAX_TERMS = 10;
  /** Similarity (1 - edit distance over the longer code) a run of words needs to suggest a phrase. */
  static final double MIN_SIMILARITY = 0.6;
  /**
   * Codes shorter than this match only exactly: a short code ("IV", "CT") sounds like too many words.
   */
  static final int MIN_FUZZY_CODE = 4;
  /** A phrase may be heard as up to this many more words than it has ("no weapon if in" for "norepinephrine"). */
  private static final int EXTRA_WORDS = 2;
  /**
   * Most of a window's letters a decode with prompt terms may change: it is there to respell what the first
   * decode heard, and a prompt that makes Whisper loop or recite the prompt rewrites the window instead.
   */
  static final double MAX_RESPELLING = 0.4;
  /** Longer than any code compared, so that Double Metaphone does not cut a word's code. */
  private static final int MAX_CODE = 64;

  private PromptTerms() {}

  /**
   * The phrases of {@code phrases} that runs of words of {@code hypothesis} sound like, most similar first (ties
   * in list order), at most {@code max}. Each run of words suggests one phrase: a phrase whose best run overlaps
   * the run of a more similar phrase is left out ("a tour set in" is atorvastatin or levetiracetam, not both).
   */
  public static List<String> select(String hypothesis, List<String> phrases, int max) {
    List<String> words = words(hypothesis);
    DoubleMetaphone metaphone = new DoubleMetaphone();
    metaphone.setMaxCodeLen(MAX_CODE);
    List<String> codes = words.stream().map(w -> code(metaphone, w)).toList();
    List<Match> matches = new ArrayList<>();
    for (int i = 0; i < phrases.size(); i++) {
      Match match = bestRun(metaphone, phrases.get(i), i, words, codes);
      if (match.similarity() >= MIN_SIMILARITY) {
        matches.add(match);
      }
    }
    matches.sort(Comparator.comparingDouble(Match::similarity).reversed().thenComparingInt(Match::order));
    boolean[] claimed = new boolean[words.size()];
    List<String> selected = new ArrayList<>();
    for (Match match : matches) {
      if (selected.size() == max) {
        break;
      }
      boolean free = true;
      for (int w = match.start(); w < match.end(); w++) {
        free &= !claimed[w];
      }
      if (free) {
        Arrays.fill(claimed, match.start(), match.end(), true);
        selected.add(match.phrase());
      }
    }
    return selected;
  }

  /** A phrase's most similar run of words {@code [start, end)}; {@code order} is its place in the list. */
  private record Match(String phrase, int order, double similarity, int start, int end) {}

  private static Match bestRun(DoubleMetaphone metaphone, String phrase, int order, List<String> words,
      List<String> codes) {
    List<String> phraseWords = words(phrase);
    StringBuilder joined = new StringBuilder();
    phraseWords.forEach(w -> joined.append(code(metaphone, w)));
    String target = joined.toString();
    Match best = new Match(phrase, order, 0, 0, 0);
    for (int start = 0; start < words.size(); start++) {
      StringBuilder run = new StringBuilder();
      for (int end = start; end < words.size() && end - start < phraseWords.size() + EXTRA_WORDS; end++) {
        run.append(codes.get(end));
        double similarity;
        if (target.length() < MIN_FUZZY_CODE) {
          similarity = words.subList(start, end + 1).equals(phraseWords) ? 1 : 0;
        } else {
          similarity = run.length() == 0 ? 0
              : 1 - (double) levenshtein(target, run) / Math.max(target.length(), run.length());
        }
        if (similarity > best.similarity()) {
          best = new Match(phrase, order, similarity, start, end + 1);
        }
      }
    }
    return best;
  }

  /**
   * Whether {@code second} differs from {@code first} only as a respelling would: at most
   * {@value #MAX_RESPELLING} of their letters and digits changed (edit distance over the longer).
   */
  public static boolean respells(String first, String second) {
    String a = String.join("", words(first));
    String b = String.join("", words(second));
    return levenshtein(a, b) <= MAX_RESPELLING * Math.max(a.length(), b.length());
  }

  /** Whether {@code text} has {@code phrase}'s words in a row (case and punctuation aside). */
  static boolean spells(String text, String phrase) {
    return containsRun(words(text), words(phrase));
  }

  private static boolean containsRun(List<String> words, List<String> run) {
    return !run.isEmpty() && (" " + String.join(" ", words) + " ").contains(" " + String.join(" ", run) + " ");
  }

  /** Lower-case words of letters and digits; hyphens and other punctuation separate words. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.toLowerCase(Locale.ROOT).replace("'", "").split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /** A word's primary Double Metaphone code; digits have none (numbers are not what a phrase sounds like). */
  private static String code(DoubleMetaphone metaphone, String word) {
    String code = metaphone.doubleMetaphone(word);
    return code == null ? "" : code;
  }

  private static int levenshtein(CharSequence a, CharSequence b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
