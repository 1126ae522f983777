package io.medasr.decoding;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Outcome of decoding one window.
 *
 * @param tokens sampled text and timestamp tokens, without the initial tokens and without
 *     end-of-text
 * @param text the text tokens decoded, stripped of surrounding white space
 * @param avgLogprob sum of the sampled tokens' log-probabilities (end-of-text included) divided by
 *     (tokens + 1), as openai computes it
 * @param noSpeechProb probability of {@code <|nospeech|>} at the SOT position of the first pass
 * @param temperature the temperature used
 * @param compressionRatio UTF-8 length of {@code text} over its zlib-compressed length
 * @param tokenProbs probability of each entry of {@code tokens} under the filtered distribution
 *     it was chosen from (before any bias boost)
 * @param vocabulary bias phrases the tokens completed (or a prompt made them spell), each once
 */
public record DecodingResult(
    int[] tokens,
    String text,
    double avgLogprob,
    double noSpeechProb,
    double temperature,
    double compressionRatio,
    float[] tokenProbs,
    Set<String> vocabulary) {

  public DecodingResult {
    vocabulary = Set.copyOf(vocabulary);
  }

  /** The same result with {@code phrases} added to its vocabulary (terms a prompt made it spell). */
  public DecodingResult withVocabulary(Collection<String> phrases) {
    Set<String> all = new HashSet<>(vocabulary);
    all.addAll(phrases);
    return new DecodingResult(tokens, text, avgLogprob, noSpeechProb, temperature, compressionRatio, tokenProbs, all);
  }
}
