package io.medasr.audio;

/** The byte layout of one sample and its conversion to float. Little-endian throughout. Thread-safe. */
enum SampleFormat {
  UNSIGNED_8(1, "8-bit unsigned PCM") {
    @Override
    float read(byte[] bytes, int offset) {
      return ((bytes[offset] & 0xFF) - 128) / 128f;
    }
  },
  SIGNED_16(2, "16-bit PCM") {
    @Override
    float read(byte[] bytes, int offset) {
      return (short) ((bytes[offset] & 0xFF) | (bytes[offset + 1] << 8)) / 32768f;
    }
  },
  SIGNED_24(3, "24-bit PCM") {
    @Override
    float read(byte[] bytes, int offset) {
      int value =
          (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8) | (bytes[offset + 2] << 16);
      return value / 8388608f;
    }
  },
  SIGNED_32(4, "32-bit PCM") {
    @Override
    float read(byte[] bytes, int offset) {
      return (float) (int32(bytes, offset) / 2147483648.0);
    }
  },
  FLOAT_32(4, "32-bit float") {
    @Override
    float read(byte[] bytes, int offset) {
      return Float.intBitsToFloat(int32(bytes, offset));
    }
  },
  MULAW(1, "µ-law") {
    @Override
    float read(byte[] bytes, int offset) {
      return G711.mulaw(bytes[offset]);
    }
  },
  ALAW(1, "A-law") {
    @Override
    float read(byte[] bytes, int offset) {
      return G711.alaw(bytes[offset]);
    }
  };

  final int bytesPerSample;
  final String description;

  SampleFormat(int bytesPerSample, String description) {
    this.bytesPerSample = bytesPerSample;
    this.description = description;
  }

  /** The sample starting at {@code offset}; float formats may return NaN or infinity, checked by the caller. */
  abstract float read(byte[] bytes, int offset);

  static SampleFormat of(AudioEncoding rawEncoding) {
    return switch (rawEncoding) {
      case LINEAR16 -> SIGNED_16;
      case MULAW -> MULAW;
      case ALAW -> ALAW;
      case FLOAT32 -> FLOAT_32;
      default -> throw new IllegalArgumentException(rawEncoding + " is not a raw sample encoding");
    };
  }

  private static int int32(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF)
        | ((bytes[offset + 1] & 0xFF) << 8)
        | ((bytes[offset + 2] & 0xFF) << 16)
        | (bytes[offset + 3] << 24);
  }
}
