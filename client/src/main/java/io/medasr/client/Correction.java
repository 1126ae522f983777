package io.medasr.client;

/**
 * One change the corrector made.
 *
 * @param original the text before the change
 * @param replacement the text after the change
 * @param source what made the change, e.g. "lexicon"
 * @param confidence confidence of the change in [0, 1]
 * @param firstWord index of the first word replaced among the words of the raw text (split at spaces)
 * @param wordCount how many words were replaced
 */
public record Correction(String original, String replacement, String source, float confidence, int firstWord,
    int wordCount) {}
