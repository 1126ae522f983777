package io.medasr.wer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no external resource) with the
 * global figures, the comparison with a baseline run, error rate by utterance as a bar chart, top confusions,
 * term metrics, M-WER and spurious term insertions, and every utterance's alignment with substitutions, deletions
 * and insertions marked; for {@code eval}, the server run's figures and failed utterances.
 * Not thread-safe (one instance renders one page).
 */
final class HtmlReport {
  private static final int TOP_CONFUSIONS = 15;
  private static final int LISTED_CHANGES = 50;
  private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
      h3{font-size:15px;margin:16px 0 6px}
      .meta{color:#5a6475;margin:0 0 16px}.meta code{background:#eef1f5;padding:1px 4px;border-radius:3px}
      .cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #d8dde6;border-radius:8px;padding:10px 16px;min-width:120px}
      .card .k{color:#5a6475;font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .v{font-size:24px;font-weight:600}
      .card .d{font-size:12px}.better{color:#1a7f37}.worse{color:#c62828}
      table{border-collapse:collapse;background:#fff;margin:6px 0}th,td{border:1px solid #d8dde6;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .grid{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
      .utt{background:#fff;border:1px solid #d8dde6;border-radius:8px;padding:8px 12px;margin:10px 0}
      .utt h3{font-size:14px;margin:0 0 6px;font-weight:600}.utt h3 .f{font-weight:400;color:#5a6475;margin-left:8px}
      .al{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;line-height:2.1;word-wrap:break-word}
      .al span{padding:1px 3px;border-radius:3px;margin-right:2px;white-space:nowrap;display:inline-block;line-height:1.5}
      .sub{background:#fff3cd;border:1px solid #e0b100}.sub s{color:#8a6d00}.sub b{color:#6b4f00}
      .del{background:#fde2e1;border:1px solid #e57373;text-decoration:line-through;color:#b71c1c}
      .ins{background:#dff5e3;border:1px solid #66bb6a;color:#1b5e20}
      .legend span{margin-right:10px}.note{color:#5a6475}.empty{color:#8a93a3;font-style:italic}
      svg text{font:11px system-ui,sans-serif;fill:#5a6475}
      """;

  private final CorpusScore score;
  private final RunInfo info;
  private final Comparison comparison;
  private final ServerRun serverRun;
  private final StringBuilder out = new StringBuilder();

  HtmlReport(CorpusScore score, RunInfo info, Comparison comparison, ServerRun serverRun) {
    this.score = score;
    this.info = info;
    this.comparison = comparison;
    this.serverRun = serverRun;
  }

  String render() {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>WER report</title><style>").append(STYLE).append("</style></head><body>\n");
    out.append("<h1>WER report</h1><p class=\"meta\">reference <code>").append(esc(info.reference()))
        .append("</code> · hypothesis <code>").append(esc(info.hypothesis())).append("</code> · normalization <code>")
        .append(esc(info.normalization())).append("</code>");
    if (info.terms() != null) {
      out.append(" · terms <code>").append(esc(info.terms())).append("</code>");
    }
    out.append(" · ").append(score.utterances().size()).append(" utterances</p>\n");
    summary();
    if (serverRun != null) {
      runSection();
    }
    if (comparison != null) {
      comparisonSection();
    }
    chart();
    confusions();
    if (score.hasTerms()) {
      terms();
    }
    if (score.medical() != null) {
      medical();
    }
    utterances();
    out.append("</body></html>\n");
    return out.toString();
  }

  private void summary() {
    ErrorCounts w = score.words();
    ErrorCounts c = score.characters();
    RunSummary before = comparison == null ? null : comparison.baseline();
    out.append("<div class=\"cards\">");
    card("WER", w.errorRate(), before == null ? Double.NaN : before.words().errorRate(), true);
    card("MER", w.matchErrorRate(), before == null ? Double.NaN : before.words().matchErrorRate(), true);
    card("WIL", w.wordInformationLost(), before == null ? Double.NaN : before.words().wordInformationLost(), true);
    card("WIP", w.wordInformationPreserved(),
        before == null ? Double.NaN : before.words().wordInformationPreserved(), false);
    card("CER", c.errorRate(), before == null ? Double.NaN : before.characters().errorRate(), true);
    if (score.hasTerms()) {
      card("Term recall", score.terms().recall(), before == null ? Double.NaN : before.termRecall(), false);
      card("Term error rate", score.terms().termErrorRate(), before == null ? Double.NaN : before.termErrorRate(),
          true);
    }
    out.append("</div>\n<table><tr><th></th><th>reference</th><th>hypothesis</th><th>hits</th>")
        .append("<th>substitutions</th><th>deletions</th><th>insertions</th></tr>");
    countRow("words", w);
    countRow("characters", c);
    out.append("</table>\n");
    idList("Missing hypotheses (scored as empty)", score.missingHypotheses());
    idList("Extra hypotheses (no reference, not scored)", score.extraHypotheses());
  }

  private void card(String name, double value, double baseline, boolean lowerIsBetter) {
    out.append("<div class=\"card\"><div class=\"k\">").append(name).append("</div><div class=\"v\">")
        .append(esc(Reports.percent(value))).append("</div>");
    if (!Double.isNaN(baseline) && !Double.isNaN(value)) {
      double delta = value - baseline;
      String css = delta == 0 ? "" : ((delta < 0) == lowerIsBetter ? "better" : "worse");
      out.append("<div class=\"d ").append(css).append("\">").append(esc(Reports.points(delta)))
          .append(" vs baseline</div>");
    }
    out.append("</div>");
  }

  private void countRow(String name, ErrorCounts c) {
    out.append("<tr><td>").append(name).append("</td>");
    for (long n : new long[] {c.referenceLength(), c.hypothesisLength(), c.hits(), c.substitutions(),
        c.deletions(), c.insertions()}) {
      out.append("<td class=\"n\">").append(n).append("</td>");
    }
    out.append("</tr>");
  }

  private void idList(String title, List<String> ids) {
    if (!ids.isEmpty()) {
      out.append("<p><b>").append(title).append(":</b> ").append(ids.size()).append(" — ")
          .append(esc(String.join(", ", ids))).append("</p>\n");
    }
  }

  private void runSection() {
    ServerRun run = serverRun;
    out.append("<h2>Run</h2>\n<table>");
    runRow("server", "<code>" + esc(run.server()) + "</code>", "");
    runRow("concurrency", Integer.toString(run.concurrency()), "calls in flight at once");
    runRow("utterances", Integer.toString(run.utterances()), String.format(Locale.ROOT,
        "%d transcribed, %d failed", run.utterances() - run.failed(), run.failed()));
    runRow("audio", String.format(Locale.ROOT, "%.2f s", run.audioSeconds()), "of the transcribed utterances");
    runRow("wall time", String.format(Locale.ROOT, "%.2f s", run.wallSeconds()), "first call started to last "
        + "call finished");
    runRow("call time", String.format(Locale.ROOT, "%.2f s", run.callSeconds()), "the transcribed utterances' "
        + "calls added up");
    runRow("RTF wall", ServerRun.factor(run.rtfWall()), "wall time / audio");
    runRow("RTF calls", ServerRun.factor(run.rtfCalls()), "call time / audio");
    out.append("</table>\n");
    if (run.failures().isEmpty()) {
      out.append("<p class=\"empty\">no failed utterances</p>\n");
      return;
    }
    out.append("<h3>Failed utterances (scored as empty hypotheses): ").append(run.failed()).append("</h3>")
        .append("<table><tr><th>utterance</th><th>audio</th><th>status</th><th>message</th></tr>");
    for (ServerRun.Failure f : run.failures()) {
      out.append("<tr><td><a href=\"#").append(anchor(f.id())).append("\">").append(esc(f.id()))
          .append("</a></td><td><code>").append(esc(f.audio())).append("</code></td><td><code>")
          .append(esc(f.code())).append("</code></td><td>").append(esc(f.message())).append("</td></tr>");
    }
    out.append("</table>\n");
  }

  /** One row of the Run table; {@code valueHtml} is already escaped, {@code note} is plain text. */
  private void runRow(String name, String valueHtml, String note) {
    out.append("<tr><th>").append(name).append("</th><td class=\"n\">").append(valueHtml)
        .append("</td><td class=\"note\">").append(esc(note)).append("</td></tr>");
  }

  private void comparisonSection() {
    out.append("<h2>Compared with the baseline run</h2>\n");
    if (!comparison.sameNormalization()) {
      out.append("<p class=\"worse\">Normalization differs: baseline <code>")
          .append(esc(comparison.baseline().normalization())).append("</code>, this run <code>")
          .append(esc(comparison.current().normalization())).append("</code>.</p>");
    }
    out.append(String.format(Locale.ROOT, "<p>%d utterances improved, %d regressed, %d unchanged.</p>%n",
        comparison.improved().size(), comparison.regressed().size(), comparison.unchanged()));
    out.append("<div class=\"grid\">");
    changeTable("Regressed (more word errors)", comparison.regressed());
    changeTable("Improved (fewer word errors)", comparison.improved());
    out.append("</div>");
    idList("Only in the baseline", comparison.onlyInBaseline());
    idList("Only in this run", comparison.onlyInCurrent());
  }

  private void changeTable(String title, List<Comparison.UtteranceChange> changes) {
    out.append("<div><h3>").append(title).append("</h3>");
    if (changes.isEmpty()) {
      out.append("<p class=\"empty\">none</p></div>");
      return;
    }
    out.append("<table><tr><th>utterance</th><th>errors before</th><th>errors now</th><th>WER before</th>")
        .append("<th>WER now</th></tr>");
    for (Comparison.UtteranceChange ch : changes.subList(0, Math.min(LISTED_CHANGES, changes.size()))) {
      out.append("<tr><td><a href=\"#").append(anchor(ch.id())).append("\">").append(esc(ch.id()))
          .append("</a></td><td class=\"n\">").append(ch.before().errors()).append("</td><td class=\"n\">")
          .append(ch.after().errors()).append("</td><td class=\"n\">")
          .append(esc(Reports.percent(ch.before().errorRate()))).append("</td><td class=\"n\">")
          .append(esc(Reports.percent(ch.after().errorRate()))).append("</td></tr>");
    }
    out.append("</table>");
    if (changes.size() > LISTED_CHANGES) {
      out.append("<p>… and ").append(changes.size() - LISTED_CHANGES).append(" more</p>");
    }
    out.append("</div>");
  }

  /** Bars of WER per utterance in reference order; the dashed line is the global WER; bars link to the alignment. */
  private void chart() {
    List<UtteranceScore> utterances = score.utterances();
    out.append("<h2>Word error rate by utterance</h2>\n");
    if (utterances.isEmpty()) {
      out.append("<p class=\"empty\">no utterances</p>");
      return;
    }
    double top = Math.max(1.0, utterances.stream().mapToDouble(UtteranceScore::wer).max().orElse(0));
    top = Math.ceil(top * 4) / 4;
    int plotHeight = 220;
    int left = 48;
    int barStep = Math.max(4, Math.min(40, 1000 / utterances.size()));
    int width = left + barStep * utterances.size() + 20;
    boolean labels = barStep >= 14;
    // room for the labels, rotated by 60 degrees, at about 6.5 px per character
    int longestLabel = utterances.stream().mapToInt(u -> shorten(u.id()).length()).max().orElse(0);
    int height = plotHeight + (labels ? 40 + (int) Math.ceil(longestLabel * 6.5 * Math.sin(Math.toRadians(60))) : 30);
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"word error rate by utterance\">", width, height, width,
        height));
    for (int tick = 0; tick <= 4; tick++) {
      double value = top * tick / 4;
      double y = 10 + plotHeight - plotHeight * tick / 4.0;
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7ee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>", left, width - 10, y, y, left - 6, y + 4,
          100 * value));
    }
    for (int i = 0; i < utterances.size(); i++) {
      UtteranceScore u = utterances.get(i);
      double barHeight = plotHeight * Math.min(u.wer(), top) / top;
      double x = left + i * barStep + barStep * 0.15;
      double y = 10 + plotHeight - barHeight;
      String color = u.wer() == 0 ? "#8bc34a" : u.wer() < 0.1 ? "#fbc02d" : u.wer() < 0.3 ? "#fb8c00" : "#e53935";
      out.append("<a href=\"#").append(anchor(u.id())).append("\">")
          .append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
              + "fill=\"%s\">", x, y, barStep * 0.7, Math.max(barHeight, 0.5), color))
          .append("<title>").append(esc(u.id())).append(": WER ").append(esc(Reports.percent(u.wer())))
          .append("</title></rect></a>");
      if (labels) {
        double lx = x + barStep * 0.35;
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" "
            + "transform=\"rotate(-60 %.1f %d)\">%s</text>", lx, plotHeight + 24, lx, plotHeight + 24,
            esc(shorten(u.id()))));
      }
    }
    double global = score.words().errorRate();
    double gy = 10 + plotHeight - plotHeight * Math.min(global, top) / top;
    out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2330\" "
        + "stroke-dasharray=\"5 4\"><title>global WER %s</title></line>", left, width - 10, gy, gy,
        esc(Reports.percent(global))));
    out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#5a6475\"/>",
        left, width - 10, 10 + plotHeight, 10 + plotHeight));
    out.append("</svg><p class=\"meta\">Dashed line: global WER ").append(esc(Reports.percent(global)))
        .append(". Bars are clipped at the top of the scale; hover for the value, click for the alignment.</p>\n");
  }

  private void confusions() {
    Confusions c = Confusions.of(score.utterances(), TOP_CONFUSIONS);
    out.append("<h2>Top confusions</h2><div class=\"grid\">");
    confusionTable("Substitutions", c.substitutions(), true);
    confusionTable("Deletions", c.deletions(), false);
    confusionTable("Insertions", c.insertions(), false);
    out.append("</div>\n");
  }

  private void confusionTable(String title, List<Confusions.Count> counts, boolean pairs) {
    out.append("<div><h3>").append(title).append("</h3>");
    if (counts.isEmpty()) {
      out.append("<p class=\"empty\">none</p></div>");
      return;
    }
    out.append("<table><tr>").append(pairs ? "<th>reference</th><th>heard</th>" : "<th>word</th>")
        .append("<th>count</th></tr>");
    for (Confusions.Count count : counts) {
      out.append("<tr>");
      if (pairs) {
        out.append("<td>").append(esc(count.reference())).append("</td><td>").append(esc(count.hypothesis()))
            .append("</td>");
      } else {
        out.append("<td>").append(esc(count.reference() + count.hypothesis())).append("</td>");
      }
      out.append("<td class=\"n\">").append(count.count()).append("</td></tr>");
    }
    out.append("</table></div>");
  }

  private void terms() {
    TermMetrics t = score.terms();
    out.append("<h2>Medical terms</h2>");
    out.append(String.format(Locale.ROOT, "<p>Recall %s (%d of %d reference occurrences recognized) · precision %s "
        + "(%d of %d hypothesis occurrences) · term error rate %s (%d of %d term words wrong)</p>",
        esc(Reports.percent(t.recall())), t.recognized(), t.referenceOccurrences(),
        esc(Reports.percent(t.precision())), t.recognized(), t.hypothesisOccurrences(),
        esc(Reports.percent(t.termErrorRate())), t.termWordErrors(), t.termWords()));
    if (t.missed().isEmpty()) {
      out.append("<p class=\"empty\">no missed terms</p>");
      return;
    }
    out.append("<table><tr><th>utterance</th><th>term</th><th>heard instead</th></tr>");
    for (MissedTerm m : t.missed()) {
      out.append("<tr><td><a href=\"#").append(anchor(m.utteranceId())).append("\">").append(esc(m.utteranceId()))
          .append("</a></td><td>").append(esc(m.term())).append("</td><td>")
          .append(m.heard().isEmpty() ? "<span class=\"empty\">(nothing)</span>" : esc(m.heard()))
          .append("</td></tr>");
    }
    out.append("</table>\n");
  }

  private void medical() {
    MedicalMetrics m = score.medical();
    out.append("<h2>Medical</h2>");
    out.append(String.format(Locale.ROOT, "<p>M-WER (Medical-WER as medwer 1.0.0 defines it: both sides reduced to "
        + "their terms, a multi-word term one token) over %d utterances%s; WER over the same utterances %s. "
        + "Spurious insertions: terms heard more often than the reference has them, %d in all, %s per 100 "
        + "utterances.</p>", m.scoredUtterances(),
        m.skippedUtterances() == 0 ? "" : " (" + m.skippedUtterances() + " with an empty reference skipped)",
        esc(Reports.percent(m.wer())), m.spurious().size(), esc(Reports.decimal(m.spuriousPer100Utterances()))));
    out.append("<table><tr><th>terms</th><th>reference terms</th><th>hypothesis terms</th><th>errors</th>")
        .append("<th>M-WER</th><th>spurious insertions</th></tr>");
    medicalRow("all", m.terms(), m.spurious().size());
    Map<TermCategory, Long> spurious = m.spuriousByCategory();
    for (TermCategory c : m.categoryOrder()) {
      medicalRow(c.label(), m.categories().get(c), spurious.get(c));
    }
    out.append("</table>\n");
    if (m.spurious().isEmpty()) {
      out.append("<p class=\"empty\">no spurious insertions</p>\n");
      return;
    }
    out.append("<table><tr><th>utterance</th><th>spurious term</th><th>category</th></tr>");
    for (SpuriousInsertion s : m.spurious()) {
      out.append("<tr><td><a href=\"#").append(anchor(s.utteranceId())).append("\">").append(esc(s.utteranceId()))
          .append("</a></td><td>").append(esc(s.term())).append("</td><td>")
          .append(s.category() == null ? "" : s.category().label()).append("</td></tr>");
    }
    out.append("</table>\n");
  }

  private void medicalRow(String name, MedicalCounts c, long spurious) {
    out.append("<tr><td>").append(name).append("</td><td class=\"n\">").append(c.referenceTerms())
        .append("</td><td class=\"n\">").append(c.hypothesisTerms()).append("</td><td class=\"n\">")
        .append(c.errors()).append("</td><td class=\"n\">").append(esc(Reports.percent(c.errorRate())))
        .append("</td><td class=\"n\">").append(spurious).append("</td></tr>");
  }

  private void utterances() {
    out.append("<h2>Alignments</h2><p class=\"legend\"><span>correct</span>")
        .append("<span class=\"sub\"><s>reference</s> → <b>heard</b></span> substitution ")
        .append("<span class=\"del\">deleted</span> deletion <span class=\"ins\">inserted</span> insertion</p>\n");
    for (UtteranceScore u : score.utterances()) {
      ErrorCounts w = u.wordCounts();
      out.append("<div class=\"utt\" id=\"").append(anchor(u.id())).append("\"><h3>").append(esc(u.id()))
          .append(String.format(Locale.ROOT, "<span class=\"f\">WER %s · CER %s · %d words · S %d D %d I %d%s</span>",
              esc(Reports.percent(w.errorRate())), esc(Reports.percent(u.cer())), w.referenceLength(),
              w.substitutions(), w.deletions(), w.insertions(), u.hypothesisMissing() ? " · no hypothesis" : ""))
          .append("</h3><div class=\"al\">");
      alignment(u.words());
      out.append("</div></div>\n");
    }
  }

  private void alignment(Alignment a) {
    if (a.chunks().isEmpty()) {
      out.append("<span class=\"empty\">(empty reference and hypothesis)</span>");
    }
    for (AlignmentChunk c : a.chunks()) {
      switch (c.type()) {
        case EQUAL -> a.reference().subList(c.refStart(), c.refEnd())
            .forEach(w -> out.append("<span>").append(esc(w)).append("</span> "));
        case SUBSTITUTE -> {
          for (int k = 0; k < c.refEnd() - c.refStart(); k++) {
            out.append("<span class=\"sub\"><s>").append(esc(a.reference().get(c.refStart() + k)))
                .append("</s> → <b>").append(esc(a.hypothesis().get(c.hypStart() + k))).append("</b></span> ");
          }
        }
        case DELETE -> a.reference().subList(c.refStart(), c.refEnd())
            .forEach(w -> out.append("<span class=\"del\">").append(esc(w)).append("</span> "));
        case INSERT -> a.hypothesis().subList(c.hypStart(), c.hypEnd())
            .forEach(w -> out.append("<span class=\"ins\">").append(esc(w)).append("</span> "));
      }
    }
  }

  private static String shorten(String id) {
    return id.length() <= 18 ? id : id.substring(0, 8) + "…" + id.substring(id.length() - 8);
  }

  /** A fragment id that is valid HTML for any utterance id. */
  private static String anchor(String id) {
    StringBuilder a = new StringBuilder("u-");
    id.codePoints().forEach(cp -> {
      if (cp < 128 && (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_')) {
        a.appendCodePoint(cp);
      } else {
        a.append('.').append(Integer.toHexString(cp)).append('.');
      }
    });
    return a.toString();
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
