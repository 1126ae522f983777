package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medasr.client.InvalidArgumentException;
import io.medasr.client.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class WavFormatTest {

  @Test
  void readsTheRateOfARealRecording() throws IOException {
    WavFormat format = WavFormat.read(Files.readAllBytes(TestData.speechWav()));
    assertEquals(new WavFormat(32000, 2), format);
    assertEquals(3200, format.bytesFor(100));
    assertEquals(320, format.bytesFor(10));
  }

  @Test
  void skipsChunksBeforeFmtIncludingOddSizedOnesAndCutsWholeFrames() {
    ByteBuffer wav = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(56).put("WAVE".getBytes());
    wav.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0}); // odd size: one pad byte
    wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2)
        .putInt(44100).putInt(44100 * 6).putShort((short) 6).putShort((short) 24);
    WavFormat format = WavFormat.read(wav.array());
    assertEquals(new WavFormat(264600, 6), format);
    assertEquals(26460, format.bytesFor(100));
    assertEquals(2646 - 2646 % 6, format.bytesFor(10));
  }

  @Test
  void aHeaderWithoutFmtIsRejected() {
    ByteBuffer wav = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes()).putInt(12).put("WAVE".getBytes()).put("data".getBytes()).putInt(0);
    var error = assertThrows(InvalidArgumentException.class, () -> WavFormat.read(wav.array()));
    assertEquals("the WAV header has no fmt chunk", error.description());
  }
}
