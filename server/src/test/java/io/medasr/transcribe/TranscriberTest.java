package io.medasr.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.align.WordTiming;
import io.medasr.bias.PromptTerms;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.InferenceRun;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Long-form behaviour on the random-weight tiny model: what it says is noise, how it seeks is not. */
class TranscriberTest {
  private static final float[] SEVENTY_SECONDS = TestAssets.syntheticAudio(70);
  private static WhisperModel model;
  private static Transcriber transcriber;

  @BeforeAll
  static void load() throws IOException {
    model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT);
    transcriber = new Transcriber(model);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void heardWordsAreSpelledFromPiecesWhenMoreThanOneOfTheirTokensHoldsLetters() {
    List<PromptTerms.HeardWord> words = Transcriber.heardWords(
        List.of(" is", "ham", "ic", " tour", " drug", ".", " X", "-", "Way"), new float[] {
            0.25f, 0.5f, 0.75f, 0.5f, 0.75f, 0.25f, 0.125f, 0.25f, 0.375f}); // means exact in binary
    assertEquals(List.of(new PromptTerms.HeardWord(" ishamic", 0.5f, true),
        new PromptTerms.HeardWord(" tour", 0.5f, false), new PromptTerms.HeardWord(" drug.", 0.5f, false),
        new PromptTerms.HeardWord(" X-Way", 0.25f, true)), words);
  }

