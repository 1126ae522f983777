package io.medasr.decoding;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Tokens a greedy decode is likely to choose: an earlier hypothesis of the same audio. The decoder feeds the
 * draft's continuation of what it has chosen so far along with each token it chooses, and keeps the draft tokens
 * that it would have chosen itself, so that a decode that follows its draft costs one decoder call per run of
 * agreeing tokens instead of one per token (speculative decoding with a draft looked up instead of computed, as
 * in prompt-lookup decoding). The tokens chosen are those of a decode without a draft; only the calls differ.
 * Immutable.
 */
public final class DecodingDraft {
  /** No draft: one decoder call per token. */
  public static final DecodingDraft NONE = new DecodingDraft(new int[0], Integer.MAX_VALUE);
  /** Most text tokens matched to find the chosen tokens' place in the draft. */
  private static final int KEY_TOKENS = 3;

  private final int[] tokens;
  private final int timestampBegin;
  /** Indexes in {@link #tokens} of its text tokens, in order. */
  private final int[] textPositions;

  private DecodingDraft(int[] tokens, int timestampBegin) {
    this.tokens = tokens.clone();
    this.timestampBegin = timestampBegin;
    this.textPositions = IntStream.range(0, tokens.length)
        .filter(i -> tokens[i] < timestampBegin)
        .toArray();
  }

  /**
   * @param tokens sampled tokens of a hypothesis (text and timestamps, no end-of-text), or text tokens only
   * @param timestampBegin the model's first timestamp token: tokens from it on are timestamps
   */
  public static DecodingDraft of(int[] tokens, int timestampBegin) {
    return tokens.length == 0 ? NONE : new DecodingDraft(tokens, timestampBegin);
  }

  boolean startsWithTimestamp() {
    return tokens.length > 0 && tokens[0] >= timestampBegin;
  }

  /**
   * The draft's continuation of {@code chosen[from, length)}, at most {@code max} tokens. The last text tokens
   * chosen (up to three) are looked up in the draft's text, at the occurrence whose place is nearest the number
   * of text tokens chosen; the continuation is what follows them there, less the timestamps already chosen
   * after them. Before any text is chosen the draft continues from its start. Empty when the last text tokens
   * are not in the draft.
   */
  int[] continuation(int[] chosen, int from, int length, int max) {
    if (tokens.length == 0 || max <= 0) {
      return new int[0];
    }
    int timestampsAfterText = 0;
    int textEnd = length;
    while (textEnd > from && chosen[textEnd - 1] >= timestampBegin) {
      textEnd--;
      timestampsAfterText++;
    }
    int[] key = lastTextTokens(chosen, from, textEnd);
    int start;
    if (key.length == 0) {
      start = 0;
    } else {
      int matched = place(key, textCount(chosen, from, textEnd));
      if (matched < 0) {
        return new int[0];
      }
      start = textPositions[matched] + 1;
    }
    while (timestampsAfterText-- > 0 && start < tokens.length && tokens[start] >= timestampBegin) {
      start++;
    }
    return Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + max));
  }

  private int[] lastTextTokens(int[] chosen, int from, int end) {
    int[] key = new int[KEY_TOKENS];
    int found = 0;
    for (int i = end - 1; i >= from && found < KEY_TOKENS; i--) {
      if (chosen[i] < timestampBegin) {
        key[KEY_TOKENS - 1 - found++] = chosen[i];
      }
    }
    return Arrays.copyOfRange(key, KEY_TOKENS - found, KEY_TOKENS);
  }

  private int textCount(int[] chosen, int from, int end) {
    int count = 0;
    for (int i = from; i < end; i++) {
      if (chosen[i] < timestampBegin) {
        count++;
      }
    }
    return count;
  }

  /**
   * Index in {@link #textPositions} of the last key token at the best occurrence of the longest suffix of
   * {@code key} that the draft holds, or -1.
   */
  private int place(int[] key, int chosenText) {
    for (int n = key.length; n > 0; n--) {
      int best = -1;
      for (int end = n - 1; end < textPositions.length; end++) {
        if (endsWith(end, key, n) && (best < 0 || Math.abs(end + 1 - chosenText) < Math.abs(best + 1 - chosenText))) {
          best = end;
        }
      }
      if (best >= 0) {
        return best;
      }
    }
    return -1;
  }

  /** Whether the draft's text up to index {@code end} ends with the last {@code n} tokens of {@code key}. */
  private boolean endsWith(int end, int[] key, int n) {
    for (int i = 0; i < n; i++) {
      if (tokens[textPositions[end - i]] != key[key.length - 1 - i]) {
        return false;
      }
    }
    return true;
  }
}
