package io.medasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Every G.711 code through the public decoder (16 kHz mono, so no resampling) against the standard: the
 * reference is computed here from the segment/mantissa description of ITU-T G.711, written independently of
 * the production table, and a handful of codes are pinned to their published 16-bit values.
 */
class G711Test {

  @Test
  void muLawDecodesAll256CodesToTheStandardValues() throws Exception {
    float[] decoded = decodeAllCodes(AudioEncoding.MULAW);
    float[] expected = new float[256];
    for (int code = 0; code < 256; code++) {
      int bits = 255 - code; // µ-law is transmitted with all bits inverted
      int exponent = (bits / 16) % 8;
      int mantissa = bits % 16;
      int magnitude14 = (2 * mantissa + 33) * (1 << exponent) - 33; // 0 .. 8031
      int value16 = 4 * (bits >= 128 ? -magnitude14 : magnitude14);
      expected[code] = value16 / 32768f;
    }
    assertArrayEquals(expected, decoded);
  }

  @Test
  void aLawDecodesAll256CodesToTheStandardValues() throws Exception {
    float[] decoded = decodeAllCodes(AudioEncoding.ALAW);
    float[] expected = new float[256];
    for (int code = 0; code < 256; code++) {
      int bits = code ^ 0b0101_0101; // A-law inverts the even bits
      int segment = (bits / 16) % 8;
      int mantissa = bits % 16;
      int magnitude13 =
          segment == 0 ? 2 * mantissa + 1 : (2 * mantissa + 33) * (1 << (segment - 1)); // 1 .. 4032
      int value16 = 8 * (bits >= 128 ? magnitude13 : -magnitude13);
      expected[code] = value16 / 32768f;
    }
    assertArrayEquals(expected, decoded);
  }

  @Test
  void knownMuLawCodes() throws Exception {
    float[] decoded = decodeAllCodes(AudioEncoding.MULAW);
    assertEquals(-32124, decoded[0x00] * 32768f);
    assertEquals(0, decoded[0x7F] * 32768f);
    assertEquals(32124, decoded[0x80] * 32768f);
    assertEquals(0, decoded[0xFF] * 32768f);
    assertEquals(-716, decoded[0x55] * 32768f);
    assertEquals(716, decoded[0xD5] * 32768f);
    assertEquals(-8, decoded[0x7E] * 32768f);
  }

  @Test
  void knownALawCodes() throws Exception {
    float[] decoded = decodeAllCodes(AudioEncoding.ALAW);
    assertEquals(8, decoded[0xD5] * 32768f);
    assertEquals(-8, decoded[0x55] * 32768f);
    assertEquals(32256, decoded[0xAA] * 32768f);
    assertEquals(-32256, decoded[0x2A] * 32768f);
    assertEquals(5504, decoded[0x80] * 32768f);
    assertEquals(-5504, decoded[0x00] * 32768f);
  }

  private static float[] decodeAllCodes(AudioEncoding encoding) throws Exception {
    byte[] codes = new byte[256];
    for (int code = 0; code < 256; code++) {
      codes[code] = (byte) code;
    }
    return AudioDecoders.decodeAll(
        new AudioFormat(encoding, AudioDecoders.TARGET_SAMPLE_RATE, 1), codes);
  }
}
