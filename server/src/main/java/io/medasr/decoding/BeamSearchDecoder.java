package io.medasr.decoding;

import io.medasr.bias.BiasState;
import io.medasr.bias.Boosts;
import io.medasr.tokenizer.SpecialTokens;
import io.medasr.whisper.BeamDecoders;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.IncrementalDecoder;
import io.medasr.whisper.LogitRows;
import io.medasr.whisper.WhisperModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beam search over one window (openai decoding.py {@code BeamSearchDecoder} with the {@code
 * MaximumLikelihoodRanker}): each beam proposes its {@code beamSize + 1} likeliest next tokens
 * under the same filters as greedy decoding, the best {@code beamSize} unfinished sequences go on,
 * sequences ending in end-of-text are collected until {@code round(beamSize * patience)} are
 * finished, and the finished sequence with the best log-probability per token wins. The beams are stepped
 * together ({@link IncrementalDecoder#beams()}: one decoder run per step where the model's graph allows).
 * Temperature is ignored (always 0).
 *
 * <p>Thread-safe: all per-run state lives in the call.
 */
public final class BeamSearchDecoder {
  private final WhisperModel model;
  private final DecodingRules rules;
  private final SpecialTokens specials;
  private final int beamSize;
  private final int maxCandidates;

  /**
   * @param beamSize beams kept per step (openai CLI default 5)
   * @param patience finished sequences to collect, as a multiple of the beam size (1.0)
   */
  public BeamSearchDecoder(WhisperModel model, int beamSize, double patience) {
    if (beamSize < 1) {
      throw new IllegalArgumentException("beamSize must be >= 1, got " + beamSize);
    }
    if (!(patience > 0)) {
      throw new IllegalArgumentException("patience must be > 0, got " + patience);
    }
    this.model = model;
    this.rules = new DecodingRules(model);
    this.specials = rules.specials();
    this.beamSize = beamSize;
    this.maxCandidates = (int) Math.round(beamSize * patience);
  }

  /**
   * One hypothesis: its row among the step's hypotheses, its sampled tokens, their log-probabilities (the model's),
   * where it stands in the bias tries and the bias score it has earned (ranking uses both).
   */
  private record Beam(int row, List<Integer> tokens, double sumLogprob, List<Float> probs, BiasState bias,
      double biasScore) {
    double score() {
      return sumLogprob + biasScore;
    }
  }

  /** A proposed extension of a beam. */
  private record Candidate(Beam source, int token, double sumLogprob, float prob, BiasState bias, double biasScore) {
    List<Integer> tokens() {
      List<Integer> tokens = new ArrayList<>(source.tokens());
      tokens.add(token);
      return tokens;
    }

    double score() {
      return sumLogprob + biasScore;
    }
  }

  /** A finished sequence (end-of-text excluded). */
  private record Finished(List<Integer> tokens, double sumLogprob, List<Float> probs, BiasState bias,
      double biasScore) {
    double rank() {
      return (sumLogprob + biasScore) / Math.max(1, tokens.size());
    }
  }

  /** Decodes {@code audio} with KV-cache decoders of the model. */
  public DecodingResult decode(EncoderOutput audio, DecodingOptions options) {
    try (IncrementalDecoder decoder = model.newDecoder(audio)) {
      return decode(decoder, options);
    }
  }

  /**
   * Decodes starting from {@code decoder}, which must not have been fed yet; the beams continue from it
   * ({@link IncrementalDecoder#beams()}).
   *
   * @throws IllegalArgumentException for a language the model does not know
   */
  public DecodingResult decode(IncrementalDecoder decoder, DecodingOptions options) {
    int[] initial = rules.initialTokens(options);
    int sampleBegin = initial.length;
    List<LogitFilter> filters = rules.filters(options, sampleBegin);
    // the logits of each beam's next token, written by each step over those of the step before
    float[][] beamLogits = new float[beamSize][model.logitsWidth()];

    LogitRows rows = decoder.append(initial, DecodingRules.indexOf(initial, specials.sot()), initial.length - 1);
    rows.copyRow(0, beamLogits[0]);
    double noSpeechProb = rules.noSpeechProb(beamLogits[0]);
    rows.copyRow(1, beamLogits[0]);

    Boosts boosts = Boosts.forRun(options.biasing(), model.logitsWidth());
    List<Beam> beams = List.of(new Beam(0, List.of(), 0, List.of(), options.biasing().start(), 0));
    Map<List<Integer>, Finished> finished = new LinkedHashMap<>();
    List<Beam> open = List.of();
    int[] sequence = Arrays.copyOf(initial, sampleBegin + options.sampleLen());
    try (BeamDecoders hypotheses = decoder.beams()) {
      for (int step = 0; step < options.sampleLen(); step++) {
        Map<List<Integer>, Candidate> candidates = new LinkedHashMap<>();
        for (Beam beam : beams) {
          float[] scores = beamLogits[beam.row()];
          for (int i = 0; i < beam.tokens().size(); i++) {
            sequence[sampleBegin + i] = beam.tokens().get(i);
          }
          for (LogitFilter filter : filters) {
            filter.apply(scores, sequence, sampleBegin + beam.tokens().size());
          }
          double logSumExp = Logits.logSumExp(scores);
          beam.bias().boost(scores, boosts);
          for (int token : topK(scores, beamSize + 1)) {
            double logprob = scores[token] - boosts.of(token) - logSumExp;
            BiasState bias = beam.bias().copy();
            double biasScore = beam.biasScore() + bias.advance(token);
            Candidate candidate = new Candidate(beam, token, beam.sumLogprob() + logprob, (float) Math.exp(logprob),
                bias, biasScore);
            candidates.put(candidate.tokens(), candidate);
          }
        }
        List<Candidate> ranked = new ArrayList<>(candidates.values());
        ranked.sort(Comparator.comparingDouble(Candidate::score).reversed());

        List<Candidate> continued = new ArrayList<>();
        List<Candidate> newlyFinished = new ArrayList<>();
        for (Candidate candidate : ranked) {
          if (candidate.token() == specials.eot()) {
            newlyFinished.add(candidate);
          } else {
            continued.add(candidate);
            if (continued.size() == beamSize) {
              break;
            }
          }
        }
        List<Beam> next = new ArrayList<>(continued.size());
        for (Candidate candidate : continued) {
          List<Float> probs = new ArrayList<>(candidate.source().probs());
          probs.add(candidate.prob());
          next.add(new Beam(next.size(), candidate.tokens(), candidate.sumLogprob(), probs, candidate.bias(),
              candidate.biasScore()));
        }
        for (Candidate candidate : newlyFinished) {
          if (finished.size() >= maxCandidates) {
            break;
          }
          List<Integer> tokens = candidate.source().tokens();
          finished.putIfAbsent(tokens, new Finished(tokens, candidate.sumLogprob(), candidate.source().probs(),
              candidate.bias(), candidate.biasScore()));
        }
        boolean completed = finished.size() >= maxCandidates;
        boolean contextFull = sampleBegin + step + 1 > rules.textContext();
        if (completed || contextFull || step == options.sampleLen() - 1 || next.isEmpty()) {
          open = next;
          break;
        }
        int[] sources = new int[continued.size()];
        int[] tokens = new int[continued.size()];
        for (int i = 0; i < sources.length; i++) {
          sources[i] = continued.get(i).source().row();
          tokens[i] = continued.get(i).token();
        }
        hypotheses.step(sources, tokens, beamLogits);
        beams = next;
      }
    }
    if (finished.size() < beamSize) {
      // not enough ended with end-of-text: the best open hypotheses count as finished
      List<Beam> ranked = new ArrayList<>(open);
      ranked.sort(Comparator.comparingDouble(Beam::score).reversed());
      for (Beam beam : ranked) {
        BiasState bias = beam.bias().copy();
        double biasScore = beam.biasScore() + bias.finish();
        finished.putIfAbsent(beam.tokens(), new Finished(beam.tokens(), beam.sumLogprob(), beam.probs(), bias,
            biasScore));
        if (finished.size() >= beamSize) {
          break;
        }
      }
    }
    Finished best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Finished candidate : finished.values()) {
      double score = candidate.rank();
      if (best == null || score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    int[] tokens = best.tokens().stream().mapToInt(Integer::intValue).toArray();
    float[] probs = new float[best.probs().size()];
    for (int i = 0; i < probs.length; i++) {
      probs[i] = best.probs().get(i);
    }
    return rules.result(tokens, best.sumLogprob(), noSpeechProb, 0.0, probs, best.bias().completed());
  }

  /** Ids of the {@code k} largest finite scores, best first (lower id first on ties). */
  static int[] topK(float[] scores, int k) {
    int[] best = new int[k];
    int count = 0;
    for (int id = 0; id < scores.length; id++) {
      float score = scores[id];
      if (score == Float.NEGATIVE_INFINITY || (count == k && score <= scores[best[k - 1]])) {
        continue;
      }
      int at = count < k ? count++ : k - 1;
      while (at > 0 && scores[best[at - 1]] < score) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = id;
    }
    return Arrays.copyOf(best, count);
  }
}
