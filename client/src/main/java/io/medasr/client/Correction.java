package io.medasr.client;

/**
 * One change the semantic corrector made.
 *
 * @param original the text before the change
 * @param replacement the text after the change
 * @param source what made the change, e.g. "lexicon" or "seq2seq"
 * @param confidence confidence of the change in [0, 1]
 */
public record Correction(String original, String replacement, String source, float confidence) {}
