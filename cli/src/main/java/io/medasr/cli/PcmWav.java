package io.medasr.cli;

import io.medasr.client.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A PCM WAV file read whole for {@code bench}: its samples, to find the speech in them, and its bytes with
 * trailing digital silence, to stream. Reads integer PCM of 8, 16, 24 or 32 bits and 32-bit float, plain or
 * WAVE_FORMAT_EXTENSIBLE. Immutable (the arrays are never handed out); thread-safe.
 */
final class PcmWav {
  private static final int TAG_PCM = 1;
  private static final int TAG_IEEE_FLOAT = 3;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  private static final int FMT_BYTES = 16;
  private static final int EXTENSIBLE_FMT_BYTES = 26; // up to the sub-format's tag

  private final WavFormat format;
  private final int sampleRate;
  private final int channels;
  private final int bitsPerSample;
  private final boolean floatSamples;
  /** The file up to the data chunk's body. */
  private final byte[] header;
  /** Offset of the data chunk's size field in {@link #header}. */
  private final int dataSizeOffset;
  private final byte[] data;

  private PcmWav(WavFormat format, int sampleRate, int channels, int bitsPerSample, boolean floatSamples,
      byte[] header, int dataSizeOffset, byte[] data) {
    this.format = format;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.bitsPerSample = bitsPerSample;
    this.floatSamples = floatSamples;
    this.header = header;
    this.dataSizeOffset = dataSizeOffset;
    this.data = data;
  }

  /**
   * Reads a WAV file held in memory. A data chunk whose declared size is 0, 0xFFFFFFFF or past the end of the
   * file runs to the end of the file; chunks after the data chunk are left out.
   *
   * @throws InvalidArgumentException when it is not a WAV file, or its samples are not of a kind listed above
   */
  static PcmWav read(byte[] file) {
    WavFormat format = WavFormat.read(file);
    RiffChunk fmt = RiffChunk.find(file, "fmt ").orElseThrow();
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int at = fmt.bodyOffset();
    int tag = Short.toUnsignedInt(buffer.getShort(at));
    if (tag == TAG_EXTENSIBLE && fmt.declaredSize() >= EXTENSIBLE_FMT_BYTES
        && at + EXTENSIBLE_FMT_BYTES <= file.length) {
      tag = Short.toUnsignedInt(buffer.getShort(at + 24)); // the sub-format GUID starts with the tag
    }
    int channels = Short.toUnsignedInt(buffer.getShort(at + 2));
    int sampleRate = buffer.getInt(at + 4);
    int bitsPerSample = Short.toUnsignedInt(buffer.getShort(at + 14));
    boolean supported = (tag == TAG_PCM && (bitsPerSample == 8 || bitsPerSample == 16 || bitsPerSample == 24
        || bitsPerSample == 32)) || (tag == TAG_IEEE_FLOAT && bitsPerSample == 32);
    if (!supported || channels == 0 || sampleRate <= 0 || format.blockAlign() != channels * bitsPerSample / 8) {
      throw new InvalidArgumentException("bench reads PCM WAV of 8, 16, 24 or 32 bits and 32-bit float WAV only;"
          + " this one has format tag " + tag + ", " + bitsPerSample + " bits, " + channels + " channels", null);
    }
    RiffChunk dataChunk = RiffChunk.find(file, "data")
        .orElseThrow(() -> new InvalidArgumentException("the WAV file has no data chunk", null));
    int available = file.length - dataChunk.bodyOffset();
    long declared = dataChunk.declaredSize();
    long length = declared == 0 || declared == 0xFFFFFFFFL || declared > available ? available : declared;
    length -= length % format.blockAlign();
    return new PcmWav(format, sampleRate, channels, bitsPerSample, tag == TAG_IEEE_FLOAT,
        Arrays.copyOf(file, dataChunk.bodyOffset()), dataChunk.bodyOffset() - 4,
        Arrays.copyOfRange(file, dataChunk.bodyOffset(), dataChunk.bodyOffset() + (int) length));
  }

  WavFormat format() {
    return format;
  }

  int sampleRate() {
    return sampleRate;
  }

  /** Length of the audio in seconds. */
  double seconds() {
    return (double) data.length / format.byteRate();
  }

  /** The samples in [-1, 1], channels averaged into one. */
  float[] monoSamples() {
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int bytesPerSample = bitsPerSample / 8;
    float[] mono = new float[data.length / format.blockAlign()];
    for (int frame = 0; frame < mono.length; frame++) {
      double sum = 0;
      for (int channel = 0; channel < channels; channel++) {
        sum += sample(buffer, (frame * channels + channel) * bytesPerSample);
      }
      mono[frame] = (float) (sum / channels);
    }
    return mono;
  }

  private double sample(ByteBuffer buffer, int at) {
    if (floatSamples) {
      return buffer.getFloat(at);
    }
    return switch (bitsPerSample) {
      case 8 -> (Byte.toUnsignedInt(buffer.get(at)) - 128) / 128.0; // 8-bit WAV is unsigned
      case 16 -> buffer.getShort(at) / 32768.0;
      case 24 -> ((buffer.get(at + 2) << 16) | (Byte.toUnsignedInt(buffer.get(at + 1)) << 8)
          | Byte.toUnsignedInt(buffer.get(at))) / 8388608.0;
      default -> buffer.getInt(at) / 2147483648.0;
    };
  }

  /**
   * The file as it is streamed: its header (data and RIFF sizes rewritten to match) followed by its audio and
   * {@code silenceMillis} of digital silence in the same format.
   */
  byte[] withTrailingSilence(int silenceMillis) {
    int silenceBytes = format.bytesFor(silenceMillis);
    long dataBytes = (long) data.length + silenceBytes;
    byte[] file = Arrays.copyOf(header, header.length + (int) dataBytes);
    System.arraycopy(data, 0, file, header.length, data.length);
    // Unsigned 8-bit samples are silent at their midpoint; every other supported kind at 0.
    Arrays.fill(file, header.length + data.length, file.length, bitsPerSample == 8 ? (byte) 0x80 : 0);
    ByteBuffer sizes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    sizes.putInt(dataSizeOffset, (int) dataBytes);
    sizes.putInt(4, (int) (file.length - 8 + (dataBytes & 1)));
    return file;
  }

  /** Bytes of {@link #withTrailingSilence} before the audio: sent first, so that audio chunks start at 0 s. */
  int headerBytes() {
    return header.length;
  }
}
