package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.medasr.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {
  private static final float SPEECH = 0.9f;
  private static final float SILENCE = 0.1f;

  /** An event and the frame whose call emitted it. */
  record Timed(long frame, VadEvent event) {}

  /** What a probability sequence gives: segments, and events with the frame at which each was decided. */
  record Outcome(List<SpeechSegment> segments, List<Timed> events) {}

  static Outcome run(VadConfig config, float[] probabilities, long streamSamples) {
    SpeechSegmenter segmenter = new SpeechSegmenter(config);
    List<SpeechSegment> segments = new ArrayList<>();
    List<Timed> timed = new ArrayList<>();
    boolean partialLast = streamSamples % VadFormat.FRAME_SAMPLES != 0;
    for (int i = 0; i < probabilities.length; i++) {
      List<VadEvent> events = new ArrayList<>();
      if (i == probabilities.length - 1 && partialLast) {
        segmenter.partialFrame(probabilities[i], events, segments);
      } else {
        segmenter.frame(probabilities[i], events, segments);
      }
      int frame = i;
      events.forEach(e -> timed.add(new Timed(frame, e)));
    }
    List<VadEvent> events = new ArrayList<>();
    segmenter.finish(streamSamples, events, segments);
    events.forEach(e -> timed.add(new Timed(probabilities.length, e)));
    return new Outcome(segments, timed);
  }

  static float[] frames(Object... runs) {
    List<Float> values = new ArrayList<>();
    for (int i = 0; i < runs.length; i += 2) {
      for (int n = 0; n < (Integer) runs[i + 1]; n++) {
        values.add((Float) runs[i]);
      }
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Silero's own get_speech_timestamps_from_probs, run by models/tools/make_tiny_vad.py. */
  @Test
  void givesSilerosSegmentsForItsReferenceCases() throws IOException {
    JsonObject reference =
        JsonParser.parseString(
                Files.readString(
                    TestAssets.repoRoot().resolve("models/tiny/silero-vad-tiny/segments-reference.json")))
            .getAsJsonObject();
    JsonArray cases = reference.getAsJsonArray("cases");
    assertEquals(7, cases.size());
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      VadConfig config =
          new VadConfig(
              c.get("threshold").getAsDouble(),
              c.get("neg_threshold").getAsDouble(),
              c.get("min_speech_ms").getAsInt(),
              c.get("min_silence_ms").getAsInt(),
              c.get("speech_pad_ms").getAsInt());
      JsonArray jsonProbabilities = c.getAsJsonArray("probabilities");
      float[] probabilities = new float[jsonProbabilities.size()];
      for (int i = 0; i < probabilities.length; i++) {
        probabilities[i] = (float) jsonProbabilities.get(i).getAsDouble();
      }
      List<SpeechSegment> expected = new ArrayList<>();
      for (JsonElement s : c.getAsJsonArray("segments")) {
        expected.add(new SpeechSegment(s.getAsJsonArray().get(0).getAsLong(), s.getAsJsonArray().get(1).getAsLong()));
      }
      Outcome outcome = run(config, probabilities, c.get("samples").getAsLong());
      assertEquals(expected, outcome.segments(), config.toString());
      assertEventsPairWithSegments(outcome);
    }
  }

  static void assertEventsPairWithSegments(Outcome outcome) {
    List<VadEvent> expected = new ArrayList<>();
    for (SpeechSegment s : outcome.segments()) {
      expected.add(new VadEvent(VadEvent.Type.SPEECH_STARTED, s.startSample()));
      expected.add(new VadEvent(VadEvent.Type.SPEECH_ENDED, s.endSample()));
    }
    assertEquals(expected, outcome.events().stream().map(Timed::event).toList());
  }

  @Test
  void startIsAnnouncedOnceLongerThanMinSpeechAndEndAfterMinSilence() {
    // 10 frames of silence, 20 of speech (raw 5120..15360), 20 of silence
    Outcome outcome = run(VadConfig.defaults(), frames(SILENCE, 10, SPEECH, 20, SILENCE, 20), 50 * 512);
    assertEquals(List.of(new SpeechSegment(5120 - 480, 15360 + 480)), outcome.segments());
    // kept for sure once the end cannot come before start + 4000 (250 ms): after frame 17 the end is >= 9216
    // ended once the silence from 15360 has lasted 1600 samples (100 ms): frame 34 starts at 17408
    assertEquals(
        List.of(
            new Timed(17, new VadEvent(VadEvent.Type.SPEECH_STARTED, 4640)),
            new Timed(34, new VadEvent(VadEvent.Type.SPEECH_ENDED, 15840))),
        outcome.events());
  }

  @Test
  void probabilitiesBetweenTheThresholdsNeitherStartNorEndSpeech() {
    float between = 0.4f;
    Outcome outcome =
        run(VadConfig.defaults(), frames(between, 10, SPEECH, 10, between, 30, SILENCE, 10), 60 * 512);
    // speech from frame 10 lasts through the in-between frames until the silence at frame 50
    assertEquals(List.of(new SpeechSegment(10 * 512 - 480, 50 * 512 + 480)), outcome.segments());
  }

  @Test
  void segmentsNoLongerThanMinSpeechAreDroppedWithoutEvents() {
    // 7 frames = 3584 samples <= 4000
    Outcome outcome = run(VadConfig.defaults(), frames(SILENCE, 5, SPEECH, 7, SILENCE, 20), 32 * 512);
    assertEquals(List.of(), outcome.segments());
    assertEquals(List.of(), outcome.events());
  }

  @Test
  void closeSegmentsShareTheGapAndTheFirstEndWaitsForTheSecondStart() {
    // pad 100 ms (1600) > min silence 50 ms (800): segments 0..5120 and 6656..11776 are 1536 apart
    VadConfig config = new VadConfig(0.5, 0.35, 100, 50, 100);
    Outcome outcome = run(config, frames(SPEECH, 10, SILENCE, 3, SPEECH, 10, SILENCE, 37), 60 * 512);
    assertEquals(
        List.of(new SpeechSegment(0, 5120 + 768), new SpeechSegment(6656 - 768, 11776 + 1600)), outcome.segments());
    assertEquals(
        List.of(
            new Timed(3, new VadEvent(VadEvent.Type.SPEECH_STARTED, 0)),
            // the second segment is sure to be kept after frame 16; only then is the first one's end known
            new Timed(16, new VadEvent(VadEvent.Type.SPEECH_ENDED, 5888)),
            new Timed(16, new VadEvent(VadEvent.Type.SPEECH_STARTED, 5888)),
            // closed at frame 25; a later start closer than 3200 samples could still split the gap, until
            // the stream passes 11776 + 3200
            new Timed(29, new VadEvent(VadEvent.Type.SPEECH_ENDED, 13376))),
        outcome.events());
  }

  @Test
  void segmentOpenAtTheEndEndsAtTheLastSample() {
    Outcome outcome = run(VadConfig.defaults(), frames(SILENCE, 4, SPEECH, 12), 16 * 512 - 100);
    assertEquals(List.of(new SpeechSegment(4 * 512 - 480, 16 * 512 - 100)), outcome.segments());
    assertEventsPairWithSegments(outcome);
  }
}
