package io.medasr.wer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Locale;

/**
 * Writers of a scored run: a plain-text table for the terminal, JSON (the input of {@code --compare}), CSV with
 * one row per utterance, and a self-contained HTML page ({@link HtmlReport}). Stateless and thread-safe.
 */
public final class Reports {
  /** The JSON format tag; bump the number on incompatible changes. */
  public static final String JSON_FORMAT = "medasr-wer/1";
  private static final int TOP_CONFUSIONS = 10;
  private static final int LISTED_IDS = 20;
  private static final int LISTED_CHANGES = 10;

  private Reports() {}

  /** Percent with two decimals, "n/a" for NaN (e.g. term recall without any term in the references). */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
  }

  /** Signed difference in percentage points. */
  public static String points(double fractionDelta) {
    return Double.isNaN(fractionDelta) ? "n/a" : String.format(Locale.ROOT, "%+.2f pp", 100 * fractionDelta);
  }

  public static String text(CorpusScore score, RunInfo info, Comparison comparison) {
    StringBuilder out = new StringBuilder();
    ErrorCounts w = score.words();
    ErrorCounts c = score.characters();
    out.append("medasr wer: ").append(score.utterances().size()).append(" utterances, normalization ")
        .append(info.normalization()).append('\n');
    out.append("  reference:  ").append(info.reference()).append('\n');
    out.append("  hypothesis: ").append(info.hypothesis()).append("\n\n");
    out.append("WER ").append(percent(w.errorRate())).append("   (S+D+I = ").append(w.errors()).append(" over N = ")
        .append(w.referenceLength()).append(" reference words)\n");
    out.append("MER ").append(percent(w.matchErrorRate())).append('\n');
    out.append("WIL ").append(percent(w.wordInformationLost())).append('\n');
    out.append("WIP ").append(percent(w.wordInformationPreserved())).append('\n');
    out.append("CER ").append(percent(c.errorRate())).append("   (S+D+I = ").append(c.errors()).append(" over N = ")
        .append(c.referenceLength()).append(" reference characters)\n");
    out.append(String.format(Locale.ROOT, "hits %d, substitutions %d, deletions %d, insertions %d; hypothesis words %d%n",
        w.hits(), w.substitutions(), w.deletions(), w.insertions(), w.hypothesisLength()));
    ids(out, "missing hypotheses (scored as empty)", score.missingHypotheses());
    ids(out, "extra hypotheses (no reference, not scored)", score.extraHypotheses());

    int idWidth = Math.max(2, score.utterances().stream().mapToInt(u -> u.id().length()).max().orElse(2));
    out.append('\n').append(String.format(Locale.ROOT, "%-" + idWidth + "s %6s %6s %6s %6s %6s %9s %9s%n", "id",
        "words", "hits", "subs", "dels", "ins", "WER", "CER"));
    for (UtteranceScore u : score.utterances()) {
      ErrorCounts uw = u.wordCounts();
      out.append(String.format(Locale.ROOT, "%-" + idWidth + "s %6d %6d %6d %6d %6d %9s %9s%s%n", u.id(),
          uw.referenceLength(), uw.hits(), uw.substitutions(), uw.deletions(), uw.insertions(),
          percent(uw.errorRate()), percent(u.cer()), u.hypothesisMissing() ? "  (no hypothesis)" : ""));
    }

    Confusions confusions = Confusions.of(score.utterances(), TOP_CONFUSIONS);
    out.append('\n');
    confusionLine(out, "top substitutions", confusions.substitutions(), true);
    confusionLine(out, "top deletions", confusions.deletions(), false);
    confusionLine(out, "top insertions", confusions.insertions(), false);

    if (score.hasTerms()) {
      TermMetrics t = score.terms();
      out.append('\n').append(String.format(Locale.ROOT,
          "terms: recall %s (%d/%d), precision %s (%d/%d), term error rate %s (%d/%d term words)%n",
          percent(t.recall()), t.recognized(), t.referenceOccurrences(), percent(t.precision()), t.recognized(),
          t.hypothesisOccurrences(), percent(t.termErrorRate()), t.termWordErrors(), t.termWords()));
      for (MissedTerm m : t.missed()) {
        out.append("  missed in ").append(m.utteranceId()).append(": ").append(m.term()).append(" -> ")
            .append(m.heard().isEmpty() ? "(nothing)" : "\"" + m.heard() + "\"").append('\n');
      }
    }
    if (score.medical() != null) {
      out.append('\n').append(MedicalReport.text(score.medical()));
    }
    if (comparison != null) {
      out.append('\n').append(comparisonText(comparison));
    }
    return out.toString();
  }

  /** Two decimals, "n/a" for NaN. */
  static String decimal(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String comparisonText(Comparison cmp) {
    StringBuilder out = new StringBuilder("compared with the baseline run:\n");
    if (!cmp.sameNormalization()) {
      out.append("  WARNING: normalization differs (baseline ").append(cmp.baseline().normalization())
          .append(", now ").append(cmp.current().normalization()).append(")\n");
    }
    ErrorCounts bw = cmp.baseline().words();
    ErrorCounts cw = cmp.current().words();
    rateChange(out, "WER", bw.errorRate(), cw.errorRate());
    rateChange(out, "MER", bw.matchErrorRate(), cw.matchErrorRate());
    rateChange(out, "WIL", bw.wordInformationLost(), cw.wordInformationLost());
    rateChange(out, "CER", cmp.baseline().characters().errorRate(), cmp.current().characters().errorRate());
    if (!Double.isNaN(cmp.baseline().termRecall()) || !Double.isNaN(cmp.current().termRecall())) {
      rateChange(out, "term recall", cmp.baseline().termRecall(), cmp.current().termRecall());
      rateChange(out, "term error rate", cmp.baseline().termErrorRate(), cmp.current().termErrorRate());
    }
    out.append(String.format(Locale.ROOT, "  utterances: %d improved, %d regressed, %d unchanged%n",
        cmp.improved().size(), cmp.regressed().size(), cmp.unchanged()));
    changes(out, "regressed", cmp.regressed());
    changes(out, "improved", cmp.improved());
    ids(out, "only in baseline", cmp.onlyInBaseline());
    ids(out, "only in this run", cmp.onlyInCurrent());
    return out.toString();
  }

  private static void rateChange(StringBuilder out, String name, double before, double after) {
    out.append(String.format(Locale.ROOT, "  %-15s %9s -> %9s  (%s)%n", name, percent(before), percent(after),
        points(after - before)));
  }

  private static void changes(StringBuilder out, String label, List<Comparison.UtteranceChange> changes) {
    for (Comparison.UtteranceChange ch : changes.subList(0, Math.min(LISTED_CHANGES, changes.size()))) {
      out.append(String.format(Locale.ROOT, "    %s %s: errors %d -> %d, WER %s -> %s%n", label, ch.id(),
          ch.before().errors(), ch.after().errors(), percent(ch.before().errorRate()),
          percent(ch.after().errorRate())));
    }
    if (changes.size() > LISTED_CHANGES) {
      out.append("    ... ").append(changes.size() - LISTED_CHANGES).append(" more ").append(label).append('\n');
    }
  }

  private static void ids(StringBuilder out, String label, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    out.append(label).append(": ").append(ids.size()).append(" (")
        .append(String.join(", ", ids.subList(0, Math.min(LISTED_IDS, ids.size()))))
        .append(ids.size() > LISTED_IDS ? ", ..." : "").append(")\n");
  }

  private static void confusionLine(StringBuilder out, String label, List<Confusions.Count> counts,
      boolean pairs) {
    out.append(label).append(": ");
    if (counts.isEmpty()) {
      out.append("none");
    }
    for (int i = 0; i < counts.size(); i++) {
      Confusions.Count count = counts.get(i);
      out.append(i == 0 ? "" : ", ").append(pairs ? count.reference() + " -> " + count.hypothesis()
          : count.reference() + count.hypothesis()).append(" (").append(count.count()).append(')');
    }
    out.append('\n');
  }

  /** The JSON report: run info, global figures, terms, confusions and every utterance with its alignment. */
  public static String json(CorpusScore score, RunInfo info) {
    return json(score, info, null);
  }

  /**
   * The JSON report with {@code extra}'s members added at the top level, after the standard ones (e.g. the
   * server figures of {@code medasr eval}); {@code extra} may be null. {@link RunSummary#parse} ignores them.
   */
  public static String json(CorpusScore score, RunInfo info, JsonObject extra) {
    JsonObject root = new JsonObject();
    root.addProperty("format", JSON_FORMAT);
    root.addProperty("reference", info.reference());
    root.addProperty("hypothesis", info.hypothesis());
    root.addProperty("normalization", info.normalization());
    root.add("termList", info.terms() == null ? JsonNull.INSTANCE : new JsonPrimitive(info.terms()));
    JsonObject summary = wordFigures(score.words());
    summary.addProperty("utterances", score.utterances().size());
    summary.addProperty("cer", score.characters().errorRate());
    summary.add("characters", counts(score.characters()));
    root.add("summary", summary);
    root.add("missingHypotheses", strings(score.missingHypotheses()));
    root.add("extraHypotheses", strings(score.extraHypotheses()));
    root.add("terms", score.hasTerms() ? terms(score.terms()) : JsonNull.INSTANCE);
    root.add("medical", score.medical() == null ? JsonNull.INSTANCE : MedicalReport.json(score.medical()));
    root.add("confusions", confusions(Confusions.of(score.utterances(), TOP_CONFUSIONS)));
    JsonArray utterances = new JsonArray();
    for (UtteranceScore u : score.utterances()) {
      JsonObject o = new JsonObject();
      o.addProperty("id", u.id());
      o.addProperty("reference", u.reference());
      o.addProperty("hypothesis", u.hypothesis());
      o.addProperty("missingHypothesis", u.hypothesisMissing());
      JsonObject figures = wordFigures(u.wordCounts());
      figures.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
      o.addProperty("cer", u.cer());
      o.add("characters", counts(u.characters()));
      JsonArray chunks = new JsonArray();
      for (AlignmentChunk c : u.words().chunks()) {
        JsonArray chunk = new JsonArray();
        chunk.add(c.type().name().toLowerCase(Locale.ROOT));
        chunk.add(c.refStart());
        chunk.add(c.refEnd());
        chunk.add(c.hypStart());
        chunk.add(c.hypEnd());
        chunks.add(chunk);
      }
      o.add("alignment", chunks);
      o.add("medical", u.medical() == null ? JsonNull.INSTANCE : MedicalReport.json(u.medical()));
      utterances.add(o);
    }
    root.add("utterances", utterances);
    if (extra != null) {
      extra.entrySet().forEach(member -> root.add(member.getKey(), member.getValue()));
    }
    return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static JsonObject wordFigures(ErrorCounts w) {
    JsonObject o = new JsonObject();
    o.add("wer", number(w.errorRate()));
    o.add("mer", number(w.matchErrorRate()));
    o.add("wil", number(w.wordInformationLost()));
    o.add("wip", number(w.wordInformationPreserved()));
    counts(w).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    o.addProperty("referenceWords", w.referenceLength());
    o.addProperty("hypothesisWords", w.hypothesisLength());
    return o;
  }

  private static JsonObject counts(ErrorCounts c) {
    JsonObject o = new JsonObject();
    o.addProperty("hits", c.hits());
    o.addProperty("substitutions", c.substitutions());
    o.addProperty("deletions", c.deletions());
    o.addProperty("insertions", c.insertions());
    return o;
  }

  private static JsonObject terms(TermMetrics t) {
    JsonObject o = new JsonObject();
    o.addProperty("referenceOccurrences", t.referenceOccurrences());
    o.addProperty("hypothesisOccurrences", t.hypothesisOccurrences());
    o.addProperty("recognized", t.recognized());
    o.add("recall", number(t.recall()));
    o.add("precision", number(t.precision()));
    o.addProperty("termWords", t.termWords());
    o.addProperty("termWordErrors", t.termWordErrors());
    o.add("termErrorRate", number(t.termErrorRate()));
    JsonArray missed = new JsonArray();
    for (MissedTerm m : t.missed()) {
      JsonObject mo = new JsonObject();
      mo.addProperty("id", m.utteranceId());
      mo.addProperty("term", m.term());
      mo.addProperty("heard", m.heard());
      missed.add(mo);
    }
    o.add("missed", missed);
    return o;
  }

  private static JsonObject confusions(Confusions confusions) {
    JsonObject o = new JsonObject();
    o.add("substitutions", countArray(confusions.substitutions()));
    o.add("deletions", countArray(confusions.deletions()));
    o.add("insertions", countArray(confusions.insertions()));
    return o;
  }

  private static JsonArray countArray(List<Confusions.Count> counts) {
    JsonArray array = new JsonArray();
    for (Confusions.Count c : counts) {
      JsonObject o = new JsonObject();
      o.addProperty("reference", c.reference());
      o.addProperty("hypothesis", c.hypothesis());
      o.addProperty("count", c.count());
      array.add(o);
    }
    return array;
  }

  static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  /** The number, or null for NaN (a rate without denominator). */
  static com.google.gson.JsonElement number(double value) {
    return Double.isNaN(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
  }

  /**
   * One row per utterance, RFC 4180 quoting, rates as fractions with full precision. The medical columns are
   * empty without a term list, and M-WER's for an utterance that M-WER skips (empty normalized reference) or
   * whose reference has no term.
   */
  public static String csv(CorpusScore score) {
    StringBuilder out = new StringBuilder("id,reference_words,hypothesis_words,hits,substitutions,deletions,"
        + "insertions,wer,mer,wil,wip,cer,missing_hypothesis,term_occurrences,terms_recognized,"
        + "medical_reference_terms,medical_errors,medical_wer,spurious_medical_insertions,reference,"
        + "hypothesis\r\n");
    for (UtteranceScore u : score.utterances()) {
      ErrorCounts w = u.wordCounts();
      MedicalUtteranceScore m = u.medical();
      boolean scored = m != null && m.scored();
      double medicalWer = scored ? m.counts().errorRate() : Double.NaN;
      List<Object> fields = List.of(u.id(), w.referenceLength(), w.hypothesisLength(), w.hits(), w.substitutions(),
          w.deletions(), w.insertions(), w.errorRate(), w.matchErrorRate(), w.wordInformationLost(),
          w.wordInformationPreserved(), u.cer(), u.hypothesisMissing(), u.terms().referenceOccurrences(),
          u.terms().recognized(), scored ? m.counts().referenceTerms() : "", scored ? m.counts().errors() : "",
          Double.isNaN(medicalWer) ? "" : medicalWer, m == null ? "" : m.spurious().size(), u.reference(),
          u.hypothesis());
      for (int i = 0; i < fields.size(); i++) {
        out.append(i == 0 ? "" : ",").append(csvField(String.valueOf(fields.get(i))));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static String csvField(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  /** The self-contained HTML page; {@code comparison} may be null. */
  public static String html(CorpusScore score, RunInfo info, Comparison comparison) {
    return html(score, info, comparison, null);
  }

  /** The HTML page with a Run section for {@code serverRun} (the figures of {@code eval}); either may be null. */
  public static String html(CorpusScore score, RunInfo info, Comparison comparison, ServerRun serverRun) {
    return new HtmlReport(score, info, comparison, serverRun).render();
  }
}
