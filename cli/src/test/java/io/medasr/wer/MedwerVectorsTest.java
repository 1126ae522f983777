package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-check with PyPI medwer 1.0.0 (medical_vectors.json from make_medical_vectors.py): corpus WER, M-WER and
 * their counts, exactly, for the whole term list and for each category's terms alone; per utterance, medwer's
 * normalized texts, its keep_medical() output and both edit counts. The vectors are scored with
 * {@code --normalize medwer}, and also with {@code whisper} where openai-whisper normalizes every text of the
 * vector as whisper-normalizer 0.1.12 does.
 */
class MedwerVectorsTest {
  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = MedwerVectorsTest.class.getResourceAsStream("/wer/medical_vectors.json")) {
      JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      return root.getAsJsonArray("cases").asList().stream().map(JsonElement::getAsJsonObject)
          .map(c -> Arguments.of(c.get("name").getAsString(), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMedwer(String name, JsonObject c) throws Exception {
    TermList terms = terms(c);
    CorpusScore score = score(c, terms, Normalizer.named("medwer"));
    assertFigures(c.getAsJsonObject("medwer"), score.medical().scoredUtterances(), score.medical().referenceWords(),
        score.medical().wer(), score.medical().terms(), "all terms");
    for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("medwerByCategory").entrySet()) {
      JsonObject expected = e.getValue().getAsJsonObject();
      MedicalCounts counts = score.medical().categories().get(TermCategory.ofLabel(e.getKey()));
      assertFigures(expected, score.medical().scoredUtterances(), score.medical().referenceWords(),
          score.medical().wer(), counts, e.getKey());
    }
    assertEquals(c.getAsJsonObject("medwerByCategory").size(), score.medical().categories().size(), "categories");

    JsonArray utterances = c.getAsJsonArray("utterances");
    for (int k = 0; k < utterances.size(); k++) {
      JsonObject expected = utterances.get(k).getAsJsonObject();
      UtteranceScore u = score.utterances().get(k);
      JsonArray normalized = expected.getAsJsonArray("normalized");
      JsonArray kept = expected.getAsJsonArray("kept");
      assertEquals(normalized.get(0).getAsString(), u.reference(), "normalized reference " + k);
      assertEquals(normalized.get(1).getAsString(), u.hypothesis(), "normalized hypothesis " + k);
      assertEquals(kept.get(0).getAsString(), keptText(u.medical().referenceTerms()), "kept reference " + k);
      assertEquals(kept.get(1).getAsString(), keptText(u.medical().hypothesisTerms()), "kept hypothesis " + k);
      assertEquals(expected.get("edits").getAsLong(), u.wordCounts().errors(), "edits " + k);
      assertEquals(expected.get("medicalEdits").getAsLong(), u.medical().counts().errors(), "medical edits " + k);
      assertEquals(expected.get("skipped").getAsBoolean(), !u.medical().scored(), "skipped " + k);
    }

    if (c.get("openaiWhisperAgrees").getAsBoolean()) {
      MedicalMetrics whisper = score(c, terms, Normalizer.named("whisper")).medical();
      assertFigures(c.getAsJsonObject("medwer"), whisper.scoredUtterances(), whisper.referenceWords(), whisper.wer(),
          whisper.terms(), "all terms, whisper normalization");
    }
  }

  private static CorpusScore score(JsonObject c, TermList terms, Normalizer normalizer) {
    List<String> refs = strings(c.getAsJsonArray("references"));
    List<String> hyps = strings(c.getAsJsonArray("hypotheses"));
    List<Transcript> references = new ArrayList<>();
    List<Transcript> hypotheses = new ArrayList<>();
    for (int k = 0; k < refs.size(); k++) {
      references.add(new Transcript(Integer.toString(k + 1), refs.get(k)));
      hypotheses.add(new Transcript(Integer.toString(k + 1), hyps.get(k)));
    }
    return new WerScorer(normalizer, terms).score(references, hypotheses);
  }

  private static void assertFigures(JsonObject expected, long utterances, long referenceWords, double wer,
      MedicalCounts counts, String what) {
    assertEquals(expected.get("utts").getAsLong(), utterances, what + ": utts");
    assertEquals(expected.get("ref_words").getAsLong(), referenceWords, what + ": ref_words");
    assertEquals(expected.get("med_ref_words").getAsLong(), counts.referenceTerms(), what + ": med_ref_words");
    assertEquals(rate(expected.get("wer")), wer, 0.0, what + ": wer");
    assertEquals(rate(expected.get("medical_wer")), counts.errorRate(), 0.0, what + ": medical_wer");
  }

  /** The lexicon file of the vector, or its inline [term, category] pairs. */
  private static TermList terms(JsonObject c) throws URISyntaxException, WerInputException {
    if (c.has("lexicon")) {
      return TermList.read(Path.of(MedwerVectorsTest.class.getResource("/wer/" + c.get("lexicon").getAsString())
          .toURI()));
    }
    List<MedicalTerm> entries = new ArrayList<>();
    for (JsonElement e : c.getAsJsonArray("terms")) {
      JsonArray pair = e.getAsJsonArray();
      entries.add(new MedicalTerm(pair.get(0).getAsString(), TermCategory.ofLabel(pair.get(1).getAsString())));
    }
    return new TermList(entries);
  }

  /** medwer writes a kept multi-word term with its words joined by '_'. */
  private static String keptText(List<String> terms) {
    return String.join(" ", terms.stream().map(t -> t.replace(' ', '_')).toList());
  }

  private static double rate(JsonElement value) {
    return value.isJsonNull() ? Double.NaN : value.getAsDouble();
  }

  private static List<String> strings(JsonArray array) {
    return array.asList().stream().map(JsonElement::getAsString).toList();
  }
}
