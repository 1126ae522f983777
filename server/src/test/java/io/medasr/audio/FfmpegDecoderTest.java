package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ffmpeg pipe: the missing-tool error (always runs) and real decoding (skipped without ffmpeg). */
class FfmpegDecoderTest {

  @Test
  void missingFfmpegIsNamedInTheError() {
    Ffmpeg absent = Ffmpeg.at(Path.of("/nonexistent/bin/ffmpeg"));
    assertFalse(absent.isAvailable());
    for (AudioEncoding encoding :
        new AudioEncoding[] {AudioEncoding.FLAC, AudioEncoding.OGG_OPUS, AudioEncoding.MP3}) {
      InvalidAudioException error =
          assertThrows(
              InvalidAudioException.class,
              () -> AudioDecoders.open(new AudioFormat(encoding, 0, 0), absent));
      assertEquals(
          "ffmpeg is not installed on the server (no executable at /nonexistent/bin/ffmpeg); "
              + encoding
              + " audio needs it. Send LINEAR16, FLOAT32, MULAW, ALAW or WAV instead.",
          error.getMessage());
    }
  }

  @Test
  void pathSearchFindsOnlyAnExecutableNamedFfmpeg(@TempDir Path folder) throws Exception {
    Path empty = Files.createDirectory(folder.resolve("empty"));
    Path bin = Files.createDirectory(folder.resolve("bin"));
    Path fake = Files.writeString(bin.resolve("ffmpeg"), "#!/bin/sh\n");
    String path = empty + File.pathSeparator + File.pathSeparator + bin;
    assertFalse(Ffmpeg.search(path).isAvailable(), "not executable yet");
    assertTrue(fake.toFile().setExecutable(true));
    assertEquals(fake, Ffmpeg.search(path).executable().orElseThrow());
    InvalidAudioException error =
        assertThrows(
            InvalidAudioException.class,
            () ->
                AudioDecoders.open(
                    new AudioFormat(AudioEncoding.MP3, 0, 0), Ffmpeg.search(empty.toString())));
    assertEquals(
        "ffmpeg is not installed on the server (not found on PATH); MP3 audio needs it."
            + " Send LINEAR16, FLOAT32, MULAW, ALAW or WAV instead.",
        error.getMessage());
  }

  @Test
  void formatsWithoutFfmpegNeverAskForIt() throws Exception {
    Ffmpeg absent = Ffmpeg.at(Path.of("/nonexistent/bin/ffmpeg"));
    try (AudioDecoder decoder =
        AudioDecoders.open(new AudioFormat(AudioEncoding.WAV, 0, 0), absent)) {
      assertEquals(1, decoder.decode(TestAudio.wav(1, 1, 16_000, 16, new byte[2])).length);
    }
  }

  @Test
  void rejectedStreamsAreExplainedInOurWordsAndFfmpegsOnlyInTheLog() throws Exception {
    Ffmpeg ffmpeg = TestAudio.requireFfmpeg();
    byte[] garbage = new byte[3_000];
    new Random(5).nextBytes(garbage);
    Logger log = Logger.getLogger(FfmpegDecoder.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level levelBefore = log.getLevel();
    log.setLevel(Level.FINE);
    log.addHandler(handler);
    try {
      for (AudioEncoding encoding : new AudioEncoding[] {AudioEncoding.FLAC, AudioEncoding.MP3}) {
        records.clear();
        InvalidAudioException error =
            assertThrows(
                InvalidAudioException.class,
                () -> {
                  try (AudioDecoder decoder =
                      AudioDecoders.open(new AudioFormat(encoding, 0, 0), ffmpeg)) {
                    decoder.decode(garbage);
                    decoder.finish();
                  }
                });
        assertEquals(
            "the " + encoding + " stream could not be decoded (ffmpeg rejected it)",
            error.getMessage());
        assertEquals(1, records.size(), encoding + " log records");
        String logged = records.get(0).getMessage();
        String stderr = logged.substring(logged.indexOf("): ") + 3);
        assertTrue(logged.startsWith("ffmpeg rejected the " + encoding + " stream ("), logged);
        assertFalse(stderr.isBlank(), "ffmpeg's own words are logged: " + logged);
        assertFalse(error.getMessage().contains(stderr), error.getMessage());
        assertFalse(error.getMessage().contains("0x"), error.getMessage());
      }
    } finally {
      log.removeHandler(handler);
      log.setLevel(levelBefore);
    }
  }

  @Test
  void opusAndMp3OfAStereoToneDecodeToItsAverage(@TempDir Path folder) throws Exception {
    Ffmpeg ffmpeg = TestAudio.requireFfmpeg();
    int rate = 48_000;
    int frames = rate * 3 / 2;
    byte[] pcm =
        TestAudio.linear16(TestAudio.toInt16(TestAudio.tones(rate, frames, 0.5f, 440, 1000)));
    Path wav = folder.resolve("tone.wav");
    Files.write(wav, TestAudio.wav(1, 2, rate, 16, pcm));
    for (String name : new String[] {"tone.opus", "tone.mp3"}) {
      Path encoded = folder.resolve(name);
      encode(ffmpeg, wav, encoded);
      float[] decoded = AudioDecoders.readFile(encoded);
      // 1.5 s; lossy codecs may keep a few ms of encoder padding
      assertEquals(24_000, decoded.length, 800, name);
      double[] spectrum = TestAudio.amplitudeSpectrum(decoded, 2_000, 16_000);
      assertEquals(0.25, spectrum[440], 0.03, name + " 440 Hz");
      assertEquals(0.25, spectrum[1000], 0.03, name + " 1000 Hz");
    }
  }

  @Test
  void losslessFlacAt44kStereoDecodesExactlyLikeItsWav(@TempDir Path folder) throws Exception {
    Ffmpeg ffmpeg = TestAudio.requireFfmpeg();
    int rate = 44_100;
    byte[] pcm =
        TestAudio.linear16(TestAudio.toInt16(TestAudio.tones(rate, rate / 2 + 3, 0.5f, 440, 1000)));
    Path wav = folder.resolve("tone.wav");
    Files.write(wav, TestAudio.wav(1, 2, rate, 16, pcm));
    Path flac = folder.resolve("tone.flac");
    encode(ffmpeg, wav, flac);
    assertArrayEquals(AudioDecoders.readFile(wav), AudioDecoders.readFile(flac));
  }

  private static void encode(Ffmpeg ffmpeg, Path wav, Path output) throws Exception {
    TestAudio.runFfmpeg(ffmpeg, "-i", wav.toString(), output.toString());
  }
}
