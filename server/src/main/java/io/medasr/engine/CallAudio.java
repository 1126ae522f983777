package io.medasr.engine;

import io.medasr.audio.AudioDecoder;
import io.medasr.audio.AudioLimitExceededException;
import io.medasr.audio.FloatList;
import io.medasr.audio.InvalidAudioException;
import java.io.IOException;
import java.io.InputStream;

/** Whole-call audio decoded into memory, every chunk counted against the engine's memory budget first. */
public final class CallAudio {
  /**
   * What one buffered 16 kHz sample costs until the call ends: the float, a copy while the array grows or is
   * handed on, and its share of the log-mel features (80 floats per 160 samples).
   */
  public static final long BYTES_PER_SAMPLE = 2L * Float.BYTES + 2;
  private static final int CHUNK_BYTES = 1 << 20;

  private CallAudio() {}

  /**
   * Decodes {@code encoded} to the end.
   *
   * @throws AudioLimitExceededException when the audio passes the decoder's limit
   * @throws CallRejectedException when the decoded audio does not fit the engine's memory budget
   */
  public static float[] decodeAll(EngineCall call, AudioDecoder decoder, InputStream encoded)
      throws IOException, InvalidAudioException, AudioLimitExceededException, CallRejectedException {
    FloatList samples = new FloatList(CHUNK_BYTES);
    byte[] chunk = new byte[CHUNK_BYTES];
    int read;
    while ((read = encoded.readNBytes(chunk, 0, chunk.length)) > 0) {
      append(call, samples, decoder.decode(chunk, 0, read));
    }
    append(call, samples, decoder.finish());
    return samples.toArray();
  }

  private static void append(EngineCall call, FloatList samples, float[] decoded) throws CallRejectedException {
    call.reserveMemory(decoded.length * BYTES_PER_SAMPLE);
    samples.addAll(decoded);
  }
}
