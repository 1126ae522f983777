package io.medasr.whisper;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Test reference without any cache: every call re-runs the no-past decoder over the whole
 * sequence and returns the asked rows of the appended tokens.
 */
final class RecomputingDecoder implements IncrementalDecoder {
  private final WhisperModel model;
  private final EncoderOutput audio;
  private int[] sequence = new int[0];

  RecomputingDecoder(WhisperModel model, EncoderOutput audio) {
    this.model = model;
    this.audio = audio;
  }

  @Override
  public LogitRows append(int[] tokens, int... logitRows) {
    int start = sequence.length;
    sequence = Arrays.copyOf(sequence, start + tokens.length);
    System.arraycopy(tokens, 0, sequence, start, tokens.length);
    ForcedDecoding pass = model.forcedDecode(audio, sequence);
    float[] rows = Arrays.copyOfRange(pass.logits(), start * pass.vocabSize(), sequence.length * pass.vocabSize());
    return new LogitRows(FloatBuffer.wrap(rows), logitRows, pass.vocabSize());
  }

  @Override
  public void rewind(int tokens) {
    sequence = Arrays.copyOf(sequence, sequence.length - tokens);
  }

  @Override
  public IncrementalDecoder fork() {
    RecomputingDecoder copy = new RecomputingDecoder(model, audio);
    copy.sequence = sequence.clone();
    return copy;
  }

  @Override
  public void close() {}
}
