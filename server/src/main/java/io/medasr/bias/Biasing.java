package io.medasr.bias;

import io.medasr.tokenizer.WhisperTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The phrase tries one request is biased toward (a specialty lexicon, the server's default list, the request's
 * own phrases), each walked on its own so that large shared tries are built once, and the phrases that may go
 * into a window's decoding prompt when a first hypothesis suggests them ({@link PromptTerms}). Immutable;
 * thread-safe.
 */
public final class Biasing {
  /** No biasing. */
  public static final Biasing NONE = new Biasing(List.of(), null, Integer.MAX_VALUE, List.of(), 0);

  private final List<PhraseTrie> tries;
  /** The one of {@link #tries} that is a specialty's lexicon list, or null. */
  private final PhraseTrie lexicon;
  /** Tokens at or above this id (end of text, specials, timestamps) are not text. */
  private final int firstNonText;
  private final List<String> promptPhrases;
  private final int promptTerms;

  private Biasing(List<PhraseTrie> tries, PhraseTrie lexicon, int firstNonText, List<String> promptPhrases,
      int promptTerms) {
    this.tries = List.copyOf(tries);
    this.lexicon = lexicon;
    this.firstNonText = firstNonText;
    this.promptPhrases = List.copyOf(promptPhrases);
    this.promptTerms = promptTerms;
  }

  /**
   * Biasing toward {@code tries}; ids from {@code eot} up are not text. Up to {@code promptTerms} of
   * {@code promptPhrases} (the request's own) go into the prompt of a window whose first hypothesis sounds like
   * them (0 = no prompt biasing).
   */
  public static Biasing of(List<PhraseTrie> tries, int eot, List<String> promptPhrases, int promptTerms) {
    return of(null, tries, eot, promptPhrases, promptTerms);
  }

  /** As {@link #of(List, int, List, int)}, with a specialty's lexicon list (null: none) before {@code tries}. */
  public static Biasing of(PhraseTrie lexicon, List<PhraseTrie> tries, int eot, List<String> promptPhrases,
      int promptTerms) {
    if (promptTerms < 0) {
      throw new IllegalArgumentException("prompt terms must be >= 0, got " + promptTerms);
    }
    List<PhraseTrie> all = new ArrayList<>();
    if (lexicon != null) {
      all.add(lexicon);
    }
    all.addAll(tries);
    return all.isEmpty()
        ? NONE
        : new Biasing(all, lexicon, eot, promptTerms == 0 ? List.of() : promptPhrases, promptTerms);
  }

  public boolean isEmpty() {
    return tries.isEmpty();
  }

  /** The same tries without prompt biasing (interim results: a second decode would double their latency). */
  public Biasing withoutPromptTerms() {
    return promptPhrases.isEmpty() ? this : new Biasing(tries, lexicon, firstNonText, List.of(), 0);
  }

  /**
   * The same without the specialty's lexicon list: the server's and the request's phrases only (a stream's
   * decodes, see docs/streaming.md).
   */
  public Biasing withoutLexicon() {
    if (lexicon == null) {
      return this;
    }
    List<PhraseTrie> rest = tries.stream().filter(trie -> trie != lexicon).toList();
    return rest.isEmpty() ? NONE : new Biasing(rest, null, firstNonText, promptPhrases, promptTerms);
  }

  /**
   * The phrases of {@code promptPhrases} that {@code hypothesis} suggests, for a window's prompt; none when the
   * hypothesis already spells every one of them (decoding again would only cost time).
   */
  public List<String> promptTerms(String hypothesis) {
    if (promptPhrases.isEmpty()) {
      return List.of();
    }
    List<String> terms = PromptTerms.select(hypothesis, promptPhrases, promptTerms);
    return terms.stream().allMatch(t -> PromptTerms.spells(hypothesis, t)) ? List.of() : terms;
  }

  List<PhraseTrie> tries() {
    return tries;
  }

  boolean isText(int token) {
    return token < firstNonText;
  }

  /** A fresh state at the roots, for the start of a window. */
  public BiasState start() {
    return new BiasState(this);
  }

  /**
   * The token sequences a phrase can appear as in Whisper's output: as written, in lower case and capitalised,
   * each after a space (inside a sentence) and without (at the start of a segment, after a hyphen or bracket),
   * since byte-pair encoding splits each differently.
   */
  public static List<PhraseTrie.Entry> entries(WhisperTokenizer tokenizer, String phrase, float tokenBoost) {
    String text = phrase.strip();
    Set<String> forms = new LinkedHashSet<>();
    forms.add(text);
    forms.add(text.toLowerCase(Locale.ROOT));
    forms.add(text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1));
    List<PhraseTrie.Entry> entries = new ArrayList<>();
    for (String form : forms) {
      entries.add(new PhraseTrie.Entry(tokenizer.encode(" " + form), tokenBoost, text));
      entries.add(new PhraseTrie.Entry(tokenizer.encode(form), tokenBoost, text));
    }
    return entries;
  }
}
