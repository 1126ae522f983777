package io.medasr.wer;

import java.util.Locale;

/** The category column of a lexicon TSV. Lexicon files write it in lower case ({@link #label()}). */
public enum TermCategory {
  DIAGNOSIS, DRUG, PROCEDURE, ANATOMY, ABBREVIATION;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category written as {@code label}, or null when there is none of that name. */
  public static TermCategory ofLabel(String label) {
    for (TermCategory c : values()) {
      if (c.label().equals(label)) {
        return c;
      }
    }
    return null;
  }
}
