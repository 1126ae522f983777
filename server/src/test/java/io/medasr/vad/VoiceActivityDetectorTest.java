package io.medasr.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {

  /** Keeps a copy of every frame it is given; scores a frame by its first sample. */
  static final class RecordingActivity implements VoiceActivity {
    final List<float[]> frames = new ArrayList<>();

    @Override
    public float score(float[] frame) {
      frames.add(frame.clone());
      return frame[0];
    }

    @Override
    public void reset() {
      frames.clear();
    }
  }

  /** Samples 0, 1, 2, ... scaled so that frame i's first sample is i / 100. */
  static float[] ramp(int n) {
    float[] samples = new float[n];
    for (int i = 0; i < n; i++) {
      samples[i] = i / (VadFormat.FRAME_SAMPLES * 100f);
    }
    return samples;
  }

  /** Cuts {@code samples} into random chunks (0 to maxChunk samples, empty chunks included). */
  static List<VadUpdate> feedInRandomChunks(VoiceActivityDetector detector, float[] samples, long seed, int maxChunk) {
    Random random = new Random(seed);
    List<VadUpdate> updates = new ArrayList<>();
    for (int from = 0; from < samples.length; ) {
      int length = Math.min(random.nextInt(maxChunk + 1), samples.length - from);
      updates.add(detector.accept(samples, from, length));
      from += length;
    }
    updates.add(detector.finish());
    return updates;
  }

  static float[] probabilities(List<VadUpdate> updates) {
    int n = updates.stream().mapToInt(u -> u.probabilities().length).sum();
    float[] all = new float[n];
    int at = 0;
    for (VadUpdate update : updates) {
      assertEquals(at, update.firstFrame(), "frames are numbered without gaps");
      System.arraycopy(update.probabilities(), 0, all, at, update.probabilities().length);
      at += update.probabilities().length;
    }
    return all;
  }

  static List<VadEvent> events(List<VadUpdate> updates) {
    return updates.stream().flatMap(u -> u.events().stream()).toList();
  }

  static List<SpeechSegment> segments(List<VadUpdate> updates) {
    return updates.stream().flatMap(u -> u.segments().stream()).toList();
  }

  @Test
  void framesAreTheConsecutive512SampleSlicesWhateverTheChunksAndTheLastIsZeroPadded() {
    float[] samples = ramp(10 * 512 + 300);
    for (int maxChunk : new int[] {1, 7, 511, 512, 513, 4000, 20000}) {
      RecordingActivity activity = new RecordingActivity();
      VoiceActivityDetector detector = new VoiceActivityDetector(activity, VadConfig.defaults());
      List<VadUpdate> updates = feedInRandomChunks(detector, samples, maxChunk, maxChunk);
      assertEquals(11, activity.frames.size());
      for (int i = 0; i < 10; i++) {
        assertArrayEquals(Arrays.copyOfRange(samples, i * 512, (i + 1) * 512), activity.frames.get(i));
      }
      float[] last = Arrays.copyOf(Arrays.copyOfRange(samples, 10 * 512, samples.length), 512);
      assertArrayEquals(last, activity.frames.get(10));
      float[] expected = new float[11];
      for (int i = 0; i < 11; i++) {
        expected[i] = samples[i * 512];
      }
      assertArrayEquals(expected, probabilities(updates));
      assertEquals(samples.length, detector.samples());
    }
  }

  @Test
  void aStreamOfWholeFramesScoresNoExtraFrameAtTheEnd() {
    RecordingActivity activity = new RecordingActivity();
    VoiceActivityDetector detector = new VoiceActivityDetector(activity, VadConfig.defaults());
    detector.accept(ramp(3 * 512));
    VadUpdate last = detector.finish();
    assertEquals(3, last.firstFrame());
    assertEquals(0, last.probabilities().length);
    assertEquals(3, activity.frames.size());
  }

  @Test
  void finishEndsTheStreamUntilReset() {
    RecordingActivity activity = new RecordingActivity();
    VoiceActivityDetector detector = new VoiceActivityDetector(activity, VadConfig.defaults());
    float[] samples = ramp(5000);
    List<VadUpdate> first = feedInRandomChunks(detector, samples, 1, 900);
    assertThrows(IllegalStateException.class, () -> detector.accept(new float[10]));
    assertThrows(IllegalStateException.class, detector::finish);
    detector.reset();
    assertEquals(0, activity.frames.size(), "reset resets the scorer");
    assertEquals(0, detector.samples());
    List<VadUpdate> second = feedInRandomChunks(detector, samples, 2, 900);
    assertArrayEquals(probabilities(first), probabilities(second));
  }

  @Test
  void speechIsFoundInTheFrameScores() {
    // frames scored 0.9 from 1 s to 3 s of a 5 s stream
    float[] samples = new float[5 * VadFormat.SAMPLE_RATE];
    for (int frame = 0; frame < samples.length / 512; frame++) {
      samples[frame * 512] = frame * 512 >= 16000 && frame * 512 < 48000 ? 0.9f : 0.1f;
    }
    VoiceActivityDetector detector = new VoiceActivityDetector(new RecordingActivity(), VadConfig.defaults());
    List<VadUpdate> updates = feedInRandomChunks(detector, samples, 3, 3000);
    // first frame at or above 16000: 32 (16384); first silent frame: 94 (48128); padding 480 each side
    assertEquals(List.of(new SpeechSegment(16384 - 480, 48128 + 480)), segments(updates));
    assertEquals(
        List.of(new VadEvent(VadEvent.Type.SPEECH_STARTED, 15904), new VadEvent(VadEvent.Type.SPEECH_ENDED, 48608)),
        events(updates));
  }

  @Test
  void chunkBoundsAreChecked() {
    VoiceActivityDetector detector = new VoiceActivityDetector(new RecordingActivity(), VadConfig.defaults());
    assertThrows(IndexOutOfBoundsException.class, () -> detector.accept(new float[10], 5, 6));
  }
}
