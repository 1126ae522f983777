package io.medasr.correct;

import static io.medasr.correct.TestWords.rounded;
import static io.medasr.correct.TestWords.words;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medasr.align.WordTiming;
import io.medasr.bias.LexiconTerm;
import io.medasr.bias.PromptTerms;
import io.medasr.audio.AudioDecoders;
import io.medasr.testing.Respelling;
import io.medasr.testing.TestAssets;
import io.medasr.transcribe.Segment;
import io.medasr.transcribe.TranscribeOptions;
import io.medasr.transcribe.Transcriber;
import io.medasr.transcribe.Transcription;
import io.medasr.whisper.WhisperModel;
import io.medasr.tokenizer.WhisperTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which runs of heard words the lexicon matcher replaces, with what, and on what evidence. */
class PhoneticMatcherTest {
  private static WhisperTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() throws IOException {
    tokenizer = WhisperTokenizer.load(TestAssets.tinyEnglish());
  }

  @Test
  void aDoubtedRunThatSoundsLikeARequestsPhraseBecomesIt() {
    PhoneticMatcher matcher = phrases("lisinopril", "atrial fibrillation");

    CorrectedWords corrected = matcher.correct(words("hold 0.9", "the 0.6", "synopril, 0.4", "and 0.9",
        "aetriol 0.5", "fibrillation 0.9"));

    assertEquals("hold lisinopril, and atrial fibrillation", corrected.text());
    assertEquals(List.of(
        new Correction(1, 2, "the synopril,", "lisinopril", PhoneticMatcher.PHRASES, 0.735f),
        new Correction(4, 2, "aetriol fibrillation", "atrial fibrillation", PhoneticMatcher.PHRASES, 0.947f)),
        rounded(corrected.corrections()));
  }

  @Test
  void aRunHeardWithConfidenceOrSpellingThePhraseAlreadyStays() {
    PhoneticMatcher matcher = phrases("lisinopril", "atrial fibrillation");

    assertEquals(List.of(), matcher.correct(words("hold", "the", "synopril,")).corrections());
    assertEquals(List.of(), matcher.correct(words("Atrial 0.5", "fibrillation. 0.5")).corrections());
  }

  @Test
  void aLexiconTermMustBeCloserAndNotTheHeardWordWithAnotherEnding() {
    List<LexiconTerm> terms = new ArrayList<>();
    for (String term : List.of("hyperkalemia", "nebulizer", "recurrent", "migrainous")) {
      terms.add(new LexiconTerm(term, "diagnosis", Set.of("general"), 0.5, List.of()));
    }
    PhoneticMatcher matcher = new PhoneticMatcher(tokenizer, Optional.empty(),
        Optional.of(PromptTerms.ofLexicon(terms, word -> false)));

    CorrectedWords corrected = matcher.correct(words("Hypercalemia 0.5", "with", "nebulizers 0.5", "reorient 0.5",
        "migraines 0.5"));

    assertEquals("Hyperkalemia with nebulizers reorient migraines", corrected.text());
    assertEquals(List.of(new Correction(0, 1, "Hypercalemia", "hyperkalemia", PhoneticMatcher.LEXICON, 0.958f)),
        rounded(corrected.corrections()));
  }

  @Test
  void aTranscriptsSegmentsTakeTheCorrectedWordsAndKeepTheirRawText() throws Exception {
    float[] samples = AudioDecoders.readFile(TestAssets.speech("librispeech-sample/wav/1089-134686-0001.wav"));
    Transcription decoded;
    try (WhisperModel model = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT)) {
      decoded = new Transcriber(model).transcribe(samples, TranscribeOptions.defaults().withWordTimestamps(true));
    }
    Segment segment = decoded.segments().stream()
        .filter(s -> s.words().stream().anyMatch(Respelling::applies)).findFirst().orElseThrow();
    int index = 0;
    while (!Respelling.applies(segment.words().get(index))) {
      index++;
    }
    WordTiming heard = segment.words().get(index);
    String word = heard.word().strip();
    String phrase = Respelling.of(heard);

    Transcription corrected = decoded.corrected(phrases(phrase)::correct);

    Segment after = corrected.segments().get(decoded.segments().indexOf(segment));
    assertEquals(segment.text(), after.rawText());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < segment.words().size(); i++) {
      expected.append(i == index ? Respelling.inPlace(heard) : segment.words().get(i).word());
    }
    assertEquals(expected.toString().strip(), after.text().strip());
    assertEquals(1, after.corrections().size());
    Correction correction = after.corrections().get(0);
    assertEquals(List.of(index, 1, word, phrase, PhoneticMatcher.PHRASES),
        List.of(correction.firstWord(), correction.wordCount(), correction.original(), correction.replacement(),
            correction.source()));
    assertEquals(new WordTiming(Respelling.inPlace(heard), heard.start(), heard.end(), correction.confidence(),
        heard.aligned()),
        after.words().get(index));
    assertEquals(segment.words().size(), after.words().size());
  }

  private static PhoneticMatcher phrases(String... phrases) {
    return new PhoneticMatcher(tokenizer, Optional.of(PromptTerms.of(List.of(phrases))), Optional.empty());
  }
}
