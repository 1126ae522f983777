package io.medasr.correct;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import io.medasr.align.WordTiming;
import io.medasr.bias.KnownTerms;
import io.medasr.bias.PromptTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The sequence-to-sequence corrector: a BART model trained for correction (models/corrector) rewrites the decoded
 * text, and each run of words it changed becomes a correction only with evidence besides the model's word (the
 * gate, docs/correction.md): the rewritten words, alone or with the words around them, spell one of the request's
 * phrases or a lexicon term; the words they replace sound and are spelled like them; and the decoder doubted at
 * least one of those words. Any other change the model makes (a word it added or dropped, an English word it
 * preferred, punctuation) is not taken.
 *
 * <p>One per call (it holds the call's phrases); thread-safe when its rewriter is.
 */
public final class BartCorrector implements Corrector {
  /** The {@link Correction#source()} of this corrector's changes. */
  public static final String SOURCE = "seq2seq";
  /**
   * Sound and letter similarity ({@link PromptTerms#likeness}) the replaced words need to the rewritten ones. Looser
   * than the lexicon matcher's: the model's choice of the term is evidence the matcher does not have.
   */
  static final double MIN_SOUND = 0.5;
  static final double MIN_LETTERS = 0.5;
  /** Words of the rewritten text on either side of a change that may complete the term it spells. */
  static final int CONTEXT_WORDS = 2;
  /**
   * Letters a rewrite needs: shorter ones are English words as often as terms ("in", "as" and "his" are also the
   * abbreviations IN, AS and HIS), and on asr-pairs the model's "on" → "in" passed the gate as a lexicon term.
   */
  static final int MIN_LETTERS_CHANGED = 4;

  private final UnaryOperator<String> rewriter;
  private final List<KnownTerms> terms;

  /**
   * @param rewriter the model: the text of a result's words in, the corrected text out
   * @param terms the request's and the server's phrases, and the lexicon's terms
   */
  public BartCorrector(UnaryOperator<String> rewriter, List<KnownTerms> terms) {
    this.rewriter = rewriter;
    this.terms = List.copyOf(terms);
  }

  @Override
  public List<Correction> propose(List<WordTiming> words) {
    List<String> heard = words.stream().map(w -> w.word().strip()).toList();
    String text = String.join(" ", heard);
    String rewritten = rewriter.apply(text).strip();
    if (rewritten.isEmpty() || rewritten.equals(text)) {
      return List.of();
    }
    List<String> written = List.of(rewritten.split("\\s+"));
    List<Correction> corrections = new ArrayList<>();
    for (AbstractDelta<String> delta : DiffUtils.diff(heard, written, (a, b) -> key(a).equals(key(b))).getDeltas()) {
      if (delta.getType() != DeltaType.CHANGE) {
        continue;
      }
      int first = delta.getSource().getPosition();
      int count = delta.getSource().size();
      String original = String.join(" ", heard.subList(first, first + count));
      String replacement = trimPunctuation(String.join(" ", delta.getTarget().getLines()));
      PromptTerms.Likeness likeness = PromptTerms.likeness(original, replacement);
      boolean doubted = words.subList(first, first + count).stream()
          .anyMatch(w -> w.probability() < PromptTerms.DOUBTFUL_BELOW);
      if (doubted && key(replacement).length() >= MIN_LETTERS_CHANGED
          && likeness.sound() >= MIN_SOUND && likeness.letters() >= MIN_LETTERS
          && spellsATerm(written, delta.getTarget().getPosition(), delta.getTarget().size())
          && !PhoneticMatcher.differByAnEnding(key(original), key(replacement))) {
        float score = (float) ((likeness.sound() + likeness.letters()) / 2);
        corrections.add(new Correction(first, count, original, replacement, SOURCE, score));
      }
    }
    return corrections;
  }

  /**
   * Whether words {@code [start, start + count)} of {@code written}, with up to {@link #CONTEXT_WORDS} on either
   * side, spell a term.
   */
  private boolean spellsATerm(List<String> written, int start, int count) {
    for (int before = 0; before <= Math.min(CONTEXT_WORDS, start); before++) {
      for (int after = 0; after <= Math.min(CONTEXT_WORDS, written.size() - start - count); after++) {
        String run = String.join(" ", written.subList(start - before, start + count + after));
        if (terms.stream().anyMatch(t -> t.contains(run))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A word's letters and digits in lower case: how changes are found (case and punctuation are not changes). */
  private static String key(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  private static String trimPunctuation(String text) {
    return text.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
  }
}
