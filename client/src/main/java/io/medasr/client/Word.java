package io.medasr.client;

/**
 * One recognized word.
 *
 * @param text the word as written
 * @param start start of the word in seconds from the start of the audio sent on the call
 * @param end end of the word in seconds from the start of the audio sent on the call
 * @param confidence probability in [0, 1] that the word is right
 * @param fromVocabulary true when the word matches a medical-vocabulary term or a request phrase
 */
public record Word(String text, double start, double end, float confidence, boolean fromVocabulary) {}
