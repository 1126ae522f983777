package io.medasr.wer;

/**
 * A reference occurrence of a term that the hypothesis did not reproduce.
 *
 * @param utteranceId where it occurred
 * @param term the term (normalized) as it stands in the reference
 * @param heard the hypothesis words aligned to it, in order: substitutions, insertions inside the span and
 *     insertions right before or after it;
 *     empty when every word was deleted
 */
public record MissedTerm(String utteranceId, String term, String heard) {}
