package io.medasr.correct;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The correctors a chain may hold, by the names requests and the server's options give them. */
public enum CorrectorKind {
  /** {@link PhoneticMatcher}: the request's phrases and the lexicon, by sound and spelling. */
  LEXICON,
  /** {@link BartCorrector}: the BART correction model, its edits gated by the same phrases and lexicon. */
  SEQ2SEQ;

  /** The name: "lexicon", "seq2seq". */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every name, comma-separated: "lexicon, seq2seq". */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(CorrectorKind::id).toList());
  }

  /** The corrector named {@code id} (case and surrounding spaces aside), if there is one. */
  public static Optional<CorrectorKind> of(String id) {
    for (CorrectorKind kind : values()) {
      if (kind.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
