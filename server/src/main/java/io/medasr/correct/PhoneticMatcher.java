package io.medasr.correct;

import io.medasr.align.WordTiming;
import io.medasr.bias.PromptTerms;
import io.medasr.tokenizer.WhisperTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lexicon matcher: replaces a run of words that the decoder doubted and that sounds and is spelled like a phrase
 * of the request or a term of the medical lexicon ("the synopril" for "lisinopril", "aetriol fibrillation" for
 * "atrial fibrillation"). Runs and phrases are compared as {@link PromptTerms} compares them for the decoding
 * prompt (Double Metaphone codes and letters, by edit distance), at stricter thresholds: a suggestion for the prompt
 * only costs a second decode, whose check keeps what it does not spell out of the transcript; a correction goes
 * into it.
 *
 * <p>Evidence for a change: the run holds a word the decoder doubted (confidence below
 * {@link PromptTerms#DOUBTFUL_BELOW}), its sound and letters are both close to the phrase's, and it does not spell
 * the phrase already. The request's own phrases (and the server's) are a short list the speaker is likely to say;
 * the lexicon is tens of thousands of terms, so a lexicon term must be closer still, the run must hold a doubted
 * word spelled from pieces ({@link PromptTerms#ofLexicon}), and a run that differs from the term only by an ending
 * ("nebulizers", "nebulizer"; "migraines", "migrainous") is left as heard.
 *
 * <p>One per call (it holds the request's phrases); immutable and thread-safe.
 */
public final class PhoneticMatcher implements Corrector {
  /** The {@link Correction#source()} of a change to one of the request's or the server's phrases. */
  public static final String PHRASES = "phrases";
  /** The {@link Correction#source()} of a change to a lexicon term. */
  public static final String LEXICON = "lexicon";
  /**
   * Similarity of sound codes (1 - edit distance over the longer) and of letters a run needs to become one of the
   * request's phrases. Tuned on medical-synth with lists of 100 phrases (docs/correction.md): at 0.5 letters,
   * "strong colored fluid" became "strangury colored fluid".
   */
  static final double MIN_PHRASE_SOUND = 0.75;
  static final double MIN_PHRASE_LETTERS = 0.6;
  /**
   * The same for a lexicon term, stricter: at the phrases' thresholds the lexicon replaced English words the
   * decoder had right ("reorient" with "recurrent", "transfused" with "transfusion").
   */
  static final double MIN_LEXICON_SOUND = 0.85;
  static final double MIN_LEXICON_LETTERS = 0.8;
  /** Letters of an ending that make a lexicon term another form of the heard word ({@link #differByAnEnding}). */
  static final int MAX_ENDING = 3;

  private final WhisperTokenizer tokenizer;
  /** The lists to compare with, the phrases first, and the source of each one's changes. */
  private final List<PromptTerms> lists = new ArrayList<>(2);
  private final List<String> sources = new ArrayList<>(2);

  /**
   * @param tokenizer the decoder's, to tell words spelled from pieces
   * @param phrases the request's and the server's phrases, if any
   * @param lexicon the lexicon's terms, if any
   */
  public PhoneticMatcher(WhisperTokenizer tokenizer, Optional<PromptTerms> phrases, Optional<PromptTerms> lexicon) {
    this.tokenizer = tokenizer;
    phrases.ifPresent(list -> add(list, PHRASES));
    lexicon.ifPresent(list -> add(list, LEXICON));
  }

  private void add(PromptTerms list, String source) {
    lists.add(list);
    sources.add(source);
  }

  /** Replacements of the runs of {@code words} that sound like a phrase by that phrase. */
  @Override
  public List<Correction> propose(List<WordTiming> words) {
    if (words.isEmpty() || lists.isEmpty()) {
      return List.of();
    }
    List<PromptTerms.HeardWord> heard = new ArrayList<>(words.size());
    for (WordTiming word : words) {
      heard.add(new PromptTerms.HeardWord(word.word(), word.probability(), spelledFromPieces(word.word())));
    }
    List<Correction> corrections = new ArrayList<>();
    for (PromptTerms.Suggestion suggestion : PromptTerms.suggest(heard, Integer.MAX_VALUE, lists)) {
      List<WordTiming> run = words.subList(suggestion.start(), suggestion.end());
      String original = String.join(" ", run.stream().map(w -> w.word().strip()).toList());
      String source = sources.get(suggestion.list());
      if (convincing(suggestion, source, original)
          && run.stream().anyMatch(w -> w.probability() < PromptTerms.DOUBTFUL_BELOW)
          && !PromptTerms.spells(original, suggestion.phrase())) {
        float score = (float) ((suggestion.sound() + suggestion.letters()) / 2);
        corrections.add(new Correction(suggestion.start(), run.size(), original, suggestion.phrase(), source, score));
      }
    }
    return corrections;
  }

  private static boolean convincing(PromptTerms.Suggestion suggestion, String source, String original) {
    if (source.equals(PHRASES)) {
      return suggestion.sound() >= MIN_PHRASE_SOUND && suggestion.letters() >= MIN_PHRASE_LETTERS;
    }
    return suggestion.sound() >= MIN_LEXICON_SOUND && suggestion.letters() >= MIN_LEXICON_LETTERS
        && !differByAnEnding(letters(original), letters(suggestion.phrase()));
  }

  /**
   * Whether two words are one stem with endings of different lengths: after the letters they begin with in common,
   * at most {@value #MAX_ENDING} remain of each, and one word is longer ("nebulizers" and "nebulizer", "migraines"
   * and "migrainous", "arteries" and "arteritis": another form of the word, likely heard right; "embolysm" and
   * "embolism" are one word misspelled).
   */
  static boolean differByAnEnding(String a, String b) {
    int common = 0;
    while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
      common++;
    }
    return common > 0 && a.length() != b.length() && a.length() - common <= MAX_ENDING
        && b.length() - common <= MAX_ENDING;
  }

  private static String letters(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]", "");
  }

  /** Whether the tokenizer spells {@code word} with more than one piece holding letters ("zolta", not "tour."). */
  private boolean spelledFromPieces(String word) {
    List<String> pieces = new ArrayList<>();
    for (int token : tokenizer.encode(" " + word.strip())) {
      pieces.add(tokenizer.decode(new int[] {token}));
    }
    return PromptTerms.spelledFromPieces(pieces);
  }
}