  @Test
  void seventySecondsWithoutTimestampsAreThreeBackToBackWindows() {
    List<List<Segment>> windows = new ArrayList<>();
    Transcription result = transcriber.transcribe(
        SEVENTY_SECONDS, TranscribeOptions.defaults().withoutTimestamps(true), windows::add);
    assertEquals(3, windows.size());
    assertEquals(70.0, result.durationSeconds());
    assertEquals("en", result.language());
    // one segment per window, from the window start; it ends at the window's real audio unless
    // the random model sampled a timestamp token anyway (openai then ends it there)
    double[] windowEnds = {30, 60, 70};
    for (int w = 0; w < 3; w++) {
      assertEquals(1, windows.get(w).size());
      Segment segment = windows.get(w).get(0);
      assertEquals(30.0 * w, segment.start(), 1e-9);
      assertTrue(segment.end() > segment.start() && segment.end() <= windowEnds[w] + 1e-9, segment.toString());
    }
    assertEquals(windows.stream().mapToInt(List::size).sum(), result.segments().size());
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void wordTimesDoNotMakeTheLastWindowDecodeItsTailAgain() {
    for (double seconds : new double[] {5, 12, 45}) {
      List<List<Segment>> windows = new ArrayList<>();
      transcriber.transcribe(TestAssets.syntheticAudio(seconds),
          TranscribeOptions.defaults().withoutTimestamps(true).withWordTimestamps(true), windows::add);
      assertEquals((int) Math.ceil(seconds / 30), windows.size(), seconds + " s");
    }
  }

  @Test
  void timestampSegmentsMoveForwardInTime() {
    List<List<Segment>> windows = new ArrayList<>();
    Transcription result = transcriber.transcribe(SEVENTY_SECONDS, TranscribeOptions.defaults(), windows::add);
    List<Segment> segments = result.segments();
    assertTrue(segments.size() >= 3, "segments: " + segments.size());
    assertTrue(windows.size() >= 3, "a 70 s input needs at least three windows");
    assertEquals(segments, windows.stream().flatMap(List::stream).toList(), "the callback saw every segment in order");
    double previousEnd = 0;
    for (Segment segment : segments) {
      assertTrue(segment.start() < segment.end(), segment.toString());
      assertTrue(segment.start() >= previousEnd - 1e-9, "segments overlap: " + segment);
      assertFalse(segment.text().isBlank());
      previousEnd = segment.end();
    }
    assertEquals(result.text(), String.join("", segments.stream().map(Segment::text).toList()).strip());
  }

  @Test
  void wordTimesLieInsideTheirSegmentsInOrder() {
    Transcription result = transcriber.transcribe(
        TestAssets.syntheticAudio(40), TranscribeOptions.defaults().withWordTimestamps(true));
    assertFalse(result.segments().isEmpty());
    double previousWordStart = 0;
    for (Segment segment : result.segments()) {
      assertFalse(segment.words().isEmpty(), segment.toString());
      for (WordTiming word : segment.words()) {
        assertTrue(word.aligned());
        assertTrue(word.start() <= word.end(), word.toString());
        assertTrue(word.start() >= segment.start() - 1e-9 && word.end() <= segment.end() + 1e-9, word + " in " + segment);
        assertTrue(word.start() >= previousWordStart - 1e-9, "words out of order: " + word);
        assertTrue(word.probability() > 0 && word.probability() <= 1, word.toString());
        previousWordStart = word.start();
      }
    }
  }

  @Test
  void theTextExpectedInTheAudioChangesNoResult() {
    TranscribeOptions options = TranscribeOptions.defaults().withWordTimestamps(true);
    Transcription plain = transcriber.transcribe(SEVENTY_SECONDS, options);
    // its own text (a draft that is right), a shortened one, and text the audio does not hold
    String text = plain.text();
    for (String expected : List.of(text, text.substring(text.length() / 3), "Apixaban five milligrams twice daily.")) {
      Transcription drafted =
          transcriber.transcribe(SEVENTY_SECONDS, options, window -> {}, InferenceRun.UNCANCELLABLE, expected);
      assertEquals(plain.segments().size(), drafted.segments().size(), expected);
      for (int i = 0; i < plain.segments().size(); i++) {
        Segment want = plain.segments().get(i);
        Segment got = drafted.segments().get(i);
        assertEquals(want.text(), got.text());
        assertEquals(want.start(), got.start());
        assertEquals(want.end(), got.end());
        assertEquals(want.words(), got.words());
        // a sum over rows fed together may differ in its last digits
        assertEquals(want.avgLogprob(), got.avgLogprob(), 1e-6);
      }
    }
  }

  @Test
  void whenNoTemperaturePassesTheLastOneIsKept() {
    // a compression-ratio threshold of 0 fails every attempt
    TranscribeOptions options = new TranscribeOptions(
        "en", false, null, true, List.of(0.0, 0.5, 1.0), 0.0, Double.NaN, Double.NaN);
    Transcription result = transcriber.transcribe(TestAssets.syntheticAudio(10), options);
    assertFalse(result.segments().isEmpty());
    result.segments().forEach(s -> assertEquals(1.0, s.temperature(), s.toString()));
  }

  @Test
  void windowsThatLookSilentAreSkippedWhole() {
    // no-speech above 0 and average log-probability never above 0: every window counts as silence
    TranscribeOptions options = new TranscribeOptions(
        "en", false, null, true, List.of(0.0), 2.4, 0.0, 0.0);
    List<List<Segment>> windows = new ArrayList<>();
    Transcription result = transcriber.transcribe(SEVENTY_SECONDS, options, windows::add);
    assertEquals(List.of(List.of(), List.of(), List.of()), windows);
    assertTrue(result.segments().isEmpty());
    assertEquals("", result.text());
  }

  @Test
  void emptyAndVeryShortAudio() {
    Transcription empty = transcriber.transcribe(new float[0], TranscribeOptions.defaults());
    assertTrue(empty.segments().isEmpty());
    assertEquals(0.0, empty.durationSeconds());
    List<List<Segment>> windows = new ArrayList<>();
    transcriber.transcribe(TestAssets.syntheticAudio(0.1), TranscribeOptions.defaults(), windows::add);
    assertEquals(1, windows.size());
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void beamSearchTranscribesWindowsInOrderToo() {
    Transcription result = transcriber.transcribe(TestAssets.syntheticAudio(40), TranscribeOptions.defaults().withBeamSize(3));
    assertFalse(result.segments().isEmpty());
    double previousEnd = 0;
    for (Segment segment : result.segments()) {
      assertTrue(segment.start() >= previousEnd - 1e-9 && segment.start() < segment.end(), segment.toString());
      previousEnd = segment.end();
    }
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void transcribingTwiceGivesTheSameSegments() {
    TranscribeOptions options = TranscribeOptions.defaults();
    float[] audio = TestAssets.syntheticAudio(20);
    assertEquals(transcriber.transcribe(audio, options), transcriber.transcribe(audio, options));
  }

  @Test
  void cancellationStopsBeforeTheNextWindowAndReleasesEverything() {
    AtomicInteger windows = new AtomicInteger();
    try (InferenceRun run = InferenceRun.open()) {
      assertThrows(CancellationException.class, () -> transcriber.transcribe(
          SEVENTY_SECONDS, TranscribeOptions.defaults().withoutTimestamps(true),
          segments -> {
            windows.incrementAndGet();
            run.cancel();
          }, run));
    }
    assertEquals(1, windows.get());
    assertEquals(0, model.liveNativeValues());
  }

  @Test
  void languageIsDetectedOnMultilingualModelsWhenAsked() {
    Transcription result = transcriber.transcribe(
        TestAssets.syntheticAudio(5), TranscribeOptions.defaults().withLanguage(TranscribeOptions.AUTO));
    assertTrue(model.tokenizer().specials().languages().containsKey(result.language()), result.language());
  }

  @Test
  void unknownLanguageIsRejectedBeforeAnyWork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> transcriber.transcribe(SEVENTY_SECONDS, TranscribeOptions.defaults().withLanguage("xx")));
    assertTrue(e.getMessage().contains("'xx'"), e.getMessage());
  }

  @Test
  void englishOnlyModelRejectsOtherLanguages() throws IOException {
    try (WhisperModel english = WhisperModel.load(TestAssets.tinyEnglish(), TestAssets.ORT)) {
      Transcriber englishTranscriber = new Transcriber(english);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> englishTranscriber.transcribe(TestAssets.syntheticAudio(2), TranscribeOptions.defaults().withLanguage("fr")));
      assertTrue(e.getMessage().contains("English-only"), e.getMessage());
      assertEquals("en", englishTranscriber.transcribe(TestAssets.syntheticAudio(2),
          TranscribeOptions.defaults().withLanguage(TranscribeOptions.AUTO)).language());
    }
  }
}
