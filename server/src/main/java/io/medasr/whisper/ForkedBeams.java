package io.medasr.whisper;

import java.util.ArrayList;
import java.util.List;

/**
 * Beam hypotheses as forks of one decoder, one decoder call per hypothesis and step: for graphs that cannot
 * continue several sequences in one run (no {@code beam_index} input) and decoders of other kinds.
 */
final class ForkedBeams implements BeamDecoders {
  private List<IncrementalDecoder> hypotheses;

  ForkedBeams(IncrementalDecoder prompted) {
    this.hypotheses = List.of(prompted.fork());
  }

  @Override
  public void step(int[] sources, int[] tokens, float[][] logits) {
    List<IncrementalDecoder> next = new ArrayList<>(tokens.length);
    try {
      for (int i = 0; i < tokens.length; i++) {
        IncrementalDecoder decoder = hypotheses.get(sources[i]).fork();
        next.add(decoder);
        decoder.append(new int[] {tokens[i]}, 0).copyRow(0, logits[i]);
      }
    } catch (RuntimeException e) {
      next.forEach(IncrementalDecoder::close);
      throw e;
    }
    hypotheses.forEach(IncrementalDecoder::close);
    hypotheses = next;
  }

  @Override
  public void close() {
    hypotheses.forEach(IncrementalDecoder::close);
    hypotheses = List.of();
  }
}
