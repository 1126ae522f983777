package io.medasr.wer;

import static io.medasr.wer.Reports.decimal;
import static io.medasr.wer.Reports.number;
import static io.medasr.wer.Reports.percent;
import static io.medasr.wer.Reports.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The medical part of {@link Reports}' table and JSON (keys documented in docs/wer.md). Stateless. */
final class MedicalReport {
  private MedicalReport() {}

  static String text(MedicalMetrics m) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "medical: M-WER %s (%d errors over %d reference terms), WER %s over %d "
        + "utterances%s%n", percent(m.medicalWer()), m.terms().errors(), m.terms().referenceTerms(),
        percent(m.wer()), m.scoredUtterances(), m.skippedUtterances() == 0 ? ""
            : " (" + m.skippedUtterances() + " with an empty reference skipped)"));
    if (!m.categories().isEmpty()) {
      out.append("  drug M-WER ").append(m.drugs() == null ? "n/a (no drug in the lexicon)" : ratio(m.drugs()))
          .append('\n');
      out.append("  M-WER by category: ").append(m.categoryOrder().stream()
          .map(c -> c.label() + " " + ratio(m.categories().get(c))).collect(Collectors.joining("; "))).append('\n');
    }
    out.append(String.format(Locale.ROOT, "  spurious medical insertions: %d (%s per 100 utterances)",
        m.spurious().size(), decimal(m.spuriousPer100Utterances())));
    if (!m.categories().isEmpty()) {
      out.append("; ").append(m.spuriousByCategory().entrySet().stream()
          .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }
    out.append('\n');
    for (SpuriousInsertion s : m.spurious()) {
      out.append("    in ").append(s.utteranceId()).append(": ").append(s.term())
          .append(s.category() == null ? "" : " (" + s.category().label() + ")").append('\n');
    }
    return out.toString();
  }

  /** "12.50 % (1/8)": M-WER with its errors and reference terms. */
  private static String ratio(MedicalCounts c) {
    return String.format(Locale.ROOT, "%s (%d/%d)", percent(c.errorRate()), c.errors(), c.referenceTerms());
  }

  static JsonObject json(MedicalMetrics m) {
    JsonObject o = new JsonObject();
    o.addProperty("utterances", m.scoredUtterances());
    o.addProperty("skippedEmptyReferences", m.skippedUtterances());
    o.addProperty("referenceWords", m.referenceWords());
    o.addProperty("wordErrors", m.wordErrors());
    o.add("wer", number(m.wer()));
    counts(m.terms()).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    o.add("drugMedicalWer", m.drugs() == null ? JsonNull.INSTANCE : number(m.drugs().errorRate()));
    JsonObject categories = new JsonObject();
    Map<TermCategory, Long> spuriousByCategory = m.spuriousByCategory();
    for (TermCategory c : m.categoryOrder()) {
      JsonObject category = counts(m.categories().get(c));
      category.addProperty("spuriousInsertions", spuriousByCategory.get(c));
      categories.add(c.label(), category);
    }
    o.add("categories", categories);
    o.addProperty("spuriousInsertions", m.spurious().size());
    o.add("spuriousPer100Utterances", number(m.spuriousPer100Utterances()));
    JsonArray spurious = new JsonArray();
    for (SpuriousInsertion s : m.spurious()) {
      JsonObject so = new JsonObject();
      so.addProperty("id", s.utteranceId());
      so.addProperty("term", s.term());
      so.add("category", s.category() == null ? JsonNull.INSTANCE : new JsonPrimitive(s.category().label()));
      spurious.add(so);
    }
    o.add("spurious", spurious);
    return o;
  }

  static JsonObject json(MedicalUtteranceScore m) {
    JsonObject o = new JsonObject();
    o.addProperty("scored", m.scored());
    o.add("referenceTerms", strings(m.referenceTerms()));
    o.add("hypothesisTerms", strings(m.hypothesisTerms()));
    o.addProperty("errors", m.counts().errors());
    o.add("medicalWer", number(m.counts().errorRate()));
    o.add("spurious", strings(m.spurious().stream().map(SpuriousInsertion::term).toList()));
    return o;
  }

  private static JsonObject counts(MedicalCounts c) {
    JsonObject o = new JsonObject();
    o.addProperty("referenceTerms", c.referenceTerms());
    o.addProperty("hypothesisTerms", c.hypothesisTerms());
    o.addProperty("errors", c.errors());
    o.add("medicalWer", number(c.errorRate()));
    return o;
  }
}
