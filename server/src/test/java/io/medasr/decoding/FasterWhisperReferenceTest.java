package io.medasr.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.audio.AudioDecoders;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.InvalidAudioException;
import io.medasr.features.LogMelSpectrogram;
import io.medasr.testing.TestAssets;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token-for-token parity with faster-whisper on a real model: greedy decoding without timestamps of
 * every clip of a manifest must give exactly the tokens in
 * {@code models/reference/<model dir name>-ct2.<manifest>.jsonl} (see models/reference/README.md).
 * Runs only when {@code MEDASR_TEST_MODEL_DIR} names a model directory that has such references
 * (e.g. models/whisper-base, models/whisper-tiny.en); it takes a minute or more.
 */
class FasterWhisperReferenceTest {
  private static final int WINDOW_PADDING_SAMPLES = 480000;

  @ParameterizedTest
  @ValueSource(strings = {"librispeech-sample", "english-more"})
  void greedyTokensMatchFasterWhisper(String manifest)
      throws IOException, InvalidAudioException, AudioLimitExceededException {
    String dir = System.getProperty("MEDASR_TEST_MODEL_DIR", System.getenv("MEDASR_TEST_MODEL_DIR"));
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "MEDASR_TEST_MODEL_DIR not set");
    Path modelDir = Path.of(dir);
    Path references = TestAssets.repoRoot()
        .resolve("models/reference/" + modelDir.getFileName() + "-ct2." + manifest + ".jsonl");
    assumeTrue(Files.isRegularFile(references), "no faster-whisper references for this model: " + references);

    List<String> mismatches = new ArrayList<>();
    int clips = 0;
    try (WhisperModel model = WhisperModel.load(modelDir, new OrtSettings(2, 1, OptLevel.ALL_OPT))) {
      GreedyDecoder decoder = new GreedyDecoder(model);
      LogMelSpectrogram frontEnd = new LogMelSpectrogram(model.config().nMels());
      DecodingOptions options = DecodingOptions.defaults().withLanguage("en").withoutTimestamps(true);
      for (String line : Files.readAllLines(references)) {
        JsonObject reference = JsonParser.parseString(line).getAsJsonObject();
        String id = reference.get("id").getAsString();
        float[] samples = AudioDecoders.readFile(TestAssets.speech(manifest + "/wav/" + id + ".wav"));
        // openai transcribe(): log-mel of the clip plus 30 s of silence, the clip's frames as one window
        float[][] mel = frontEnd.compute(samples, WINDOW_PADDING_SAMPLES);
        int frames = mel[0].length - LogMelSpectrogram.N_FRAMES;
        int[] expected = StreamSupport.stream(reference.getAsJsonArray("tokens").spliterator(), false)
            .mapToInt(token -> token.getAsInt())
            .toArray();
        try (EncoderOutput audio = model.encode(LogMelSpectrogram.window(mel, 0, frames))) {
          int[] actual = decoder.decode(audio, options, new Random(0)).tokens();
          if (!Arrays.equals(expected, actual)) {
            mismatches.add(id + ": expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
          }
        }
        clips++;
      }
    }
    assertEquals(List.of(), mismatches, mismatches.size() + " of " + clips + " clips differ");
  }
}
