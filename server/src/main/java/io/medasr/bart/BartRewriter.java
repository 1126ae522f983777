package io.medasr.bart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites text with a BART model sentence by sentence, as the correction model was trained (one sentence of at most
 * {@value #MAX_WORDS} words a pair): each sentence is encoded, generated (greedy, or beam search) and decoded. Text
 * without sentence ends (other recognizers' lower-case transcripts) is cut into pieces of {@value #MAX_WORDS} words;
 * a piece longer than the model's positions hold is left as it is. Thread-safe: every generation has its own
 * {@link BartModel.Run}.
 */
public final class BartRewriter {
  /** Sentences end after '.', '?' or '!' followed by a space. */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.?!])\\s+");
  /** A rewrite may be this much longer than its input, in tokens, plus {@link #EXTRA_TOKENS}. */
  private static final double LENGTH_RATIO = 1.5;
  private static final int EXTRA_TOKENS = 8;
  private static final double LENGTH_PENALTY = 1.0;
  /** The longest sentence of the training pairs (models/corrector/sentences.py). */
  static final int MAX_WORDS = 30;

  private final BartModel model;
  private final int beamSize;

  /**
   * @param model the model, owned by the caller, who closes it after the last rewrite
   * @param beamSize 1 for greedy generation
   */
  public BartRewriter(BartModel model, int beamSize) {
    if (beamSize < 1) {
      throw new IllegalArgumentException("beamSize must be >= 1, got " + beamSize);
    }
    this.model = model;
    this.beamSize = beamSize;
  }

  /** {@code text} rewritten, its sentences joined by single spaces. */
  public String rewrite(String text) {
    List<String> sentences = new ArrayList<>();
    for (String sentence : SENTENCE_END.split(text.strip())) {
      String[] words = sentence.split("\\s+");
      for (int start = 0; start < words.length; start += MAX_WORDS) {
        String piece = String.join(" ", Arrays.copyOfRange(words, start, Math.min(words.length, start + MAX_WORDS)));
        if (!piece.isEmpty()) {
          sentences.add(rewriteSentence(piece));
        }
      }
    }
    return String.join(" ", sentences);
  }

  private String rewriteSentence(String sentence) {
    int[] ids = model.tokenizer().encode(sentence);
    int positions = model.config().maxPositions();
    if (ids.length > positions) {
      return sentence;
    }
    int maxNewTokens = Math.min(positions - 1, (int) Math.ceil(ids.length * LENGTH_RATIO) + EXTRA_TOKENS);
    BartGenerator generator = new BartGenerator(model, maxNewTokens);
    BartGenerator.Generation generation =
        beamSize == 1 ? generator.greedy(ids) : generator.beamSearch(ids, beamSize, LENGTH_PENALTY);
    int[] tokens = generation.tokens().stream().mapToInt(Integer::intValue).toArray();
    return model.tokenizer().decode(tokens).strip();
  }
}
