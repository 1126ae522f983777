package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WerCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "wer";
    System.arraycopy(args, 0, line, 1, args.length);
    CliRun run = CliRun.run(null, line);
    return new Result(run.exitCode(), run.out(), run.err());
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  @Test
  void issueExamplePrintsJiwerFigures() throws IOException {
    Path ref = file("ref.txt", "the cat sat on the mat", "a b c d");
    Path hyp = file("hyp.txt", "the cat sit on mat", "a x b c d e");
    Result r = run("--ref", ref.toString(), "--hyp", hyp.toString(), "--normalize", "none");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("WER 40.00 %"), r.out());
    assertTrue(r.out().contains("MER 33.33 %"), r.out());
    assertTrue(r.out().contains("WIL 41.82 %"), r.out());
    assertTrue(r.out().contains("hits 8, substitutions 1, deletions 1, insertions 2"), r.out());
    assertTrue(r.out().contains("top substitutions: sat -> sit (1)"), r.out());
  }

  @Test
  void jsonManifestsMatchedByIdReportMissingAndExtra() throws IOException {
    Path ref = file("ref.jsonl", "{\"id\": \"a\", \"text\": \"Hello, World!\"}",
        "{\"id\": \"b\", \"text\": \"twenty five milligrams\"}", "{\"id\": \"c\", \"text\": \"only here\"}");
    Path hyp = file("hyp.jsonl", "{\"id\": \"b\", \"text\": \"25 milligrams\"}",
        "{\"id\": \"a\", \"text\": \"hello world\"}", "{\"id\": \"z\", \"text\": \"stray\"}");
    Result r = run("--ref", ref.toString(), "--hyp", hyp.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals("whisper", json.get("normalization").getAsString());
    assertEquals("[\"c\"]", json.get("missingHypotheses").toString());
    assertEquals("[\"z\"]", json.get("extraHypotheses").toString());
    JsonObject summary = json.getAsJsonObject("summary");
    // a and b are exact after normalization; c (2 words) is scored against an empty hypothesis
    assertEquals(2, summary.get("deletions").getAsLong());
    assertEquals(6, summary.get("referenceWords").getAsLong());
    assertEquals(2.0 / 6.0, summary.get("wer").getAsDouble(), 0.0);
  }

  @Test
  void termsCsvReportAndComparison() throws IOException {
    Path ref = file("ref.txt", "start metoprolol twenty five mg for atrial fibrillation",
        "no chest pain today", "patient denies shortness of breath");
    Path hypOld = file("old.txt", "start meto prolol 25 mg for atrial fibrillation", "no chest pain today",
        "patient denies shortness of bread");
    Path hypNew = file("new.txt", "start metoprolol 25 mg for a trial fibrillation", "no chest pain today",
        "patient denies shortness of breath");
    Path terms = file("terms.txt", "# cardiology", "metoprolol", "atrial fibrillation", "", "chest pain",
        "shortness of breath");
    Path baseline = dir.resolve("old.json");
    Result old = run("--ref", ref.toString(), "--hyp", hypOld.toString(), "--terms", terms.toString(), "--json");
    assertEquals(0, old.code(), old.err());
    Files.writeString(baseline, old.out());
    JsonObject oldTerms = JsonParser.parseString(old.out()).getAsJsonObject().getAsJsonObject("terms");
    assertEquals(4, oldTerms.get("referenceOccurrences").getAsLong());
    assertEquals(2, oldTerms.get("recognized").getAsLong());
    assertEquals("{\"id\":\"1\",\"term\":\"metoprolol\",\"heard\":\"meto prolol\"}",
        oldTerms.getAsJsonArray("missed").get(0).toString());

    Path report = dir.resolve("report");
    Path csv = dir.resolve("utterances.csv");
    Result r = run("--ref", ref.toString(), "--hyp", hypNew.toString(), "--terms", terms.toString(), "--csv",
        csv.toString(), "--report", report.toString(), "--compare", baseline.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("missed in 1: atrial fibrillation -> \"a trial fibrillation\""), r.out());
    assertTrue(r.out().contains("terms: recall 75.00 % (3/4)"), r.out());
    // whisper normalization: "twenty five" -> "25", 16 reference words; old: I + S (meto prolol) and S (bread)
    // = 3 errors; new: I + S (a trial) = 2 errors
    assertTrue(r.out().contains("WER               18.75 % ->   12.50 %  (-6.25 pp)"), r.out());
    assertTrue(r.out().contains("improved 3: errors 1 -> 0, WER 20.00 % -> 0.00 %"), r.out());
    assertTrue(r.out().contains("utterances: 1 improved, 0 regressed, 2 unchanged"), r.out());

    List<String> rows = Files.readAllLines(csv);
    assertEquals(4, rows.size());
    assertTrue(rows.get(1).startsWith("1,7,8,6,1,0,1,0.2857142857142857,"), rows.get(1));
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("<svg"), "chart");
    assertTrue(html.contains("<span class=\"sub\"><s>atrial</s> → <b>trial</b></span>"), "substitution marked");
    assertTrue(html.contains("<span class=\"ins\">a</span>"), "insertion marked");
    assertTrue(html.contains("Compared with the baseline run"), "comparison");
    assertFalse(html.contains("<h2>Run</h2>"), "no Run section: wer has no server run");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("http://") && html.contains("src=\"http"), "no external resource");
    assertTrue(Files.readString(report.resolve("report.json")).contains("\"format\": \"medasr-wer/1\""));
  }

  @Test
  void lexiconGivesMedicalFiguresInEveryOutput() throws IOException {
    Path ref = file("ref.jsonl",
        "{\"id\": \"a\", \"text\": \"Start metoprolol twenty five milligrams twice daily for atrial fibrillation.\"}",
        "{\"id\": \"b\", \"text\": \"No chest pain today.\"}", "{\"id\": \"c\", \"text\": \"[noise]\"}");
    Path hyp = file("hyp.jsonl",
        "{\"id\": \"a\", \"text\": \"start meto prolol 25 mg BID for atrial fibrillation\"}",
        "{\"id\": \"b\", \"text\": \"no chest pain today apixaban\"}", "{\"id\": \"c\", \"text\": \"metoprolol\"}");
    Path lexicon = file("lexicon.tsv", "term\tcategory\tspecialties\tpriority\tspoken\tsource",
        "metoprolol\tdrug\tcardiology\t1\t\ttest", "apixaban\tdrug\tcardiology\t1\t\ttest",
        "atrial fibrillation\tdiagnosis\tcardiology\t1\t\ttest", "chest pain\tdiagnosis\t\t\t\t");
    Path csv = dir.resolve("u.csv");
    Path report = dir.resolve("report");
    Result r = run("--ref", ref.toString(), "--hyp", hyp.toString(), "--terms", lexicon.toString(), "--csv",
        csv.toString(), "--report", report.toString());
    assertEquals(0, r.code(), r.err());
    // a: metoprolol lost (1 error); b: apixaban inserted (1); c: empty reference, skipped by M-WER; WER over a and b:
    // 5 + 1 errors over 9 + 4 words
    assertTrue(r.out().contains("medical: M-WER 66.67 % (2 errors over 3 reference terms), WER 46.15 % over 2 "
        + "utterances (1 with an empty reference skipped)\n"
        + "  drug M-WER 200.00 % (2/1)\n"
        + "  M-WER by category: diagnosis 0.00 % (0/2); drug 200.00 % (2/1)\n"
        + "  spurious medical insertions: 2 (66.67 per 100 utterances); diagnosis 0, drug 2\n"
        + "    in b: apixaban (drug)\n"
        + "    in c: metoprolol (drug)\n"), r.out());

    JsonObject json = JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
    JsonObject medical = json.getAsJsonObject("medical");
    assertEquals(2, medical.get("utterances").getAsLong());
    assertEquals(1, medical.get("skippedEmptyReferences").getAsLong());
    assertEquals(13, medical.get("referenceWords").getAsLong());
    assertEquals(6.0 / 13, medical.get("wer").getAsDouble(), 0.0);
    assertEquals(3, medical.get("referenceTerms").getAsLong());
    assertEquals(3, medical.get("hypothesisTerms").getAsLong());
    assertEquals(2.0 / 3, medical.get("medicalWer").getAsDouble(), 0.0);
    assertEquals(2.0, medical.get("drugMedicalWer").getAsDouble(), 0.0);
    assertEquals("{\"referenceTerms\":2,\"hypothesisTerms\":2,\"errors\":0,\"medicalWer\":0.0,"
        + "\"spuriousInsertions\":0}", medical.getAsJsonObject("categories").get("diagnosis").toString());
    assertEquals(2, medical.get("spuriousInsertions").getAsLong());
    assertEquals(200.0 / 3, medical.get("spuriousPer100Utterances").getAsDouble(), 0.0);
    assertEquals("[{\"id\":\"b\",\"term\":\"apixaban\",\"category\":\"drug\"},"
        + "{\"id\":\"c\",\"term\":\"metoprolol\",\"category\":\"drug\"}]", medical.get("spurious").toString());
    assertEquals("{\"scored\":true,\"referenceTerms\":[\"metoprolol\",\"atrial fibrillation\"],"
        + "\"hypothesisTerms\":[\"atrial fibrillation\"],\"errors\":1,\"medicalWer\":0.5,\"spurious\":[]}",
        json.getAsJsonArray("utterances").get(0).getAsJsonObject().get("medical").toString());

    List<String> rows = Files.readAllLines(csv);
    assertTrue(rows.get(0).contains(",terms_recognized,medical_reference_terms,medical_errors,medical_wer,"
        + "spurious_medical_insertions,reference,"), rows.get(0));
    assertTrue(rows.get(1).contains(",2,1,0.5,0,start metoprolol"), rows.get(1));
    assertTrue(rows.get(3).contains(",,,,1,,metoprolol"), rows.get(3));

    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("<h2>Medical</h2>"), "medical section");
    assertTrue(html.contains("<tr><td>drug</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">2</td>"
        + "<td class=\"n\">200.00 %</td><td class=\"n\">2</td></tr>"), "drug row");
    assertTrue(html.contains("<td>apixaban</td><td>drug</td>"), "spurious row");

    // the medical normalization folds "25 milligrams twice daily" and "25 mg BID" to one writing
    Result folded = run("--ref", ref.toString(), "--hyp", hyp.toString(), "--terms", lexicon.toString(),
        "--normalize", "medical");
    // a: 8 words, 2 errors (meto prolol); b: 1 insertion; c: 1 insertion against an empty reference (jiwer's WER)
    assertTrue(folded.out().contains("WER 33.33 %   (S+D+I = 4 over N = 12 reference words)"), folded.out());
    assertTrue(folded.out().contains("WER 25.00 % over 2 utterances"), folded.out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(new Result(2, "", "medasr: Missing required option: '--hyp=FILE'\n"
        + "Run 'medasr wer --help' for usage.\n"), run("--ref", "x"));
    assertEquals(2, run("--ref", "a", "--hyp", "b", "--normalize", "fancy").code());
    assertEquals(2, run("--ref", "a", "--hyp", "b", "--bogus").code());
    assertEquals(2, run("--ref").code());
    assertTrue(run("--ref", "a", "--ref", "b", "--hyp", "c").err()
        .startsWith("medasr: option '--ref' (FILE) should be specified only once"));
  }

  @Test
  void unreadableInputExitsOneWithTheFileName() throws IOException {
    Path ref = file("ref.jsonl", "{\"id\": \"a\", \"text\": \"x\"}", "{\"id\": \"a\", \"text\": \"y\"}");
    Result r = run("--ref", ref.toString(), "--hyp", dir.resolve("absent.txt").toString());
    assertEquals(1, r.code());
    Path notAReport = file("other.json", "{\"wer\": 0.1}");
    Path txt = file("a.txt", "x");
    Result compare = run("--ref", txt.toString(), "--hyp", txt.toString(), "--compare", notAReport.toString());
    assertEquals(1, compare.code());
    assertTrue(compare.err().contains("other.json: not a JSON report of medasr wer"), compare.err());
    Result duplicate = run("--ref", ref.toString(), "--hyp", ref.toString());
    assertEquals(1, duplicate.code());
    assertTrue(duplicate.err().contains("ref.jsonl:2: duplicate id 'a'"), duplicate.err());
  }
}
