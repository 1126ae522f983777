package io.medasr.stream;

import io.medasr.align.WordTiming;
import io.medasr.bias.PromptTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commit rule of whisper_streaming (Macháček et al. 2023, "LocalAgreement-2"): a word is committed once two
 * consecutive hypotheses of the same audio agree on it and on every word before it. Committed words never
 * change; the words after them stay tentative until the next hypothesis confirms or replaces them.
 *
 * <p>A hypothesis is a decode of the audio from some point (the tail's start) on, which may hold the last
 * committed words again: the decoder hears a few seconds of them so that the words after them are heard whole and
 * in their sentence. Those words are
 * found by text first: the hypothesis starts with them, perhaps after a fragment of the word before them. Only
 * when the text does not show them are they found by time: a word whose middle lies before the committed end
 * is committed audio. Word times of two decodes of the same audio differ by up to a few hundred milliseconds,
 * so time alone would lose or repeat a word at the boundary.
 *
 * <p>Words are compared case- and punctuation-insensitively ("fibrillation," agrees with "fibrillation"); the
 * newer hypothesis's form is the one committed. Not thread-safe.
 */
final class LocalAgreement {
  /**
   * Right context an agreed word needs before it is committed: a word near the end of the decoded audio may
   * still change when the next words are heard ("fifty" becoming "fifty four"), and two short decodes agree on
   * such a word easily.
   */
  static final double COMMIT_MARGIN_SECONDS = 3.0;
  /**
   * A word the decoder doubted (its probability below this) is not committed by agreement, nor any word after
   * it: it waits for the decode at the next pause or endpoint, which hears its whole sentence and may respell
   * it with the lexicon's prompt terms (docs/biasing.md); two decodes easily agree on a misheard drug name.
   */
  static final float MIN_COMMIT_PROBABILITY = PromptTerms.DOUBTFUL_BELOW;
  /**
   * Longest run of final words that a hypothesis may repeat at its start and lose (Whisper repeats its prompt
   * over a tail that holds little new speech); single words are left to the text rule above.
   */
  private static final int MAX_ECHO_WORDS = 5;
  /** Words a hypothesis may start with before the committed words it repeats: fragments of a cut word. */
  private static final int MAX_LEADING_FRAGMENTS = 2;
  /** Committed words remembered for the text rule; a tail is cut well before it holds this many. */
  private static final int MAX_REMEMBERED = 100;
  /** A tail cut at a word's start may begin a sample after it (rounding to samples). */
  static final double CUT_ROUNDING_SECONDS = 0.001;
  /** A tentative word was in the previous hypothesis when that had the same word starting this close to it. */
  private static final double SAME_WORD_SECONDS = 0.5;

  /** The last committed words, oldest first. */
  private final List<WordTiming> recentlyCommitted = new ArrayList<>();
  private double committedEnd;
  private List<WordTiming> tentative = List.of();
  private double stability;

  /**
   * Takes the next hypothesis and returns the words it commits (possibly none), in order: those it agrees on
   * with the previous one that end at least {@value #COMMIT_MARGIN_SECONDS} s before {@code until}, up to the
   * first doubted word and short of a word that the next one continues.
   *
   * @param hypothesis words in stream time of a decode of the audio from {@code from} to {@code until} (seconds)
   */
  List<WordTiming> insert(List<WordTiming> hypothesis, double from, double until) {
    List<WordTiming> fresh = withoutEcho(afterCommitted(hypothesis, from));
    int agreed = 0;
    while (agreed < fresh.size() && agreed < tentative.size()
        && normalized(fresh.get(agreed)).equals(normalized(tentative.get(agreed)))
        && fresh.get(agreed).end() <= until - COMMIT_MARGIN_SECONDS
        && !(fresh.get(agreed).probability() < MIN_COMMIT_PROBABILITY)) { // a NaN probability is no doubt
      agreed++;
    }
    while (agreed > 0 && agreed < fresh.size() && continuesWord(fresh.get(agreed))) {
      agreed--; // "50" before "-4-year-old": the word is not over, and its end would be cut from the tail
    }
    List<WordTiming> previous = tentative;
    List<WordTiming> committed = commit(fresh.subList(0, agreed));
    tentative = followingCommitted(fresh.subList(agreed, fresh.size()));
    stability = shareRepeated(tentative, previous);
    return committed;
  }

  /** Commits every tentative word (an endpoint: no later hypothesis will come for this audio). */
  List<WordTiming> flush() {
    List<WordTiming> committed = tentative;
    tentative = List.of();
    return commit(committed);
  }

  /** Commits the tentative words that end at or before {@code time}, the rest stay tentative. */
  List<WordTiming> commitUntil(double time) {
    int n = 0;
    while (n < tentative.size() && tentative.get(n).end() <= time) {
      n++;
    }
    List<WordTiming> committed = tentative.subList(0, n);
    tentative = List.copyOf(tentative.subList(n, tentative.size()));
    return commit(committed);
  }

  /** Words of the last hypothesis not committed yet. */
  List<WordTiming> tentative() {
    return tentative;
  }

  /**
   * The share of the tentative words that the previous hypothesis had too (same word, about the same time):
   * words that survive a hypothesis tend to survive the next.
   */
  double stability() {
    return stability;
  }

  private static double shareRepeated(List<WordTiming> words, List<WordTiming> previous) {
    if (words.isEmpty()) {
      return 0;
    }
    int repeated = 0;
    for (WordTiming word : words) {
      for (WordTiming before : previous) {
        if (Math.abs(before.start() - word.start()) <= SAME_WORD_SECONDS && normalized(before).equals(normalized(word))) {
          repeated++;
          break;
        }
      }
    }
    return (double) repeated / words.size();
  }

  /** The words of {@code hypothesis} after the committed words it repeats. */
  private List<WordTiming> afterCommitted(List<WordTiming> hypothesis, double from) {
    List<WordTiming> repeated = committedSince(from);
    if (!repeated.isEmpty()) {
      for (int skip = 0; skip <= MAX_LEADING_FRAGMENTS; skip++) {
        if (startsWith(hypothesis, skip, repeated)) {
          return hypothesis.subList(skip + repeated.size(), hypothesis.size());
        }
      }
      // the first of them may be cut: the hypothesis starts with the later ones
      for (int n = repeated.size() - 1; n >= 1; n--) {
        if (startsWith(hypothesis, 0, repeated.subList(repeated.size() - n, repeated.size()))) {
          return hypothesis.subList(n, hypothesis.size());
        }
      }
    }
    List<WordTiming> fresh = new ArrayList<>();
    for (WordTiming word : hypothesis) {
      if ((word.start() + word.end()) / 2 > committedEnd) {
        fresh.add(word);
      }
    }
    return fresh;
  }

  /** {@code fresh} without the runs of the last final words it starts with (up to five words a run). */
  private List<WordTiming> withoutEcho(List<WordTiming> fresh) {
    boolean dropped = true;
    while (dropped) {
      dropped = false;
      for (int n = Math.min(MAX_ECHO_WORDS, recentlyCommitted.size()); n >= 2; n--) {
        if (startsWith(fresh, 0, recentlyCommitted.subList(recentlyCommitted.size() - n, recentlyCommitted.size()))) {
          fresh = fresh.subList(n, fresh.size());
          dropped = true;
          break;
        }
      }
    }
    return fresh;
  }

  /** Committed words that start at or after {@code from} (seconds), i.e. whose audio a hypothesis may hold. */
  private List<WordTiming> committedSince(double from) {
    int first = recentlyCommitted.size();
    while (first > 0 && recentlyCommitted.get(first - 1).start() >= from - CUT_ROUNDING_SECONDS) {
      first--;
    }
    return recentlyCommitted.subList(first, recentlyCommitted.size());
  }

  private static boolean startsWith(List<WordTiming> words, int offset, List<WordTiming> prefix) {
    if (offset + prefix.size() > words.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!normalized(words.get(offset + i)).equals(normalized(prefix.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records {@code words} as committed, with times made to follow the committed words before them: words of two
   * decodes may overlap by the jitter of their alignments, and final results never go back in time.
   */
  private List<WordTiming> commit(List<WordTiming> words) {
    List<WordTiming> committed = followingCommitted(words);
    if (!committed.isEmpty()) {
      committedEnd = committed.get(committed.size() - 1).end();
    }
    recentlyCommitted.addAll(committed);
    if (recentlyCommitted.size() > MAX_REMEMBERED) {
      recentlyCommitted.subList(0, recentlyCommitted.size() - MAX_REMEMBERED).clear();
    }
    return List.copyOf(committed);
  }

  /** {@code words} with times moved, where needed, to start no earlier than the committed end and each other. */
  private List<WordTiming> followingCommitted(List<WordTiming> words) {
    List<WordTiming> moved = new ArrayList<>(words.size());
    double last = committedEnd;
    for (WordTiming w : words) {
      double start = Math.max(w.start(), last);
      double end = Math.max(w.end(), start);
      moved.add(new WordTiming(w.word(), start, end, w.probability(), w.aligned()));
      last = end;
    }
    return List.copyOf(moved);
  }

  /**
   * Whether a word continues the one before it: Whisper starts a new word with a space, and a word without one
   * ("-year", "-4") is a piece of a compound that two decodes split differently.
   */
  private static boolean continuesWord(WordTiming word) {
    return !word.word().isEmpty() && !Character.isWhitespace(word.word().charAt(0));
  }

  /** The word without case, surrounding space or punctuation. */
  static String normalized(WordTiming word) {
    return word.word().toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", "");
  }
}
