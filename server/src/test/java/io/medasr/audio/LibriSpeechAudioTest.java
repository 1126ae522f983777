package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real speech: the LibriSpeech sample WAVs (16 kHz mono 16-bit) and their FLAC originals. */
class LibriSpeechAudioTest {

  @Test
  void wavFilesDecodeToTheirPcmSamples() throws Exception {
    List<Path> wavs = files(TestAudio.speechData("librispeech-sample").resolve("wav"), ".wav");
    assertEquals(7, wavs.size());
    Random random = new Random(11);
    for (Path wav : wavs) {
      float[] expected = pcm16Samples(Files.readAllBytes(wav));
      assertTrue(expected.length > 16_000, wav + " is shorter than a second");
      assertArrayEquals(expected, AudioDecoders.readFile(wav), wav.toString());
      float[] chunked =
          TestAudio.decodeInRandomChunks(
              AudioDecoders.open(new AudioFormat(AudioEncoding.WAV, 16_000, 1)),
              Files.readAllBytes(wav),
              random,
              3_200);
      assertArrayEquals(expected, chunked, wav + " in random chunks");
    }
  }

  @Test
  void flacOriginalsDecodeToTheSamplesOfTheirWavTwins() throws Exception {
    Ffmpeg ffmpeg = TestAudio.requireFfmpeg();
    Path set = TestAudio.speechData("librispeech-sample");
    List<Path> flacs = files(set.resolve("orig"), ".flac");
    assertEquals(4, flacs.size());
    Random random = new Random(3);
    for (Path flac : flacs) {
      String id = flac.getFileName().toString().replace(".flac", "");
      float[] expected = AudioDecoders.readFile(set.resolve("wav").resolve(id + ".wav"));
      assertArrayEquals(expected, AudioDecoders.readFile(flac), id);
      if (id.equals(
          "1089-134691-0000")) { // one file is enough to show chunking does not matter here either
        float[] chunked =
            TestAudio.decodeInRandomChunks(
                AudioDecoders.open(new AudioFormat(AudioEncoding.FLAC, 0, 0), ffmpeg),
                Files.readAllBytes(flac),
                random,
                4_000);
        assertArrayEquals(expected, chunked, id + " in random chunks");
      }
    }
  }

  /** Reads the data chunk of a 16-bit PCM WAV directly: int16 / 32768, walking the chunks. */
  private static float[] pcm16Samples(byte[] wav) {
    ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
    int position = 12;
    while (!new String(wav, position, 4, StandardCharsets.US_ASCII).equals("data")) {
      position += 8 + buffer.getInt(position + 4);
    }
    int samples = buffer.getInt(position + 4) / 2;
    float[] result = new float[samples];
    for (int i = 0; i < samples; i++) {
      result[i] = buffer.getShort(position + 8 + 2 * i) / 32768f;
    }
    return result;
  }

  private static List<Path> files(Path folder, String suffix) throws Exception {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
