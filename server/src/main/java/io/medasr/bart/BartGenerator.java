package io.medasr.bart;

import io.medasr.decoding.Logits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Generation with a {@link BartModel}: greedy decoding and beam search over the decoder's key-value cache. Both
 * start the decoder with {@code decoder_start_token_id}, force {@code forced_bos_token_id} as the first generated
 * token (every other token's log-probability is then -inf, the forced one's 0), and end a sequence at {@code
 * eos_token_id} or after {@code maxNewTokens} generated tokens. The rules are those of
 * {@code models/tiny/README.md}, which the tiny model's reference follows.
 *
 * <p>Thread-safe: every generation has its own {@link BartModel.Run}.
 */
public final class BartGenerator {
  private final BartModel model;
  private final int maxNewTokens;

  /**
   * @param maxNewTokens the most tokens generated for one input, the forced first one and {@code </s>} included
   * @throws IllegalArgumentException when the model's positions cannot hold that many (one is the start token)
   */
  public BartGenerator(BartModel model, int maxNewTokens) {
    if (maxNewTokens < 1 || maxNewTokens >= model.config().maxPositions()) {
      throw new IllegalArgumentException("maxNewTokens must be 1.." + (model.config().maxPositions() - 1)
          + ", got " + maxNewTokens);
    }
    this.model = model;
    this.maxNewTokens = maxNewTokens;
  }

  /**
   * A generated sequence.
   *
   * @param tokens the generated tokens: the forced first token, and {@code </s>} last when it was reached
   * @param score the sum of the tokens' log-probabilities, divided by {@code tokens.size()^lengthPenalty} for beam
   *     search
   */
  public record Generation(List<Integer> tokens, double score) {
    public Generation {
      tokens = List.copyOf(tokens);
    }
  }

  /** The likeliest token at every step (the lowest id on ties). */
  public Generation greedy(int[] inputIds) {
    BartConfig config = model.config();
    List<Integer> tokens = new ArrayList<>();
    double sumLogprob = 0;
    try (BartModel.Run run = model.start(inputIds)) {
      int next = config.decoderStartToken();
      while (tokens.size() < maxNewTokens) {
        float[] logits = run.step(new int[] {next}, new int[] {0})[0];
        if (tokens.isEmpty() && config.forcedBosToken() >= 0) {
          next = config.forcedBosToken();
        } else {
          next = Logits.argmax(logits);
          sumLogprob += logits[next] - Logits.logSumExp(logits);
        }
        tokens.add(next);
        if (next == config.eosToken()) {
          break;
        }
      }
    }
    return new Generation(tokens, sumLogprob);
  }

  /** A live sequence of a beam search. */
  private record Beam(List<Integer> tokens, double sumLogprob) {
    int last(int start) {
      return tokens.isEmpty() ? start : tokens.get(tokens.size() - 1);
    }
  }

  /** A proposed next token of a beam. */
  private record Proposal(int beam, int token, double sumLogprob) {}

  /**
   * Beam search: every live beam proposes its {@code beamSize + 1} likeliest next tokens; the proposals, best
   * cumulative log-probability first (ties: the earlier beam, then the lower token), become finished sequences when
   * they end in {@code </s>} and live beams otherwise, until {@code beamSize} live beams are chosen. It stops once
   * {@code beamSize} sequences are finished, or when the live beams reach {@code maxNewTokens} (they then count as
   * finished). The result is the finished sequence with the highest sum of log-probabilities divided by its length
   * to the power {@code lengthPenalty} (ties: the one finished first). All live beams run in one decoder call per
   * step.
   *
   * @throws IllegalArgumentException when {@code beamSize} is below 1
   */
  public Generation beamSearch(int[] inputIds, int beamSize, double lengthPenalty) {
    if (beamSize < 1) {
      throw new IllegalArgumentException("beamSize must be >= 1, got " + beamSize);
    }
    BartConfig config = model.config();
    List<Beam> live = List.of(new Beam(List.of(), 0));
    int[] from = {0};
    List<Beam> finished = new ArrayList<>();
    try (BartModel.Run run = model.start(inputIds)) {
      for (int step = 0; step < maxNewTokens && finished.size() < beamSize; step++) {
        int[] tokens = live.stream().mapToInt(beam -> beam.last(config.decoderStartToken())).toArray();
        float[][] logits = run.step(tokens, from);
        List<Proposal> proposals = new ArrayList<>();
        for (int b = 0; b < live.size(); b++) {
          double sum = live.get(b).sumLogprob();
          if (step == 0 && config.forcedBosToken() >= 0) {
            proposals.add(new Proposal(b, config.forcedBosToken(), sum));
            continue;
          }
          double logSumExp = Logits.logSumExp(logits[b]);
          double[] logprobs = new double[logits[b].length];
          for (int token = 0; token < logprobs.length; token++) {
            logprobs[token] = logits[b][token] - logSumExp;
          }
          for (int token : best(logprobs, beamSize + 1)) {
            proposals.add(new Proposal(b, token, sum + logprobs[token]));
          }
        }
        proposals.sort(Comparator.comparingDouble(Proposal::sumLogprob).reversed()
            .thenComparingInt(Proposal::beam).thenComparingInt(Proposal::token));
        List<Beam> next = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        for (Proposal proposal : proposals) {
          List<Integer> extended = new ArrayList<>(live.get(proposal.beam()).tokens());
          extended.add(proposal.token());
          if (proposal.token() == config.eosToken()) {
            finished.add(new Beam(extended, proposal.sumLogprob()));
            continue;
          }
          next.add(new Beam(extended, proposal.sumLogprob()));
          sources.add(proposal.beam());
          if (next.size() == beamSize) {
            break;
          }
        }
        live = next;
        from = sources.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    if (finished.size() < beamSize) {
      finished.addAll(live); // the length limit ended them
    }
    Generation best = null;
    for (Beam beam : finished) {
      double score = beam.sumLogprob() / Math.pow(beam.tokens().size(), lengthPenalty);
      if (best == null || score > best.score()) {
        best = new Generation(beam.tokens(), score);
      }
    }
    return best;
  }

  /** The {@code count} indices of the largest values, largest first (ties: the lower index). */
  static int[] best(double[] values, int count) {
    int[] chosen = new int[Math.min(count, values.length)];
    boolean[] taken = new boolean[values.length];
    for (int k = 0; k < chosen.length; k++) {
      int top = -1;
      for (int i = 0; i < values.length; i++) {
        if (!taken[i] && (top < 0 || values[i] > values[top])) {
          top = i;
        }
      }
      taken[top] = true;
      chosen[k] = top;
    }
    return chosen;
  }
}
