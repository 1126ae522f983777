package io.medasr.bias;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Phrases that a first hypothesis of a window suggests were said, for the decoding prompt (prompt biasing): a
 * phrase is suggested when some run of the hypothesis' words sounds like it, compared as Double Metaphone codes
 * by edit distance ("a Pixel" ~ "apixaban", "set free ax" ~ "ceftriaxone"). Only a few go into the prompt:
 * Whisper loops and leaks prompt text when the prompt is long.
 *
 * <p>Two kinds of list: a request's own phrases ({@link #of}), each compared with every run of words; and the
 * lexicon ({@link #ofLexicon}), tens of thousands of terms, which only runs with a word the decoder doubted and
 * spelled from pieces are compared with (a confidently heard word, or one the decoder knows whole, is rarely a
 * misheard drug name: suggesting terms for those gave nearly every window of general speech a second decode; and
 * comparing every run with every term would cost more than the decode), only with terms that begin with the same
 * sound, and at a higher similarity. Immutable; thread-safe.
 */
public final class PromptTerms {
  /** Phrases in one prompt at most. */
  public static final int MAX_TERMS = 10;
  /** Similarity (1 - edit distance over the longer code) a run of words needs to suggest a request's phrase. */
  static final double MIN_SIMILARITY = 0.6;
  /**
   * The same for a lexicon term, whose spelling must also be similar to the run's letters
   * ({@link #MIN_LEXICON_LETTERS}): the lexicon is large, and sound alone suggests a term for almost any run.
   * Tuned on medical-synth (docs/biasing.md): looser thresholds found more terms, and the check of the prompted
   * decode kept the wrong suggestions out.
   */
  static final double MIN_LEXICON_SIMILARITY = 0.55;
  /** Similarity of a lexicon term's letters to a run's that it needs besides the sound's. */
  static final double MIN_LEXICON_LETTERS = 0.5;
  /**
   * A word with a confidence below this is doubted: a run is compared with the lexicon only when it holds a
   * doubted word spelled from pieces ({@link #mayBeMisheardTerm}).
   */
  public static final float DOUBTFUL_BELOW = 0.8f;
  /**
   * Codes shorter than this match only exactly: a short code ("IV", "CT") sounds like too many words.
   */
  static final int MIN_FUZZY_CODE = 4;
  /**
   * Lexicon terms and words with shorter codes are left out: short words are rarely misheard as a run of other
   * words, and a run that spells one needs no prompt.
   */
  static final int MIN_LEXICON_CODE = 5;
  /** Words of lexicon terms this long or longer are candidates by themselves ("hyponatremia" of a title). */
  static final int MIN_LEXICON_WORD = 6;
  /** A phrase may be heard as up to this many more words than it has ("no weapon if in" for "norepinephrine"). */
  private static final int EXTRA_WORDS = 2;
  /** Lexicon terms of more words than this are not suggested (long diagnosis titles are not misheard as runs). */
  private static final int MAX_LEXICON_WORDS = 3;
  /**
   * Most of a window's letters a decode with prompt terms may change: it is there to respell what the first
   * decode heard, and a prompt that makes Whisper loop or recite the prompt rewrites the window instead.
   */
  static final double MAX_RESPELLING = 0.4;
  /** Longer than any code compared, so that Double Metaphone does not cut a word's code. */
  private static final int MAX_CODE = 64;
  /** Letters, spaces and hyphens, with at most the first letter of each word in upper case (not an acronym). */
  private static final Pattern SAID_AS_WRITTEN = Pattern.compile("(?:[A-Za-z][a-z'-]*[ -]?)+");

  /**
   * A word of a hypothesis as the decoder wrote it, its confidence (the mean probability of its tokens), and
   * whether the decoder spelled its letters from several tokens ("furos", "ishamic"): a word it wrote as one token
   * ("tour", "Previous") is an English word rather than a misspelled term.
   */
  public record HeardWord(String text, float probability, boolean spelledFromPieces) {}

  /**
   * A phrase of the list: its words, their letters joined, the joined codes of its words, and its place in the
   * list.
   */
  private record Candidate(String phrase, List<String> words, String letters, String code, int order) {}

  /**
   * A candidate's most similar run of words {@code [start, end)}, ranked by the similarity of sound, plus that of
   * letters where the list asks for both.
   */
  private record Match(Candidate candidate, double rank, double sound, double letters, int start, int end) {}

  private final double minSimilarity;
  /** Letter similarity a match needs besides the sound's (0: none); when above 0, it adds to the ranking. */
  private final double minLetters;
  /** Which heard words make a run worth comparing with this list. */
  private final Predicate<HeardWord> doubted;
  private final boolean sameFirstSound;
  /** Candidates with fuzzy codes, by the first letter of their code (or all under one key), by code length. */
  private final Map<Character, List<Candidate>> fuzzy = new HashMap<>();
  /** Candidates with short codes, by their words joined with spaces. */
  private final Map<String, List<Candidate>> exact = new HashMap<>();
  private final int maxWords;

  private PromptTerms(List<String> phrases, double minSimilarity, double minLetters, Predicate<HeardWord> doubted,
      boolean sameFirstSound, int minFuzzyCode, boolean keepShort) {
    this.minSimilarity = minSimilarity;
    this.minLetters = minLetters;
    this.doubted = doubted;
    this.sameFirstSound = sameFirstSound;
    DoubleMetaphone metaphone = metaphone();
    int longest = 0;
    for (int i = 0; i < phrases.size(); i++) {
      List<String> words = words(phrases.get(i));
      if (words.isEmpty()) {
        continue;
      }
      Candidate candidate = new Candidate(phrases.get(i), words, String.join("", words), code(metaphone, words), i);
      if (candidate.code().length() >= minFuzzyCode) {
        fuzzy.computeIfAbsent(key(candidate.code()), k -> new ArrayList<>()).add(candidate);
      } else if (keepShort) {
        exact.computeIfAbsent(String.join(" ", words), k -> new ArrayList<>()).add(candidate);
      } else {
        continue;
      }
      longest = Math.max(longest, words.size());
    }
    fuzzy.values().forEach(list -> list.sort(Comparator.comparingInt(c -> c.code().length())));
    this.maxWords = longest;
  }

  /** A request's phrases, in the order the request gave them. */
  public static PromptTerms of(List<String> phrases) {
    return new PromptTerms(phrases, MIN_SIMILARITY, 0, word -> true, false, MIN_FUZZY_CODE, true);
  }

  /**
   * The lexicon's terms, most common first (their order breaks ties): those of at most
   * {@value #MAX_LEXICON_WORDS} words that are said as written (no abbreviations, acronyms or numbers), and the
   * long words of all its terms ("hyponatremia" of "hyposmolality and hyponatremia"); a single word for which
   * {@code spelledUnprompted} holds (one token of Whisper's vocabulary: "temperature") is left out, since the
   * decoder writes such a word right when it hears it.
   */
  public static PromptTerms ofLexicon(List<LexiconTerm> terms, Predicate<String> spelledUnprompted) {
    Map<String, String> candidates = new LinkedHashMap<>(); // by words, as written
    for (LexiconTerm term : terms) {
      List<String> words = words(term.term());
      if (!term.category().equals(Lexicon.ABBREVIATION) && words.size() <= MAX_LEXICON_WORDS
          && SAID_AS_WRITTEN.matcher(term.term()).matches()
          && !(words.size() == 1 && spelledUnprompted.test(words.get(0)))) {
        candidates.putIfAbsent(String.join(" ", words), term.term());
      }
      words.stream().filter(w -> w.length() >= MIN_LEXICON_WORD && w.chars().allMatch(Character::isLetter))
          .filter(w -> !spelledUnprompted.test(w))
          .forEach(w -> candidates.putIfAbsent(w, w));
    }
    return new PromptTerms(List.copyOf(candidates.values()), MIN_LEXICON_SIMILARITY, MIN_LEXICON_LETTERS,
        PromptTerms::mayBeMisheardTerm, true, MIN_LEXICON_CODE, false);
  }

  /**
   * Whether a word was spelled from pieces: more than one of its pieces (its tokens as text) holds letters ("fur" +
   * "os", not "tour" or "drug" + ".").
   */
  public static boolean spelledFromPieces(List<String> pieces) {
    return pieces.stream().filter(piece -> piece.chars().anyMatch(Character::isLetter)).count() > 1;
  }

  /** Whether a heard word may be part of a misheard lexicon term: the decoder doubted it and spelled it from pieces. */
  private static boolean mayBeMisheardTerm(HeardWord word) {
    return word.probability() < DOUBTFUL_BELOW && word.spelledFromPieces();
  }

  /** Whether no phrase of the list can be suggested. */
  public boolean isEmpty() {
    return fuzzy.isEmpty() && exact.isEmpty();
  }

  /**
   * A phrase of the list at index {@code list} and the run of heard words {@code [start, end)} that sounds most
   * like it: the similarity of their sound codes and of their letters (each 1 - edit distance over the longer).
   */
  public record Suggestion(String phrase, int list, int start, int end, double sound, double letters) {}

  /**
   * The phrases that runs of {@code heard} sound like, at most {@code max}: the suggestions of the first list
   * first (most similar first, ties in list order), then those of the next lists for runs left free. Each run of
   * words suggests one phrase: a phrase whose best run overlaps the run of a phrase taken before it is left out
   * ("a tour set in" is atorvastatin or levetiracetam, not both); a phrase is suggested once.
   */
  public static List<String> select(List<HeardWord> heard, int max, List<PromptTerms> lists) {
    return suggest(heard, max, lists).stream().map(Suggestion::phrase).toList();
  }

  /** As {@link #select}, with the run each phrase was heard as (indices into {@code heard}). */
  public static List<Suggestion> suggest(List<HeardWord> heard, int max, List<PromptTerms> lists) {
    List<String> words = new ArrayList<>();
    List<Integer> heardAs = new ArrayList<>(); // the index of the heard word each of words is part of
    for (int i = 0; i < heard.size(); i++) {
      for (String piece : words(heard.get(i).text())) {
        words.add(piece);
        heardAs.add(i);
      }
    }
    DoubleMetaphone metaphone = metaphone();
    List<String> codes = words.stream().map(w -> code(metaphone, w)).toList();
    boolean[] claimed = new boolean[words.size()];
    List<Suggestion> selected = new ArrayList<>();
    for (int list = 0; list < lists.size(); list++) {
      List<Match> matches = lists.get(list).matches(words, heard, heardAs, codes);
      matches.sort(Comparator.comparingDouble(Match::rank).reversed()
          .thenComparingInt(m -> m.candidate().order()));
      for (Match match : matches) {
        if (selected.size() == max) {
          return selected;
        }
        boolean free = true;
        for (int w = match.start(); w < match.end(); w++) {
          free &= !claimed[w];
        }
        String phrase = match.candidate().phrase();
        if (free && selected.stream().noneMatch(s -> s.phrase().equalsIgnoreCase(phrase))) {
          Arrays.fill(claimed, match.start(), match.end(), true);
          selected.add(new Suggestion(phrase, list, heardAs.get(match.start()), heardAs.get(match.end() - 1) + 1,
              match.sound(), match.letters()));
        }
      }
    }
    return selected;
  }

  /** Each candidate's most similar run (the first of equals) at or above the list's similarity. */
  private List<Match> matches(List<String> words, List<HeardWord> heard, List<Integer> heardAs, List<String> codes) {
    Map<Candidate, Match> best = new IdentityHashMap<>();
    for (int start = 0; start < words.size(); start++) {
      StringBuilder run = new StringBuilder();
      boolean worthComparing = false;
      for (int end = start; end < words.size() && end - start < maxWords + EXTRA_WORDS; end++) {
        run.append(codes.get(end));
        worthComparing |= doubted.test(heard.get(heardAs.get(end)));
        if (!worthComparing) {
          continue;
        }
        List<String> runWords = words.subList(start, end + 1);
        for (Candidate candidate : exact.getOrDefault(String.join(" ", runWords), List.of())) {
          best.putIfAbsent(candidate, new Match(candidate, rank(1, 1), 1, 1, start, end + 1));
        }
        if (run.length() > 0) {
          compareFuzzy(run.toString(), runWords, start, best);
        }
      }
    }
    return new ArrayList<>(best.values());
  }

  private void compareFuzzy(String run, List<String> runWords, int start, Map<Candidate, Match> best) {
    String runLetters = String.join("", runWords);
    List<Candidate> bucket = fuzzy.getOrDefault(key(run), List.of());
    // a code of length m can reach the similarity only if |n - m| <= (1 - s) max(n, m)
    int shortest = (int) Math.ceil(minSimilarity * run.length());
    int longest = (int) Math.floor(run.length() / minSimilarity);
    for (int i = firstOfLength(bucket, shortest); i < bucket.size(); i++) {
      Candidate candidate = bucket.get(i);
      String code = candidate.code();
      if (code.length() > longest) {
        break;
      }
      if (runWords.size() > candidate.words().size() + EXTRA_WORDS) {
        continue;
      }
      double sound = similarity(code, run);
      if (sound < minSimilarity) {
        continue;
      }
      double letters = similarity(candidate.letters(), runLetters);
      if (letters < minLetters) {
        continue;
      }
      double rank = rank(sound, letters);
      Match previous = best.get(candidate);
      if (previous == null || rank > previous.rank()) {
        best.put(candidate, new Match(candidate, rank, sound, letters, start, start + runWords.size()));
      }
    }
  }

  /** How a match ranks: by its sound, plus its letters where this list asks for both. */
  private double rank(double sound, double letters) {
    return minLetters > 0 ? sound + letters : sound;
  }

  /** 1 - edit distance over the longer. */
  private static double similarity(String a, String b) {
    return 1 - (double) levenshtein(a, b) / Math.max(a.length(), b.length());
  }

  private static int firstOfLength(List<Candidate> byLength, int length) {
    int low = 0;
    int high = byLength.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (byLength.get(middle).code().length() < length) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private char key(String code) {
    return sameFirstSound ? code.charAt(0) : '*';
  }

  /**
   * How much a run of heard words sounds and is spelled like a phrase, as runs and phrases are compared here: the
   * similarity of their words' Double Metaphone codes joined, and of their letters joined (each 1 - edit distance
   * over the longer; 0 when either has none).
   */
  public record Likeness(double sound, double letters) {}

  /** {@code heard} compared with {@code phrase} (see {@link Likeness}). */
  public static Likeness likeness(String heard, String phrase) {
    DoubleMetaphone metaphone = metaphone();
    List<String> heardWords = words(heard);
    List<String> phraseWords = words(phrase);
    return new Likeness(similarityOrZero(code(metaphone, heardWords), code(metaphone, phraseWords)),
        similarityOrZero(String.join("", heardWords), String.join("", phraseWords)));
  }

  private static double similarityOrZero(String a, String b) {
    return a.isEmpty() || b.isEmpty() ? 0 : similarity(a, b);
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

  /**
   * The terms of {@code terms} that a prompted decode spells and the first did not. A prompted decode that adopts
   * none changed nothing it was asked to.
   */
  public static List<String> adopted(String first, String prompted, List<String> terms) {
    return terms.stream().filter(t -> spells(prompted, t) && !spells(first, t)).toList();
  }

  /** Whether {@code text} has {@code phrase}'s words in a row (case and punctuation aside). */
  public static boolean spells(String text, String phrase) {
    List<String> run = words(phrase);
    return !run.isEmpty()
        && (" " + String.join(" ", words(text)) + " ").contains(" " + String.join(" ", run) + " ");
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

  private static DoubleMetaphone metaphone() {
    DoubleMetaphone metaphone = new DoubleMetaphone();
    metaphone.setMaxCodeLen(MAX_CODE);
    return metaphone;
  }

  /** A word's primary Double Metaphone code; digits have none (numbers are not what a phrase sounds like). */
  private static String code(DoubleMetaphone metaphone, String word) {
    String code = metaphone.doubleMetaphone(word);
    return code == null ? "" : code;
  }

  /** The codes of {@code words} joined: how a run of words or a phrase of several sounds. */
  private static String code(DoubleMetaphone metaphone, List<String> words) {
    StringBuilder code = new StringBuilder();
    words.forEach(w -> code.append(code(metaphone, w)));
    return code.toString();
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
