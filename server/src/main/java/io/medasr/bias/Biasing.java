package io.medasr.bias;

import io.medasr.tokenizer.WhisperTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The phrase tries one request is biased toward (a specialty lexicon, the server's default list, the request's
 * own phrases), each walked on its own so that large shared tries are built once, and the lists whose phrases may
 * go into a window's decoding prompt when a first hypothesis suggests them ({@link PromptTerms}: the request's
 * own phrases, then the lexicon's terms). Immutable; thread-safe.
 */
public final class Biasing {
  /** No biasing. */
  public static final Biasing NONE = new Biasing(List.of(), null, Integer.MAX_VALUE, null, null, 0);

  /**
   * The lexicon as it biases a request: the trie of its specialty's most common terms (null: none) and the
   * lexicon's terms that a doubted run of words is compared with for the prompt (null: none).
   */
  public record LexiconList(PhraseTrie trie, PromptTerms soundsLike) {}

  private final List<PhraseTrie> tries;
  /** The lexicon list whose trie (if any) is one of {@link #tries}, or null. */
  private final LexiconList lexicon;
  /** Tokens at or above this id (end of text, specials, timestamps) are not text. */
  private final int firstNonText;
  /** The request's own phrases for the prompt, or null. */
  private final PromptTerms requestPrompt;
  /** The lexicon's terms for the prompt, or null. */
  private final PromptTerms lexiconPrompt;
  private final int promptTerms;

  private Biasing(List<PhraseTrie> tries, LexiconList lexicon, int firstNonText, PromptTerms requestPrompt,
      PromptTerms lexiconPrompt, int promptTerms) {
    this.tries = List.copyOf(tries);
    this.lexicon = lexicon;
    this.firstNonText = firstNonText;
    this.requestPrompt = requestPrompt;
    this.lexiconPrompt = lexiconPrompt;
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

  /**
   * As {@link #of(List, int, List, int)}, with the lexicon (null: none): its specialty's trie before
   * {@code tries}, its terms suggested for the prompt after the request's phrases.
   */
  public static Biasing of(LexiconList lexicon, List<PhraseTrie> tries, int eot, List<String> promptPhrases,
      int promptTerms) {
    if (promptTerms < 0) {
      throw new IllegalArgumentException("prompt terms must be >= 0, got " + promptTerms);
    }
    List<PhraseTrie> all = new ArrayList<>();
    if (lexicon != null && lexicon.trie() != null) {
      all.add(lexicon.trie());
    }
    all.addAll(tries);
    PromptTerms requestPrompt = promptTerms == 0 || promptPhrases.isEmpty() ? null : PromptTerms.of(promptPhrases);
    PromptTerms lexiconPrompt = promptTerms == 0 || lexicon == null ? null : lexicon.soundsLike();
    return all.isEmpty() && requestPrompt == null && lexiconPrompt == null
        ? NONE
        : new Biasing(all, lexicon, eot, requestPrompt, lexiconPrompt, promptTerms);
  }

  /** Whether this biases nothing: no trie and no prompt terms. */
  public boolean isEmpty() {
    return tries.isEmpty() && requestPrompt == null && lexiconPrompt == null;
  }

  /** The same tries without prompt biasing (interim results: a second decode would double their latency). */
  public Biasing withoutPromptTerms() {
    return requestPrompt == null && lexiconPrompt == null
        ? this
        : new Biasing(tries, lexicon, firstNonText, null, null, 0).orNone();
  }

  /**
   * The server's and the request's phrases as tries, nothing else: no lexicon, no prompt biasing (a stream's
   * interval decodes, and all of a stream's decodes without {@code --stream-lexicon}; docs/streaming.md).
   */
  public Biasing phrasesOnly() {
    return withoutLexicon().withoutPromptTerms();
  }

  /**
   * The same without the lexicon (its trie and its prompt terms): the server's and the request's phrases, with
   * their prompt biasing if any.
   */
  public Biasing withoutLexicon() {
    if (lexicon == null) {
      return this;
    }
    List<PhraseTrie> rest = tries.stream().filter(trie -> trie != lexicon.trie()).toList();
    return new Biasing(rest, null, firstNonText, requestPrompt, null, promptTerms).orNone();
  }

  private Biasing orNone() {
    return isEmpty() ? NONE : this;
  }

  /**
   * The phrases that the hypothesis {@code heard} suggests for a window's prompt (the request's phrases first,
   * then lexicon terms for runs with a doubted word spelled from pieces); none when the hypothesis already spells
   * every one of them (decoding again would only cost time).
   */
  public List<String> promptTerms(List<PromptTerms.HeardWord> heard) {
    List<PromptTerms> lists = new ArrayList<>(2);
    if (requestPrompt != null) {
      lists.add(requestPrompt);
    }
    if (lexiconPrompt != null) {
      lists.add(lexiconPrompt);
    }
    if (lists.isEmpty()) {
      return List.of();
    }
    List<String> terms = PromptTerms.select(heard, promptTerms, lists);
    String hypothesis = String.join(" ", heard.stream().map(PromptTerms.HeardWord::text).toList());
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
