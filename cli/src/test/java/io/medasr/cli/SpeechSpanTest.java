package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medasr.client.InvalidArgumentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The energy detector of speech start and end, on WAV files with known silence and tone boundaries. */
class SpeechSpanTest {
  @TempDir Path dir;

  private static Optional<SpeechSpan> detect(Path wav) throws IOException {
    PcmWav audio = PcmWav.read(Files.readAllBytes(wav));
    return SpeechSpan.detect(audio.monoSamples(), audio.sampleRate());
  }

  @Test
  void speechRunsFromTheFirstToTheLastFrameAboveTheThreshold() throws IOException {
    // 0.5 s silence, 1.0 s tone, 0.5 s silence: frames 50 to 149 hold the tone
    Path wav = TestWavs.toneBetweenSilences(dir.resolve("a.wav"), 0.5, 1.0, 0.5, 440, 8000);
    assertEquals(Optional.of(new SpeechSpan(0.5, 1.5)), detect(wav));
  }

  @Test
  void boundariesInsideAFrameCountTheWholeFrame() throws IOException {
    // the tone starts 5 ms into frame 12 and ends 5 ms into frame 37 (0.125 s + 0.25 s = 0.375 s)
    Path wav = TestWavs.toneBetweenSilences(dir.resolve("a.wav"), 0.125, 0.25, 0.125, 440, 8000);
    assertEquals(Optional.of(new SpeechSpan(0.12, 0.38)), detect(wav));
  }

  @Test
  void theThresholdIsFortyDecibelsBelowTheLoudestFrame() throws IOException {
    short[] pcm = new short[16000]; // 1 s
    fill(pcm, 0.1, 0.2, 60);     // -42.5 dB below the loud tone: not speech
    fill(pcm, 0.3, 0.4, 100);    // -38 dB: speech
    fill(pcm, 0.5, 0.7, 8000);   // the loudest
    fill(pcm, 0.8, 0.9, 60);     // not speech
    Path wav = TestWavs.write(dir.resolve("a.wav"), pcm);
    assertEquals(Optional.of(new SpeechSpan(0.3, 0.7)), detect(wav));
  }

  @Test
  void steadyNoiseAroundTheSpeechIsNotSpeech() throws IOException {
    short[] pcm = new short[32000]; // 2 s of noise at -35 dB below the tone, the tone from 0.5 s to 1.5 s
    Random random = new Random(7);
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(100 * random.nextGaussian());
    }
    for (int i = 8000; i < 24000; i++) {
      pcm[i] += (short) Math.round(8000 * Math.sin(2 * Math.PI * 500 * i / 16000));
    }
    Path wav = TestWavs.write(dir.resolve("noisy.wav"), pcm);
    assertEquals(Optional.of(new SpeechSpan(0.5, 1.5)), detect(wav));
  }

  @Test
  void aRecordingWithoutPausesIsSpeechThroughout() throws IOException {
    assertEquals(Optional.of(new SpeechSpan(0.0, 1.0)), detect(TestWavs.tone(dir.resolve("tone.wav"), 1.0, 440)));
  }

  @Test
  void digitalSilenceAndNearSilenceHaveNoSpeech() throws IOException {
    assertEquals(Optional.empty(), detect(TestWavs.write(dir.resolve("zero.wav"), new short[16000])));
    short[] hum = new short[16000];
    fill(hum, 0.2, 0.4, 4); // RMS 8.6e-5 of full scale: under the 1e-4 floor
    assertEquals(Optional.empty(), detect(TestWavs.write(dir.resolve("hum.wav"), hum)));
  }

  @Test
  void framesAreTenMillisecondsAtAnyRateAndChannelsAreAveraged() {
    // 8 kHz stereo 24-bit: frames of 80 samples; the tone is in the left channel from 0.25 s to 0.5 s
    int rate = 8000;
    int frames = rate; // 1 s
    ByteBuffer wav = ByteBuffer.allocate(44 + frames * 6).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(36 + frames * 6).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate)
        .putInt(rate * 6).putShort((short) 6).putShort((short) 24)
        .put("data".getBytes()).putInt(frames * 6);
    for (int i = 0; i < frames; i++) {
      int left = i >= 2000 && i < 4000 ? (int) Math.round(2_000_000 * Math.sin(2 * Math.PI * 300 * i / rate)) : 0;
      put24(wav, left);
      put24(wav, 0);
    }
    PcmWav audio = PcmWav.read(wav.array());
    assertEquals(1.0, audio.seconds());
    assertEquals(Optional.of(new SpeechSpan(0.25, 0.5)), SpeechSpan.detect(audio.monoSamples(), rate));
  }

  @Test
  void theStreamedFileEndsWithSilenceAndSaysSoInItsHeader() throws IOException {
    Path wav = TestWavs.tone(dir.resolve("a.wav"), 0.1, 440);
    byte[] file = Files.readAllBytes(wav);
    byte[] streamed = PcmWav.read(file).withTrailingSilence(1500);
    assertEquals(file.length + 48000, streamed.length);
    ByteBuffer header = ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(streamed.length - 8, header.getInt(4));
    assertEquals(3200 + 48000, header.getInt(40));
    assertArrayEquals(new byte[48000], java.util.Arrays.copyOfRange(streamed, file.length, streamed.length));
  }

  @Test
  void compressedWavIsRefusedWithAMessage() {
    ByteBuffer wav = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(38).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1).putInt(8000)
        .putInt(8000).putShort((short) 1).putShort((short) 8)
        .put("data".getBytes()).putInt(2).put((byte) 0xFF).put((byte) 0xFF);
    var error = assertThrows(InvalidArgumentException.class, () -> PcmWav.read(wav.array()));
    assertEquals("bench reads PCM WAV of 8, 16, 24 or 32 bits and 32-bit float WAV only; this one has format tag 7,"
        + " 8 bits, 1 channels", error.description());
  }

  private static void fill(short[] pcm, double fromSeconds, double toSeconds, double amplitude) {
    for (int i = (int) Math.round(fromSeconds * 16000); i < Math.round(toSeconds * 16000); i++) {
      pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 500 * i / 16000));
    }
  }

  private static void put24(ByteBuffer buffer, int sample) {
    buffer.put((byte) sample).put((byte) (sample >> 8)).put((byte) (sample >> 16));
  }
}
