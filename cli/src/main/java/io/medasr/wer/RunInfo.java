package io.medasr.wer;

/**
 * What a scoring run was made of, for the reports.
 *
 * @param reference the reference file (or another description of the references)
 * @param hypothesis the hypothesis file
 * @param normalization the mode's name: none, basic, whisper, medical or medwer
 * @param terms the term list file, or null
 */
public record RunInfo(String reference, String hypothesis, String normalization, String terms) {}
