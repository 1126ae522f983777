package io.medasr.audio;

/** How audio bytes are encoded; mirrors {@code medasr.v1.AudioEncoding} without the unset value. */
public enum AudioEncoding {
  /** Signed 16-bit little-endian PCM, channels interleaved. */
  LINEAR16,
  /** 8-bit G.711 µ-law. */
  MULAW,
  /** 8-bit G.711 A-law. */
  ALAW,
  /** 32-bit IEEE float little-endian PCM, channels interleaved. */
  FLOAT32,
  /** RIFF/WAVE container; rate and channels come from its header. */
  WAV,
  /** Decoded by ffmpeg. */
  FLAC,
  /** Decoded by ffmpeg. */
  OGG_OPUS,
  /** Decoded by ffmpeg. */
  MP3;

  /** Raw sample streams carry no header, so the request must give their sample rate and channel count. */
  public boolean isRaw() {
    return this == LINEAR16 || this == MULAW || this == ALAW || this == FLOAT32;
  }

  /** Compressed formats decoded by an external ffmpeg process. */
  public boolean needsFfmpeg() {
    return this == FLAC || this == OGG_OPUS || this == MP3;
  }
}
