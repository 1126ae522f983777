package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** WAV sample layouts, chunk handling and header errors. Rates are 16 kHz so samples come out unresampled. */
class WavDecoderTest {
  private static final AudioFormat ANY_WAV = new AudioFormat(AudioEncoding.WAV, 0, 0);
  private static final int RATE = AudioDecoders.TARGET_SAMPLE_RATE;

  @Test
  void eightBitPcmIsUnsigned() throws Exception {
    byte[] data = {(byte) 0x80, (byte) 0xFF, 0x00, 0x40};
    assertArrayEquals(
        new float[] {0f, 127 / 128f, -1f, -0.5f}, decode(TestAudio.wav(1, 1, RATE, 8, data)));
  }

  @Test
  void twentyFourBitPcm() throws Exception {
    byte[] data = {
      (byte) 0xFF, (byte) 0xFF, 0x7F, 0x00, 0x00, (byte) 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x40
    };
    float[] expected = {8388607 / 8388608f, -1f, 1 / 8388608f, 0.5f};
    assertArrayEquals(expected, decode(TestAudio.wav(1, 1, RATE, 24, data)));
  }

  @Test
  void thirtyTwoBitPcm() throws Exception {
    byte[] data = {
      0x00, 0x00, 0x00, (byte) 0x80, 0x00, 0x00, 0x00, (byte) 0xC0, 0x00, 0x00, 0x00, 0x20
    };
    assertArrayEquals(new float[] {-1f, -0.5f, 0.25f}, decode(TestAudio.wav(1, 1, RATE, 32, data)));
  }

  @Test
  void ieeeFloatAndItsExtensibleForm() throws Exception {
    float[] samples = {0.25f, -0.75f, 1f, -1f, 0.123f};
    byte[] data = TestAudio.float32(samples);
    assertArrayEquals(samples, decode(TestAudio.wav(3, 1, RATE, 32, data)));
    assertArrayEquals(
        samples, decode(new TestAudio.WavBuilder(3, 1, RATE, 32).extensible(3).data(data).build()));
  }

  @Test
  void g711InWav() throws Exception {
    byte[] codes = {0x00, (byte) 0x80, (byte) 0xD5, (byte) 0xAA};
    assertArrayEquals(
        new float[] {-32124 / 32768f, 32124 / 32768f, 716 / 32768f, 5372 / 32768f},
        decode(TestAudio.wav(7, 1, RATE, 8, codes)));
    assertArrayEquals(
        new float[] {-5504 / 32768f, 5504 / 32768f, 8 / 32768f, 32256 / 32768f},
        decode(TestAudio.wav(6, 1, RATE, 8, codes)));
  }

