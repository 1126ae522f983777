package io.medasr.audio;

import java.nio.charset.StandardCharsets;

/**
 * Streams a RIFF/WAVE file: parses the header as its bytes arrive (it may be split across chunks anywhere),
 * skips chunks other than {@code fmt } and {@code data} (LIST, fact, cue ...) without buffering them, and hands
 * the data chunk to a {@link PcmDecoder}. Not thread-safe.
 *
 * <p>Supported format tags: 1 PCM (8-bit unsigned, 16/24/32-bit signed), 3 IEEE float (32-bit), 6 A-law,
 * 7 µ-law, and 0xFFFE WAVE_FORMAT_EXTENSIBLE whose sub-format is one of these. A data chunk size of 0 or
 * 0xFFFFFFFF (written by streaming encoders that cannot seek back) means "until the end of the stream"; a
 * declared size that the stream does not reach is accepted as long as it stops on a whole frame.
 */
final class WavDecoder implements AudioDecoder {
  private static final int RIFF_HEADER_BYTES = 12;
  private static final int CHUNK_HEADER_BYTES = 8;
  private static final int MIN_FMT_BYTES = 16;
  private static final int EXTENSIBLE_FMT_BYTES = 40;
  private static final int MAX_FMT_BYTES = 1024;
  private static final int TAG_PCM = 1;
  private static final int TAG_IEEE_FLOAT = 3;
  private static final int TAG_ALAW = 6;
  private static final int TAG_MULAW = 7;
  private static final int TAG_EXTENSIBLE = 0xFFFE;

