package io.medasr.wer;

/**
 * One entry of a term list.
 *
 * @param text the term or phrase as written in the file (normalized only when scoring)
 * @param category its lexicon category; null in a plain list, which has none
 */
public record MedicalTerm(String text, TermCategory category) {}
