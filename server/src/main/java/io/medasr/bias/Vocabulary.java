package io.medasr.bias;

import io.medasr.tokenizer.WhisperTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The server's biasing vocabulary: a lexicon cut into specialty lists, the server's default phrases, and the
 * tries built from them, shared by every call; per request it adds a trie of the request's own phrases.
 * Specialty tries are built on first use and kept. Thread-safe.
 */
public final class Vocabulary {
  /** The specialty of a request that names none. */
  public static final String GENERAL = "general";

  /**
   * @param lexicon the medical lexicon ({@link Lexicon#empty()} for none)
   * @param specialtyTerms most common terms of a specialty that bias a request without phrases of its own (0 = the
   *     lexicon does not bias)
   * @param lexiconBoost per-token boost of lexicon terms
   * @param defaultPhrases phrases every request is biased toward (the server's list)
   * @param promptTerms most phrases put into a window's prompt when a first hypothesis suggests them (0 = no
   *     prompt biasing; see {@link PromptTerms})
   * @param lexiconPrompt whether the lexicon's terms (all of them, whatever the specialty) may be suggested for
   *     the prompt, after the request's own phrases
   */
  public record Settings(Lexicon lexicon, int specialtyTerms, float lexiconBoost, List<Phrase> defaultPhrases,
      int promptTerms, boolean lexiconPrompt) {
    public Settings {
      defaultPhrases = List.copyOf(defaultPhrases);
      if (specialtyTerms < 0) {
        throw new IllegalArgumentException("specialty terms must be >= 0, got " + specialtyTerms);
      }
      if (promptTerms < 0 || promptTerms > PromptTerms.MAX_TERMS) {
        throw new IllegalArgumentException("prompt terms must be 0.." + PromptTerms.MAX_TERMS + ", got "
            + promptTerms);
      }
    }

    public static Settings none() {
      return new Settings(Lexicon.empty(), 0, 1f, List.of(), 0, false);
    }
  }

  private final WhisperTokenizer tokenizer;
  private final Settings settings;
  private final int eot;
  private final PhraseTrie defaultTrie;
  /** Every lexicon term by how it sounds, whatever the specialty; null without a lexicon. */
  private final PromptTerms lexiconSoundsLike;
  /** {@link #lexiconSoundsLike} where the settings let lexicon terms into the prompt, else null. */
  private final PromptTerms lexiconPrompt;
  private final Set<String> specialties;
  /** Every lexicon term as written, for telling whether a correction spells one. */
  private final KnownTerms lexiconTerms;
  private final ConcurrentMap<String, Biasing.LexiconList> specialtyLists = new ConcurrentHashMap<>();

  public Vocabulary(WhisperTokenizer tokenizer, Settings settings) {
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.eot = tokenizer.specials().eot();
    this.defaultTrie = settings.defaultPhrases().isEmpty() ? null : trie(settings.defaultPhrases());
    PromptTerms soundsLike =
        PromptTerms.ofLexicon(settings.lexicon().terms(), word -> tokenizer.encode(" " + word).length == 1);
    this.lexiconSoundsLike = soundsLike.isEmpty() ? null : soundsLike;
    this.lexiconPrompt = settings.lexiconPrompt() && settings.promptTerms() > 0 ? lexiconSoundsLike : null;
    this.lexiconTerms = KnownTerms.of(settings.lexicon().terms().stream().map(LexiconTerm::term).toList());
    Set<String> known = new TreeSet<>(settings.lexicon().specialties());
    known.add(GENERAL);
    this.specialties = Collections.unmodifiableSet(known);
  }

  /** Specialties a request may name: {@value #GENERAL} and every specialty of the lexicon. */
  public Set<String> specialties() {
    return specialties;
  }

  /**
   * What a request with {@code specialty} and {@code phrases} is biased toward: the server's phrases, and the
   * request's phrases or, when it has none, its specialty's list; the lexicon's prompt terms in either case.
   *
   * @throws IllegalArgumentException for a specialty not in {@link #specialties()}
   */
  public Biasing biasing(String specialty, List<Phrase> phrases) {
    if (!specialties().contains(specialty)) {
      throw new IllegalArgumentException("unknown specialty");
    }
    Biasing.LexiconList lexicon = specialtyLists.computeIfAbsent(specialty, this::specialtyList);
    if (!phrases.isEmpty() && lexicon != null) {
      // the request's phrases replace the specialty's trie, not its prompt terms: stacked, the two tries boost
      // the terms they share twice, and with a list of 100 phrases their glued forms took over whole windows
      // (docs/biasing.md, a request's phrases and the lexicon)
      lexicon = lexicon.soundsLike() == null ? null : new Biasing.LexiconList(null, lexicon.soundsLike());
    }
    List<PhraseTrie> tries = new ArrayList<>(2);
    if (defaultTrie != null) {
      tries.add(defaultTrie);
    }
    if (!phrases.isEmpty()) {
      tries.add(trie(phrases));
    }
    return Biasing.of(lexicon, tries, eot, phrases.stream().map(Phrase::text).toList(), settings.promptTerms());
  }

  /** Every lexicon term by how it sounds, whatever the specialty; empty without a lexicon. */
  public Optional<PromptTerms> lexiconSoundsLike() {
    return Optional.ofNullable(lexiconSoundsLike);
  }

  /** A request's phrases and the server's by how they sound; empty when there are none. */
  public Optional<PromptTerms> phrasesSoundLike(List<Phrase> phrases) {
    List<String> all = withDefaultPhrases(phrases);
    return all.isEmpty() ? Optional.empty() : Optional.of(PromptTerms.of(all));
  }

  /** Every lexicon term, whatever the specialty. */
  public KnownTerms lexiconTerms() {
    return lexiconTerms;
  }

  /** A request's phrases and the server's, as terms to recognise. */
  public KnownTerms phraseTerms(List<Phrase> phrases) {
    return KnownTerms.of(withDefaultPhrases(phrases));
  }

  /** The texts of a request's phrases and of the server's. */
  private List<String> withDefaultPhrases(List<Phrase> phrases) {
    List<String> all = new ArrayList<>();
    phrases.forEach(p -> all.add(p.text()));
    settings.defaultPhrases().forEach(p -> all.add(p.text()));
    return all;
  }

  /**
   * Builds (once per specialty) the trie of its most common lexicon terms, and pairs it with the lexicon's prompt
   * index, which covers every term: a dictation in any specialty names drugs and procedures of others, and a
   * prompted decode keeps a suggested term only when it spells it. Null when neither is there.
   */
  private Biasing.LexiconList specialtyList(String specialty) {
    PhraseTrie trie = null;
    if (settings.specialtyTerms() > 0) {
      List<Phrase> phrases = settings.lexicon().top(specialty, settings.specialtyTerms()).stream()
          .map(term -> new Phrase(term.term(), settings.lexiconBoost()))
          .toList();
      trie = phrases.isEmpty() ? null : trie(phrases);
    }
    return trie == null && lexiconPrompt == null ? null : new Biasing.LexiconList(trie, lexiconPrompt);
  }

  private PhraseTrie trie(List<Phrase> phrases) {
    List<PhraseTrie.Entry> entries = new ArrayList<>();
    for (Phrase phrase : phrases) {
      entries.addAll(Biasing.entries(tokenizer, phrase.text(), phrase.boost()));
    }
    return PhraseTrie.of(entries);
  }
}
