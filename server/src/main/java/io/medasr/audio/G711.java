package io.medasr.audio;

/**
 * ITU-T G.711 expansion of µ-law and A-law codes to linear samples. Immutable tables; thread-safe.
 *
 * <p>Linear values are those of the standard's 14-bit (µ-law) and 13-bit (A-law) decoders, scaled to 16 bits
 * (so the largest magnitudes are 32124 and 32256), then divided by 32768 like any 16-bit PCM.
 */
final class G711 {
  private static final float[] MULAW = new float[256];
  private static final float[] ALAW = new float[256];

  static {
    for (int code = 0; code < 256; code++) {
      MULAW[code] = muLawToLinear16(code) / 32768f;
      ALAW[code] = aLawToLinear16(code) / 32768f;
    }
  }

  private G711() {}

  static float mulaw(int code) {
    return MULAW[code & 0xFF];
  }

  static float alaw(int code) {
    return ALAW[code & 0xFF];
  }

  /** µ-law codes are transmitted inverted; magnitude = ((2 * mantissa + 33) << segment) - 33 in 14-bit units. */
  private static int muLawToLinear16(int code) {
    int inverted = ~code & 0xFF;
    int segment = (inverted >> 4) & 0x07;
    int mantissa = inverted & 0x0F;
    int magnitude = (((mantissa << 3) + 0x84) << segment) - 0x84;
    return (inverted & 0x80) != 0 ? -magnitude : magnitude;
  }

  /** A-law codes have their even bits inverted (XOR 0x55); sign bit set means positive. */
  private static int aLawToLinear16(int code) {
    int toggled = code ^ 0x55;
    int segment = (toggled >> 4) & 0x07;
    int mantissa = toggled & 0x0F;
    int magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
    return (toggled & 0x80) != 0 ? magnitude : -magnitude;
  }
}
