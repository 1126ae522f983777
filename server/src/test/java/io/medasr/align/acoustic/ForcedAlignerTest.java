package io.medasr.align.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medasr.align.SpeechPauses;
import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
import io.medasr.audio.AudioDecoders;
import io.medasr.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forced aligner with its real assets, where models/aligner/fetch-aligner.sh has put them in
 * models/aligner-en-us (not committed; CI fetches them).
 */
class ForcedAlignerTest {
  private static ForcedAligner aligner;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TestAssets.repoRoot().resolve("models/aligner-en-us");
    assumeTrue(Files.isDirectory(dir), "forced aligner not fetched: " + dir);
    aligner = ForcedAligner.load(dir);
  }

  private static Pronunciations pronunciations() throws Exception {
    Path dir = TestAssets.repoRoot().resolve("models/aligner-en-us");
    return new Pronunciations(PronouncingDictionary.read(dir.resolve(ForcedAligner.DICTIONARY)),
        LetterToSound.load(dir.resolve(ForcedAligner.LETTER_TO_SOUND)));
  }

  @Test
  void wordsAreSaidWithTheDictionarysPhonesNumbersAsWordsAndUnknownCapitalsSpelled() throws Exception {
    Pronunciations p = pronunciations();
    assertEquals(List.of("HH", "AA", "R", "T"), p.phones(" heart"));
    assertEquals(List.of("W", "AH", "N", "HH", "AH", "N", "D", "R", "AH", "D", "T", "W", "EH", "N", "T", "IY",
        "F", "AO", "R"), p.phones(" 124,"));
    assertEquals(List.of("IY", "K", "EY", "JH", "IY"), p.phones(" EKG"));
  }

  @Test
  void wordsNoDictionaryHasAreSaidAsTheLetterToSoundNetworkReadsThem() throws Exception {
    // the same phones as g2p_en's own numpy implementation gives for these words (stress removed)
    Pronunciations p = pronunciations();
    assertEquals(List.of("AE", "P", "AH", "S", "B", "AE", "K", "AH", "N"), p.phones(" apixaban"));
    assertEquals(List.of("T", "R", "OW", "P", "AH", "N", "IH", "N"), p.phones(" troponin"));
  }

  /** A clip made for this test, with the synthesiser's word times (src/test/resources/timing/README.md). */
  private static final Path CLIP = Path.of("src/test/resources/timing/apixaban-slt.wav");
  private static final Path TRUTH = Path.of("src/test/resources/timing/apixaban-slt.tsv");

  /** The clip's words as Whisper writes them: "zero point four" is one word, "0.4,". */
  private static List<WordTiming> writtenWords(double startShift, double endShift) throws Exception {
    List<WordTiming> words = new ArrayList<>();
    List<String[]> rows = Files.readAllLines(TRUTH).stream().filter(l -> !l.startsWith("#"))
        .map(l -> l.split("\t")).toList();
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      double start = Math.max(0, Double.parseDouble(row[1]) + startShift);
      if (row[0].equals("zero")) {
        words.add(new WordTiming(" 0.4,", start, Double.parseDouble(rows.get(i + 2)[2]) + endShift, 0.9f));
        i += 2;
      } else {
        words.add(new WordTiming(" " + row[0], start, Double.parseDouble(row[2]) + endShift, 0.9f));
      }
    }
    return words;
  }

  @Test
  void wordsAreTimedWithinAFewFramesOfWhereTheSynthesiserPutThem() throws Exception {
    float[] audio = AudioDecoders.readFile(CLIP);
    List<WordTiming> truth = writtenWords(0, 0);
    // timed as cross-attention times them: early, by about 110 ms at starts and 80 ms at ends (docs/word-timing.md)
    Optional<List<WordTiming>> aligned = aligner.align(audio, 0, audio.length, 0, writtenWords(-0.11, -0.08));

    assertTrue(aligned.isPresent());
    double total = 0;
    double worst = 0;
    for (int i = 0; i < truth.size(); i++) {
      WordTiming expected = truth.get(i);
      WordTiming actual = aligned.get().get(i);
      assertEquals(expected.word(), actual.word());
      for (double error : new double[] {actual.start() - expected.start(), actual.end() - expected.end()}) {
        total += Math.abs(error);
        worst = Math.max(worst, Math.abs(error));
      }
    }
    // 17.8 ms and 40 ms when written; the times given were 95 ms off on average
    assertTrue(total / (2 * truth.size()) <= 0.025, "mean absolute boundary error " + total / (2 * truth.size()));
    assertTrue(worst <= 0.05, "largest boundary error " + worst);
  }

  @Test
  void theFirstWordAfterLeadingSilenceStartsWhereItsSpeechDoes() throws Exception {
    float[] clip = AudioDecoders.readFile(CLIP);
    float[] audio = new float[(int) (0.8 * 16000) + clip.length];
    System.arraycopy(clip, 0, audio, (int) (0.8 * 16000), clip.length);
    List<WordTiming> words = writtenWords(0.8 - 0.11, 0.8 - 0.08);
    // cross-attention puts the first word after a pause at the window's start
    WordTiming first = words.get(0);
    words.set(0, new WordTiming(first.word(), 0.0, first.end(), first.probability()));

    WordTiming aligned = aligner.align(audio, 0, audio.length, 0, words).orElseThrow().get(0);

    // 0.965 s: the synthesiser's 0.165 s after the 0.8 s added (the issue's bound for first words: 60 ms)
    assertEquals(0.8 + 0.165, aligned.start(), 0.03);
  }

  @Test
  void onlyEnglishIsForcedThroughItsEnglishModels() {
    assertTrue(aligner.speaks("en"));
    assertFalse(aligner.speaks("de"));
    assertFalse(aligner.speaks(null));
    assertTrue(WordRetimer.PAUSES.speaks("de"));
  }

  @Test
  void wordsGivenFarFromTheirSoundAreNotForcedThereAndKeepTheirPauseRefinedTimes() throws Exception {
    float[] audio = AudioDecoders.readFile(CLIP);
    // the words as if they had been heard two seconds later: the last ones would lie past the end of the audio
    List<WordTiming> late = writtenWords(2.0, 2.0);

    assertEquals(Optional.empty(), aligner.align(audio, 0, audio.length, 0, late));
    assertEquals(SpeechPauses.of(audio, 0).refine(late), aligner.retime(audio, 0, audio.length, 0, late));
  }

  @Test
  void timesAreInTheRecordingsSecondsWhenTheAudioStartsLater() throws Exception {
    float[] audio = AudioDecoders.readFile(CLIP);
    List<WordTiming> words = writtenWords(-0.11, -0.08);
    List<WordTiming> fromZero = aligner.align(audio, 0, audio.length, 0, words).orElseThrow();
    List<WordTiming> shifted = words.stream()
        .map(w -> new WordTiming(w.word(), w.start() + 100, w.end() + 100, w.probability())).toList();

    List<WordTiming> later = aligner.align(audio, 0, audio.length, 100, shifted).orElseThrow();

    for (int i = 0; i < words.size(); i++) {
      assertEquals(fromZero.get(i).start() + 100, later.get(i).start(), 1e-9);
      assertEquals(fromZero.get(i).end() + 100, later.get(i).end(), 1e-9);
    }
  }
}