  /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID built from a format tag (the tag fills bytes 0..1). */
  private static final byte[] SUBTYPE_GUID_TAIL = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
  };

  private static final long UNTIL_END = -1;

  private enum State {
    RIFF_HEADER,
    CHUNK_HEADER,
    FMT_BODY,
    SKIP,
    DATA
  }

  private final AudioFormat declared;
  private final long maxOutputSamples;
  private final byte[] header = new byte[MAX_FMT_BYTES];
  private int headerNeeded = RIFF_HEADER_BYTES;
  private int headerFill;
  private State state = State.RIFF_HEADER;
  private long skipRemaining;
  private long dataRemaining;
  private boolean dataOddSized;
  private boolean fmtOddSized;
  private PcmDecoder pcm;
  private boolean dataSeen;
  private long bytesSeen;
  private final FloatList output = new FloatList(1024);
  private boolean finished;

  /**
   * @param declared the request's format; its non-zero rate and channels must agree with the header
   * @param maxOutputSamples the most 16 kHz samples the data chunk may decode to
   */
  WavDecoder(AudioFormat declared, long maxOutputSamples) {
    this.declared = declared;
    this.maxOutputSamples = maxOutputSamples;
  }

  @Override
  public float[] decode(byte[] chunk, int offset, int length)
      throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("decode() after finish()");
    }
    bytesSeen += length;
    int position = offset;
    int end = offset + length;
    while (position < end) {
      int available = end - position;
      switch (state) {
        case RIFF_HEADER, CHUNK_HEADER, FMT_BODY -> {
          int take = Math.min(headerNeeded - headerFill, available);
          System.arraycopy(chunk, position, header, headerFill, take);
          headerFill += take;
          position += take;
          if (headerFill == headerNeeded) {
            headerFill = 0;
            onHeaderComplete();
          }
        }
        case SKIP -> {
          int take = (int) Math.min(skipRemaining, available);
          skipRemaining -= take;
          position += take;
          if (skipRemaining == 0) {
            expectChunkHeader();
          }
        }
        case DATA -> {
          int take =
              dataRemaining == UNTIL_END ? available : (int) Math.min(dataRemaining, available);
          output.addAll(pcm.decode(chunk, position, take));
          position += take;
          if (dataRemaining != UNTIL_END) {
            dataRemaining -= take;
            if (dataRemaining == 0) {
              skipThenExpectChunkHeader(dataOddSized ? 1 : 0);
            }
          }
        }
      }
    }
    return output.drain();
  }

  @Override
  public float[] finish() throws InvalidAudioException, AudioLimitExceededException {
    if (finished) {
      throw new IllegalStateException("finish() called twice");
    }
    finished = true;
    if (!dataSeen) {
      throw new InvalidAudioException(
          bytesSeen == 0
              ? "WAV stream is empty"
              : "WAV ended after " + bytesSeen + " bytes, before its data chunk");
    }
    // whatever follows the data chunk (metadata, possibly cut short) does not matter
    output.addAll(pcm.finish());
    return output.drain();
  }

  @Override
  public void close() {
    // owns nothing but heap memory
  }

  private void onHeaderComplete() throws InvalidAudioException {
    switch (state) {
      case RIFF_HEADER -> {
        if (!fourCc(0).equals("RIFF")) {
          throw new InvalidAudioException("not a RIFF/WAVE file: it starts with " + describe(0));
        }
        if (!fourCc(8).equals("WAVE")) {
          throw new InvalidAudioException(
              "not a RIFF/WAVE file: its RIFF form type is " + describe(8));
        }
        expectChunkHeader();
      }
      case CHUNK_HEADER -> onChunkHeader(fourCc(0), uint32(4));
      case FMT_BODY -> {
        pcm = parseFmt(headerNeeded);
        skipThenExpectChunkHeader(fmtOddSized ? 1 : 0);
      }
      default -> throw new IllegalStateException("no header in state " + state);
    }
  }

  private void onChunkHeader(String id, long size) throws InvalidAudioException {
    long paddedSize = size + (size & 1);
    if (id.equals("fmt ") && pcm == null) {
      if (size < MIN_FMT_BYTES || size > MAX_FMT_BYTES) {
        throw new InvalidAudioException(
            "WAV fmt chunk is "
                + size
                + " bytes; "
                + MIN_FMT_BYTES
                + " to "
                + MAX_FMT_BYTES
                + " expected");
      }
      state = State.FMT_BODY;
      headerNeeded = (int) size;
      fmtOddSized = (size & 1) != 0;
    } else if (id.equals("data") && !dataSeen) {
      if (pcm == null) {
        throw new InvalidAudioException("WAV data chunk comes before the fmt chunk");
      }
      dataSeen = true;
      boolean sizeUnknown = size == 0 || size == 0xFFFFFFFFL;
      dataRemaining = sizeUnknown ? UNTIL_END : size;
      dataOddSized = (size & 1) != 0;
      state = State.DATA;
    } else {
      skipThenExpectChunkHeader(paddedSize);
    }
  }

  private PcmDecoder parseFmt(int size) throws InvalidAudioException {
    int tag = uint16(0);
    int channels = uint16(2);
    long sampleRate = uint32(4);
    int blockAlign = uint16(12);
    int bitsPerSample = uint16(14);
    if (tag == TAG_EXTENSIBLE) {
      if (size < EXTENSIBLE_FMT_BYTES) {
        throw new InvalidAudioException(
            "WAV fmt chunk of WAVE_FORMAT_EXTENSIBLE is "
                + size
                + " bytes; "
                + EXTENSIBLE_FMT_BYTES
                + " expected");
      }
      tag = uint16(24);
      for (int i = 0; i < SUBTYPE_GUID_TAIL.length; i++) {
        if (header[26 + i] != SUBTYPE_GUID_TAIL[i]) {
          throw new InvalidAudioException(
              "unsupported WAV extensible sub-format (not a standard format tag GUID)");
        }
      }
    }
    SampleFormat sampleFormat = sampleFormat(tag, bitsPerSample);
    String channelsProblem = AudioFormat.channelsProblem(channels);
    if (channelsProblem != null) {
      throw new InvalidAudioException("WAV header: " + channelsProblem);
    }
    String rateProblem =
        AudioFormat.sampleRateProblem(sampleRate);
    if (rateProblem != null) {
      throw new InvalidAudioException("WAV header: " + rateProblem);
    }
    if (blockAlign != channels * sampleFormat.bytesPerSample) {
      throw new InvalidAudioException(
          "WAV header: block align "
              + blockAlign
              + " does not match "
              + channels
              + " channel(s) of "
              + sampleFormat.description
              + " ("
              + channels * sampleFormat.bytesPerSample
              + " bytes)");
    }
    if (declared.sampleRateHz() != 0 && declared.sampleRateHz() != sampleRate) {
      throw new InvalidAudioException(
          "WAV header says "
              + sampleRate
              + " Hz but the request says "
              + declared.sampleRateHz()
              + " Hz");
    }
    if (declared.channels() != 0 && declared.channels() != channels) {
      throw new InvalidAudioException(
          "WAV header says "
              + channels
              + " channel(s) but the request says "
              + declared.channels());
    }
    return new PcmDecoder(
        sampleFormat, (int) sampleRate, channels, "WAV data", maxOutputSamples);
  }

  private static SampleFormat sampleFormat(int tag, int bits) throws InvalidAudioException {
    return switch (tag) {
      case TAG_PCM ->
          switch (bits) {
            case 8 -> SampleFormat.UNSIGNED_8;
            case 16 -> SampleFormat.SIGNED_16;
            case 24 -> SampleFormat.SIGNED_24;
            case 32 -> SampleFormat.SIGNED_32;
            default ->
                throw new InvalidAudioException(
                    "unsupported WAV PCM bit depth " + bits + "; 8, 16, 24 or 32 supported");
          };
      case TAG_IEEE_FLOAT -> requireBits(SampleFormat.FLOAT_32, "IEEE float", 32, bits);
      case TAG_ALAW -> requireBits(SampleFormat.ALAW, "A-law", 8, bits);
      case TAG_MULAW -> requireBits(SampleFormat.MULAW, "µ-law", 8, bits);
      default ->
          throw new InvalidAudioException(
              "unsupported WAV format tag "
                  + tag
                  + String.format(" (0x%04X)", tag)
                  + "; supported: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law, 0xFFFE extensible of"
                  + " these");
    };
  }

  private static SampleFormat requireBits(
      SampleFormat format, String formatName, int expectedBits, int bits)
      throws InvalidAudioException {
    if (bits != expectedBits) {
      throw new InvalidAudioException(
          "unsupported WAV "
              + formatName
              + " bit depth "
              + bits
              + "; "
              + expectedBits
              + " supported");
    }
    return format;
  }

  private void expectChunkHeader() {
    state = State.CHUNK_HEADER;
    headerNeeded = CHUNK_HEADER_BYTES;
  }

  private void skipThenExpectChunkHeader(long bytes) {
    if (bytes == 0) {
      expectChunkHeader();
    } else {
      state = State.SKIP;
      skipRemaining = bytes;
    }
  }

  private String fourCc(int offset) {
    return new String(header, offset, 4, StandardCharsets.ISO_8859_1);
  }

  /** Four bytes as text when they are printable (a misnamed Ogg or FLAC file says so), else as hex. */
  private String describe(int offset) {
    String text = fourCc(offset);
    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      return "\"" + text + "\"";
    }
    return String.format(
        "bytes %02X %02X %02X %02X",
        header[offset], header[offset + 1], header[offset + 2], header[offset + 3]);
  }

  private int uint16(int offset) {
    return (header[offset] & 0xFF) | ((header[offset + 1] & 0xFF) << 8);
  }

  private long uint32(int offset) {
    return uint16(offset) | ((long) uint16(offset + 2) << 16);
  }
}
