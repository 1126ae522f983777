package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Declared formats and raw streams that are rejected, each with its exact message and where it is detected. */
class RawAudioErrorsTest {

  @Test
  void missingOrAbsurdSampleRates() {
    assertFormatRejected(
        "LINEAR16 audio needs its sample rate (8000 to 192000 Hz); none was given",
        AudioEncoding.LINEAR16,
        0,
        1);
    assertFormatRejected(
        "sample rate 1000000 Hz is out of range: 8000 to 192000 Hz accepted",
        AudioEncoding.LINEAR16,
        1_000_000,
        1);
    assertFormatRejected(
        "sample rate -16000 Hz is out of range: 8000 to 192000 Hz accepted",
        AudioEncoding.MULAW,
        -16_000,
        1);
    assertFormatRejected(
        "sample rate 7999 Hz is out of range: 8000 to 192000 Hz accepted",
        AudioEncoding.FLOAT32,
        7_999,
        1);
    assertFormatRejected(
        "sample rate 200000 Hz is out of range: 8000 to 192000 Hz accepted",
        AudioEncoding.WAV,
        200_000,
        0);
  }

  @Test
  void missingOrAbsurdChannelCounts() {
    assertFormatRejected(
        "ALAW audio needs its channel count (1 to 8); none was given", AudioEncoding.ALAW, 8000, 0);
    assertFormatRejected(
        "9 channels is out of range: 1 to 8 accepted", AudioEncoding.LINEAR16, 16000, 9);
    assertFormatRejected("-1 channels is out of range: 1 to 8 accepted", AudioEncoding.FLAC, 0, -1);
  }

  @Test
  void boundaryFormatsAreAccepted() throws Exception {
    AudioFormat.of(AudioEncoding.LINEAR16, 8_000, 1);
    AudioFormat.of(AudioEncoding.FLOAT32, 192_000, 8);
    AudioFormat.of(AudioEncoding.WAV, 0, 0);
    AudioFormat.of(AudioEncoding.OGG_OPUS, 0, 0);
  }

  @Test
  void constructorRejectsTheSameWayWithIllegalArgument() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AudioFormat(AudioEncoding.LINEAR16, 1_000_000, 1));
    assertEquals(
        "sample rate 1000000 Hz is out of range: 8000 to 192000 Hz accepted", error.getMessage());
    assertEquals(
        "the audio encoding is not set",
        assertThrows(IllegalArgumentException.class, () -> new AudioFormat(null, 16_000, 1))
            .getMessage());
  }

  @Test
  void oddByteCountOfLinear16IsReportedByFinish() throws Exception {
    try (AudioDecoder decoder =
        AudioDecoders.open(new AudioFormat(AudioEncoding.LINEAR16, 16_000, 1))) {
      assertEquals(
          2, decoder.decode(new byte[] {1, 0, 2, 0, 3}).length); // the odd byte waits for its pair
      InvalidAudioException error = assertThrows(InvalidAudioException.class, decoder::finish);
      assertEquals(
          "LINEAR16 audio ends with a partial frame: 1 byte left over where a frame is 2 bytes"
              + " (1 channel of 16-bit PCM)",
          error.getMessage());
    }
  }

  @Test
  void partialStereoFloatFrameIsReportedByFinish() throws Exception {
    byte[] audio = TestAudio.float32(new float[] {0.1f, 0.2f, 0.3f});
    InvalidAudioException error =
        assertThrows(
            InvalidAudioException.class,
            () ->
                AudioDecoders.decodeAll(new AudioFormat(AudioEncoding.FLOAT32, 16_000, 2), audio));
    assertEquals(
        "FLOAT32 audio ends with a partial frame: 4 bytes left over where a frame is 8 bytes"
            + " (2 channels of 32-bit float)",
        error.getMessage());
  }

  @Test
  void nonFiniteFloatSamplesAreRejectedByDecode() throws Exception {
    AudioFormat stereo = new AudioFormat(AudioEncoding.FLOAT32, 48_000, 2);
    try (AudioDecoder decoder = AudioDecoders.open(stereo)) {
      decoder.decode(TestAudio.float32(new float[] {0f, 0f, 0.5f, -0.5f}));
      InvalidAudioException error =
          assertThrows(
              InvalidAudioException.class,
              () -> decoder.decode(TestAudio.float32(new float[] {0.1f, Float.NaN})));
      assertEquals(
          "FLOAT32 audio has a non-finite sample (NaN) at frame 2, channel 1", error.getMessage());
    }
    InvalidAudioException infinite =
        assertThrows(
            InvalidAudioException.class,
            () ->
                AudioDecoders.decodeAll(
                    new AudioFormat(AudioEncoding.FLOAT32, 16_000, 1),
                    TestAudio.float32(new float[] {Float.NEGATIVE_INFINITY})));
    assertEquals(
        "FLOAT32 audio has a non-finite sample (-Infinity) at frame 0, channel 0",
        infinite.getMessage());
  }

  @Test
  void hugeFloatSamplesAreClippedBeforeChannelsAreMixedAndResampled() throws Exception {
    // each sample is finite, but their sum is not: the fuzzer's input that once reached the log-mel as NaN
    float huge = 3e38f;
    float[] stereo = new float[2 * 4800];
    java.util.Arrays.fill(stereo, huge);
    float[] decoded = AudioDecoders.decodeAll(new AudioFormat(AudioEncoding.FLOAT32, 48_000, 2),
        TestAudio.float32(stereo));
    assertEquals(1600, decoded.length);
    for (float sample : decoded) {
      assertTrue(Float.isFinite(sample) && Math.abs(sample) <= 1f, "sample " + sample);
    }
    assertEquals(1f, decoded[800]);
  }

  @Test
  void outOfRangeFloatSamplesAreClampedNotRejected() throws Exception {
    float[] decoded =
        AudioDecoders.decodeAll(
            new AudioFormat(AudioEncoding.FLOAT32, 16_000, 1),
            TestAudio.float32(new float[] {1.5f, -3f, 0.5f}));
    assertArrayEquals(new float[] {1f, -1f, 0.5f}, decoded);
  }

  private static void assertFormatRejected(
      String message, AudioEncoding encoding, int rate, int channels) {
    InvalidAudioException error =
        assertThrows(InvalidAudioException.class, () -> AudioFormat.of(encoding, rate, channels));
    assertEquals(message, error.getMessage());
  }
}
