package io.medasr.wer;

/**
 * M-WER counts: both sides reduced to their medical terms, each occurrence one token (a multi-word term too),
 * then the word-level edit distance between the two token sequences.
 *
 * @param referenceTerms term tokens of the reference (medwer's {@code med_ref_words})
 * @param hypothesisTerms term tokens of the hypothesis
 * @param errors substitutions + deletions + insertions between them
 */
public record MedicalCounts(long referenceTerms, long hypothesisTerms, long errors) {
  public static final MedicalCounts ZERO = new MedicalCounts(0, 0, 0);

  public MedicalCounts plus(MedicalCounts other) {
    return new MedicalCounts(referenceTerms + other.referenceTerms, hypothesisTerms + other.hypothesisTerms,
        errors + other.errors);
  }

  /** errors / reference terms; NaN without reference terms (medwer's null). */
  public double errorRate() {
    return referenceTerms == 0 ? Double.NaN : (double) errors / referenceTerms;
  }
}
