package io.medasr.align;

import io.medasr.tokenizer.WhisperTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Groups tokens into words (openai tokenizer.py {@code split_to_word_tokens}): first into pieces
 * that decode to whole characters, then, except for languages written without spaces, pieces are
 * joined until one starts with a space, is punctuation or is a special token. Thread-safe.
 */
public final class WordSplitter {
  /** Languages without spaces between words: every whole character is a word. */
  private static final Set<String> UNSPACED = Set.of("zh", "ja", "th", "lo", "my", "yue");
  /** Python's {@code string.punctuation}. */
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  /** A word and the tokens it was decoded from. */
  public record Word(String text, List<Integer> tokens) {
    public Word {
      tokens = List.copyOf(tokens);
    }
  }

  private final WhisperTokenizer tokenizer;
  private final int eot;

  public WordSplitter(WhisperTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.eot = tokenizer.specials().eot();
  }

  public List<Word> split(int[] tokens, String language) {
    List<Word> pieces = splitOnCharacters(tokens);
    return UNSPACED.contains(language) ? pieces : joinOnSpaces(pieces);
  }

  /**
   * Cuts after a token unless the next byte continues a UTF-8 character. For valid UTF-8 this is
   * openai's rule (a piece ends once it decodes without a replacement character); for the broken
   * byte runs that random or confused output can hold it never loses tokens, where comparing
   * replacement characters can drift and drop the rest of the sequence.
   */
  private List<Word> splitOnCharacters(int[] tokens) {
    byte[][] bytes = new byte[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      bytes[i] = tokens[i] >= eot ? new byte[0] : tokenizer.tokenBytes(tokens[i]);
    }
    List<Word> pieces = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      current.add(tokens[i]);
      if (tokens[i] >= eot || !continuesCharacter(bytes, i + 1)) {
        int[] piece = current.stream().mapToInt(Integer::intValue).toArray();
        pieces.add(new Word(tokenizer.decodeWithTimestamps(piece), current));
        current = new ArrayList<>();
      }
    }
    return pieces;
  }

  /** Whether the first byte from token {@code from} on is a UTF-8 continuation byte (10xxxxxx). */
  private static boolean continuesCharacter(byte[][] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i].length > 0) {
        return (bytes[i][0] & 0xC0) == 0x80;
      }
    }
    return false;
  }

  private List<Word> joinOnSpaces(List<Word> pieces) {
    List<String> texts = new ArrayList<>();
    List<List<Integer>> tokens = new ArrayList<>();
    for (Word piece : pieces) {
      boolean special = piece.tokens().get(0) >= eot;
      boolean withSpace = piece.text().startsWith(" ");
      boolean punctuation = PUNCTUATION.contains(piece.text().strip());
      if (special || withSpace || punctuation || texts.isEmpty()) {
        texts.add(piece.text());
        tokens.add(new ArrayList<>(piece.tokens()));
      } else {
        int last = texts.size() - 1;
        texts.set(last, texts.get(last) + piece.text());
        tokens.get(last).addAll(piece.tokens());
      }
    }
    List<Word> words = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      words.add(new Word(texts.get(i), tokens.get(i)));
    }
    return words;
  }
}
