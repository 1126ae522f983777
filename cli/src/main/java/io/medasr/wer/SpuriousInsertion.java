package io.medasr.wer;

/**
 * A term the hypothesis has more often than the reference of the same utterance: heard but never said (the
 * price of biasing a recognizer towards a term list).
 *
 * @param utteranceId where
 * @param term the term, normalized
 * @param category its lexicon category; null in a plain list
 */
public record SpuriousInsertion(String utteranceId, String term, TermCategory category) {}
