package io.medasr.wer;

/**
 * What a scoring run was made of, for the reports.
 *
 * @param reference the reference file (or another description of the references)
 * @param hypothesis the hypothesis file
 * @param normalization none, basic or whisper
 * @param terms the term list file, or null
 */
public record RunInfo(String reference, String hypothesis, String normalization, String terms) {}
