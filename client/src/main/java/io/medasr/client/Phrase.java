package io.medasr.client;

/**
 * A phrase the speaker is likely to say (a drug name, a patient-specific term), biasing recognition toward
 * its spelling for one call.
 *
 * @param value the phrase as it should be written, e.g. "metoprolol succinate"
 * @param boost strength of the bias; 0 for the server's default, larger values favour the phrase more
 */
public record Phrase(String value, float boost) {
  public Phrase {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("phrase must not be blank");
    }
    if (!(boost >= 0) || Float.isInfinite(boost)) {
      throw new IllegalArgumentException("phrase boost must be a finite number >= 0, got " + boost);
    }
  }

  /** A phrase with the server's default boost. */
  public static Phrase of(String value) {
    return new Phrase(value, 0f);
  }
}
