package io.medasr.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level BPE, which Whisper's and BART's tokenizers share with different files: the GPT-2
 * pre-tokenizer, merges over bytes, and the bytes each text token stands for. Added tokens (the specials of
 * {@code added_tokens}) stand for no bytes and are never produced by {@link #encode}.
 *
 * <p>Immutable and thread-safe (the per-word BPE cache is a concurrent map).
 */
final class ByteLevelBpe {
  /** GPT-2's pre-tokenizer (tiktoken and tokenizers' ByteLevel use the same pattern). */
  private static final Pattern PRE_TOKEN =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private final byte[][] textBytes;
  private final BytePairEncoder bpe;

  private ByteLevelBpe(byte[][] textBytes, BytePairEncoder bpe) {
    this.textBytes = textBytes;
    this.bpe = bpe;
  }

  /**
   * The BPE of a {@code tokenizer.json}.
   *
   * @param minSize ids below this exist even where the file lists no token (Whisper's older files omit the
   *     timestamp tokens that end its vocabulary); they stand for no bytes
   * @throws IllegalArgumentException when a byte has no token, a merge names a missing token, or an id is negative
   */
  static ByteLevelBpe of(TokenizerJson json, int minSize) {
    int maxId = minSize - 1;
    for (int id : json.vocab().values()) {
      maxId = Math.max(maxId, id);
    }
    for (int id : json.added().values()) {
      maxId = Math.max(maxId, id);
    }
    byte[][] textBytes = new byte[maxId + 1][];
    Arrays.fill(textBytes, new byte[0]);
    Set<Integer> addedIds = new HashSet<>(json.added().values());
    for (Map.Entry<String, Integer> entry : json.vocab().entrySet()) {
      int id = entry.getValue();
      if (id < 0) {
        throw new IllegalArgumentException("token '" + entry.getKey() + "' has negative id " + id);
      }
      if (!addedIds.contains(id)) {
        textBytes[id] = ByteLevel.toBytes(entry.getKey());
      }
    }
    return new ByteLevelBpe(textBytes, new BytePairEncoder(byteTokens(json.vocab()), mergeIds(json)));
  }

  /** Token ids of {@code text}; special-token spellings in the text are plain text. */
  int[] encode(String text) {
    List<int[]> pieces = new ArrayList<>();
    int count = 0;
    Matcher matcher = PRE_TOKEN.matcher(text);
    while (matcher.find()) {
      int[] tokens = bpe.encode(matcher.group());
      pieces.add(tokens);
      count += tokens.length;
    }
    int[] ids = new int[count];
    int at = 0;
    for (int[] tokens : pieces) {
      System.arraycopy(tokens, 0, ids, at, tokens.length);
      at += tokens.length;
    }
    return ids;
  }

  /**
   * Text of a token sequence: added tokens stand for nothing, the bytes of all text tokens are joined and
   * decoded as UTF-8 at once (tokens may split a character); invalid UTF-8 becomes U+FFFD.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      bytes.writeBytes(bytes(id));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The bytes of a token, empty for an added one (not a copy: callers must not change it). */
  byte[] bytes(int id) {
    if (id < 0 || id >= textBytes.length) {
      throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + textBytes.length);
    }
    return textBytes[id];
  }

  /** Number of ids, added tokens included. */
  int size() {
    return textBytes.length;
  }

  private static int[] byteTokens(Map<String, Integer> vocab) {
    int[] ids = new int[256];
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.get(ByteLevel.toToken(new byte[] {(byte) b}));
      if (id == null) {
        throw new IllegalArgumentException("vocabulary lacks the single-byte token of byte " + b);
      }
      ids[b] = id;
    }
    return ids;
  }

  /** Merge rules in rank order as {left, right, merged} token ids. */
  private static List<int[]> mergeIds(TokenizerJson json) {
    Map<String, Integer> vocab = json.vocab();
    List<int[]> merges = new ArrayList<>(json.merges().size());
    for (String[] pair : json.merges()) {
      Integer left = vocab.get(pair[0]);
      Integer right = vocab.get(pair[1]);
      Integer merged = vocab.get(pair[0] + pair[1]);
      if (left == null || right == null || merged == null) {
        throw new IllegalArgumentException("merge " + merges.size() + " '" + pair[0] + " " + pair[1]
            + "' uses a token missing from the vocabulary");
      }
      merges.add(new int[] {left, right, merged});
    }
    return merges;
  }
}
