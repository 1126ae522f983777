package io.medasr.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.OnnxOutputs;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.DecoderLayout;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordAlignerTest {
  private static final int FRAMES = 800;

  private static List<TimedSegment> time(WhisperModel model, List<SegmentSpan> spans) {
    float[][] mel = new LogMelSpectrogram(model.config().nMels()).compute(TestAssets.syntheticAudio(8), 480000);
    try (EncoderOutput audio = model.encode(LogMelSpectrogram.window(mel, 0, FRAMES))) {
      return new WordAligner(model).addWordTimestamps(spans, audio, "en", FRAMES, 10.0, 0.0);
    }
  }

  @Test
  void withoutCrossAttentionsWordsShareTheSegmentSpanAndKeepTheirProbabilities(@TempDir Path dir) throws IOException {
    OnnxOutputs.copyDirectory(TestAssets.tinyMultilingual(), dir);
    OnnxOutputs.removeOutputsStartingWith(dir.resolve("decoder_model.onnx"), "cross_attentions.");
    List<SegmentSpan> spans;
    List<TimedSegment> aligned;
    try (WhisperModel model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT, DecoderLayout.SPLIT)) {
      spans = List.of(
          new SegmentSpan(10.0, 12.0, model.tokenizer().encode(" The patient denies chest pain.")),
          new SegmentSpan(12.0, 15.5, model.tokenizer().encode(" Start aspirin, 81 mg daily.")));
      aligned = time(model, spans);
    }
    List<TimedSegment> estimated;
    try (WhisperModel plain = WhisperModel.load(dir, TestAssets.ORT, DecoderLayout.SPLIT)) {
      estimated = time(plain, spans);
    }
    assertEquals(2, estimated.size());
    for (int s = 0; s < 2; s++) {
      TimedSegment byAttention = aligned.get(s);
      TimedSegment byLength = estimated.get(s);
      assertEquals(byAttention.words().stream().map(WordTiming::word).toList(),
          byLength.words().stream().map(WordTiming::word).toList());
      for (int w = 0; w < byLength.words().size(); w++) {
        assertEquals(byAttention.words().get(w).probability(), byLength.words().get(w).probability(), 1e-6);
        assertTrue(byAttention.words().get(w).aligned());
        assertFalse(byLength.words().get(w).aligned());
      }
      // the segment keeps its own span, which its words fill end to end
      assertEquals(spans.get(s).start(), byLength.start());
      assertEquals(spans.get(s).end(), byLength.end());
      List<WordTiming> words = byLength.words();
      assertEquals(spans.get(s).start(), words.get(0).start(), 1e-9);
      assertEquals(spans.get(s).end(), words.get(words.size() - 1).end(), 1e-9);
      for (int w = 1; w < words.size(); w++) {
        assertEquals(words.get(w - 1).end(), words.get(w).start(), 0.011);
      }
    }
    assertEquals(List.of(" The", " patient", " denies", " chest", " pain."),
        estimated.get(0).words().stream().map(WordTiming::word).toList());
    assertEquals(List.of(" Start", " aspirin,", " 81", " mg", " daily."),
        estimated.get(1).words().stream().map(WordTiming::word).toList());
  }

  @Test
  void alignedWordTimesFollowTheDtwPathInsideTheWindow() throws IOException {
    try (WhisperModel model = WhisperModel.load(TestAssets.tinyMultilingual(), TestAssets.ORT)) {
      List<SegmentSpan> spans = List.of(new SegmentSpan(10.0, 18.0, model.tokenizer().encode(" one two three four five six")));
      List<WordTiming> words = time(model, spans).get(0).words();
      assertEquals(6, words.size());
      double previous = 10.0;
      for (WordTiming word : words) {
        assertTrue(word.start() >= previous - 1e-9 && word.start() <= word.end(), word.toString());
        // the window's real audio is 800 frames = 8 s after the 10 s offset
        assertTrue(word.end() <= 18.0 + 1e-9, word.toString());
        previous = word.start();
      }
    }
  }
}
