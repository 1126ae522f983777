package io.medasr.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medasr.align.WordTiming;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A real Whisper export on real speech; runs only when {@code MEDASR_TEST_MODEL_DIR} (system
 * property or environment variable) names a model directory.
 */
class RealSpeechTest {

  private static Path modelDir() {
    String dir = System.getProperty("MEDASR_TEST_MODEL_DIR", System.getenv("MEDASR_TEST_MODEL_DIR"));
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "MEDASR_TEST_MODEL_DIR not set");
    return Path.of(dir);
  }

  @Test
  void transcribesJfk() throws IOException, InvalidAudioException, AudioLimitExceededException {
    Path dir = modelDir();
    float[] samples = AudioDecoders.readFile(TestAssets.speech("general/wav/jfk.wav"));
    try (WhisperModel model = WhisperModel.load(dir, OrtSettings.defaults())) {
      Transcription result = new Transcriber(model).transcribe(samples, TranscribeOptions.defaults().withWordTimestamps(true));
      String text = result.text().toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "");
      assertTrue(text.contains("ask not what your country can do for you"), result.text());
      assertTrue(text.contains("ask what you can do for your country"), result.text());
      List<WordTiming> words = result.segments().stream().flatMap(s -> s.words().stream()).toList();
      assertTrue(words.size() >= 20, "words: " + words.size());
      double previousStart = 0;
      for (WordTiming word : words) {
        assertTrue(word.start() >= previousStart && word.start() <= word.end() && word.end() <= 11.0, word.toString());
        assertEquals(model.hasCrossAttentions(), word.aligned());
        previousStart = word.start();
      }
    }
  }
}