  @Test
  void extensibleMultichannelPcmIsAveraged() throws Exception {
    short[] pcm = new short[6 * 3];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (1000 * (i % 6)); // channels 0..5 hold 0, 1000 .. 5000: their mean is 2500
    }
    byte[] wav =
        new TestAudio.WavBuilder(1, 6, RATE, 16)
            .extensible(1)
            .data(TestAudio.linear16(pcm))
            .build();
    float[] expected = new float[3];
    Arrays.fill(
        expected,
        (0 + 1000 / 32768f + 2000 / 32768f + 3000 / 32768f + 4000 / 32768f + 5000 / 32768f) / 6);
    assertArrayEquals(expected, decode(wav));
  }

  @Test
  void otherChunksAreSkippedAndPaddingHonoured() throws Exception {
    byte[] data = TestAudio.linear16(new short[] {100, -200, 300});
    byte[] wav =
        new TestAudio.WavBuilder(1, 1, RATE, 16)
            .chunkBeforeData(
                "LIST",
                TestAudio.ascii("INFOISFT\u0005\u0000\u0000\u0000odd!!")) // odd size: pad byte
            .chunkBeforeData("fact", new byte[4])
            .data(data)
            .chunkAfterData("LIST", TestAudio.ascii("INFOICMT"))
            .build();
    assertArrayEquals(new float[] {100 / 32768f, -200 / 32768f, 300 / 32768f}, decode(wav));
  }

  @Test
  void declaredDataSizeEndsTheAudioButUnknownSizesRunToTheEnd() throws Exception {
    byte[] data = TestAudio.linear16(new short[] {1, 2, 3, 4});
    float[] all = {1 / 32768f, 2 / 32768f, 3 / 32768f, 4 / 32768f};
    assertArrayEquals(
        Arrays.copyOf(all, 2),
        decode(new TestAudio.WavBuilder(1, 1, RATE, 16).data(data).declaredDataSize(4).build()));
    assertArrayEquals(
        all,
        decode(new TestAudio.WavBuilder(1, 1, RATE, 16).data(data).declaredDataSize(0).build()));
    assertArrayEquals(
        all,
        decode(
            new TestAudio.WavBuilder(1, 1, RATE, 16)
                .data(data)
                .declaredDataSize(0xFFFFFFFFL)
                .build()));
    // a streaming writer's guess that the stream never reaches
    assertArrayEquals(
        all,
        decode(
            new TestAudio.WavBuilder(1, 1, RATE, 16).data(data).declaredDataSize(1 << 20).build()));
  }

  @Test
  void headerFedOneByteAtATime() throws Exception {
    byte[] wav =
        new TestAudio.WavBuilder(1, 2, 44_100, 16)
            .extensible(1)
            .chunkBeforeData("LIST", new byte[13])
            .data(
                TestAudio.linear16(
                    TestAudio.toInt16(TestAudio.tones(44_100, 4410, 0.5f, 300, 500))))
            .build();
    float[] whole = decode(wav);
    try (AudioDecoder decoder = AudioDecoders.open(ANY_WAV)) {
      FloatList out = new FloatList(whole.length);
      for (int i = 0; i < wav.length; i++) {
        out.addAll(decoder.decode(wav, i, 1));
      }
      out.addAll(decoder.finish());
      assertArrayEquals(whole, out.toArray());
    }
  }

  @Test
  void headerMustAgreeWithTheRequest() {
    byte[] wav = TestAudio.wav(1, 2, 44_100, 16, new byte[8]);
    assertMessage(
        "WAV header says 44100 Hz but the request says 16000 Hz",
        new AudioFormat(AudioEncoding.WAV, 16_000, 0),
        wav);
    assertMessage(
        "WAV header says 2 channel(s) but the request says 1",
        new AudioFormat(AudioEncoding.WAV, 44_100, 1),
        wav);
  }

  @Test
  void malformedHeadersAreRejectedWithWhatIsWrong() {
    byte[] ogg =
        Arrays.copyOf(TestAudio.ascii("OggS\u0000\u0002\u0000\u0000\u0000\u0000\u0000\u0000"), 64);
    assertMessage("not a RIFF/WAVE file: it starts with \"OggS\"", ANY_WAV, ogg);
    assertMessage(
        "not a RIFF/WAVE file: it starts with bytes FF FB 90 64",
        ANY_WAV,
        new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0});
    byte[] avi = TestAudio.wav(1, 1, RATE, 16, new byte[2]);
    System.arraycopy(TestAudio.ascii("AVI "), 0, avi, 8, 4);
    assertMessage("not a RIFF/WAVE file: its RIFF form type is \"AVI \"", ANY_WAV, avi);
    assertMessage(
        "unsupported WAV format tag 85 (0x0055); supported: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law,"
            + " 0xFFFE extensible of these",
        ANY_WAV,
        TestAudio.wav(0x55, 1, RATE, 16, new byte[2]));
    assertMessage(
        "unsupported WAV format tag 2 (0x0002); supported: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law,"
            + " 0xFFFE extensible of these",
        ANY_WAV,
        new TestAudio.WavBuilder(1, 1, RATE, 4)
            .blockAlign(1)
            .extensible(2)
            .data(new byte[2])
            .build());
    assertMessage(
        "unsupported WAV PCM bit depth 12; 8, 16, 24 or 32 supported",
        ANY_WAV,
        TestAudio.wav(1, 1, RATE, 12, new byte[2]));
    assertMessage(
        "unsupported WAV IEEE float bit depth 64; 32 supported",
        ANY_WAV,
        TestAudio.wav(3, 1, RATE, 64, new byte[8]));
    assertMessage(
        "WAV header: block align 3 does not match 2 channel(s) of 16-bit PCM (4 bytes)",
        ANY_WAV,
        new TestAudio.WavBuilder(1, 2, RATE, 16).blockAlign(3).data(new byte[4]).build());
    assertMessage(
        "WAV header: sample rate 1000000 Hz is out of range: 8000 to 192000 Hz accepted",
        ANY_WAV,
        TestAudio.wav(1, 1, 1_000_000, 16, new byte[2]));
    assertMessage(
        "WAV header: sample rate 0 Hz is out of range: 8000 to 192000 Hz accepted",
        ANY_WAV,
        TestAudio.wav(1, 1, 0, 16, new byte[2]));
    assertMessage(
        "WAV header: sample rate 4294967295 Hz is out of range: 8000 to 192000 Hz accepted",
        ANY_WAV,
        TestAudio.wav(1, 1, 0xFFFFFFFF, 16, new byte[2]));
    assertMessage(
        "WAV header: 9 channels is out of range: 1 to 8 accepted",
        ANY_WAV,
        TestAudio.wav(1, 9, RATE, 16, new byte[18]));
    assertMessage(
        "WAV header: 0 channels is out of range: 1 to 8 accepted",
        ANY_WAV,
        TestAudio.wav(1, 0, RATE, 16, new byte[2]));
  }

  @Test
  void misplacedOrMissingChunksAreRejected() {
    byte[] wav = TestAudio.wav(1, 1, RATE, 16, new byte[4]);
    byte[] dataFirst = Arrays.copyOf(wav, 12 + 8);
    System.arraycopy(TestAudio.ascii("data"), 0, dataFirst, 12, 4);
    assertMessage("WAV data chunk comes before the fmt chunk", ANY_WAV, dataFirst);
    byte[] shortFmt = wav.clone();
    shortFmt[16] = 14;
    assertMessage("WAV fmt chunk is 14 bytes; 16 to 1024 expected", ANY_WAV, shortFmt);
    assertMessage(
        "WAV ended after 30 bytes, before its data chunk", ANY_WAV, Arrays.copyOf(wav, 30));
    assertMessage(
        "WAV ended after 36 bytes, before its data chunk", ANY_WAV, Arrays.copyOf(wav, 36));
    assertMessage("WAV stream is empty", ANY_WAV, new byte[0]);
  }

  @Test
  void dataEndingInsideAFrameIsRejectedByFinish() throws Exception {
    byte[] wav = TestAudio.wav(1, 2, RATE, 16, new byte[4 * 10 + 3]);
    try (AudioDecoder decoder = AudioDecoders.open(ANY_WAV)) {
      assertEquals(10, decoder.decode(wav).length);
      InvalidAudioException error = assertThrows(InvalidAudioException.class, decoder::finish);
      assertEquals(
          "WAV data ends with a partial frame: 3 bytes left over where a frame is 4 bytes"
              + " (2 channels of 16-bit PCM)",
          error.getMessage());
    }
  }

  private static float[] decode(byte[] wav)
      throws InvalidAudioException, AudioLimitExceededException {
    return AudioDecoders.decodeAll(ANY_WAV, wav);
  }

  private static void assertMessage(String expected, AudioFormat format, byte[] audio) {
    InvalidAudioException error =
        assertThrows(InvalidAudioException.class, () -> AudioDecoders.decodeAll(format, audio));
    assertEquals(expected, error.getMessage());
  }
}
