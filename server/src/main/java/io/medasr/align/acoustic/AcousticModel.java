package io.medasr.align.acoustic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CMU Sphinx continuous-density acoustic model with phonetically tied mixtures (the en-us model that ships with
 * pocketsphinx): context-dependent phones (triphones) of three emitting states each, every state a senone whose
 * score is a mixture over the Gaussians of its base phone's codebook, one codebook per feature stream.
 * Loaded once; immutable and thread-safe.
 */
final class AcousticModel {
  /** A phone's position in its word, as the model's context tree numbers them. */
  enum WordPosition { INTERNAL, BEGIN, END, SINGLE }

  /** Sphinx floors variances to this when loading a model (its -varfloor default). */
  private static final float VARIANCE_FLOOR = 1e-4f;
  /** and non-zero transition probabilities to this (its -tmatfloor default). */
  private static final double TRANSITION_FLOOR = 1e-4;
  /** A quantized mixture weight v stands for 1.0001^-(v << 10), Sphinx's 8-bit log scale. */
  private static final double LOG_WEIGHT_PER_STEP = -1024 * Math.log(1.0001);
  /** Gaussians per codebook and stream that a senone's mixture is summed over, as pocketsphinx does (-topn). */
  static final int TOP_DENSITIES = 4;

  private final List<String> ciPhones;
  private final Map<String, Integer> ciIndex = new HashMap<>();
  private final SphinxFiles.ModelDefinition definition;
  private final int[] senoneCodebook;
  /** [codebook][stream]: the Gaussians' means one after another (density d's at d * stream width). */
  private final float[][][] means;
  /** 1 / (2 variance), laid out as the means. */
  private final float[][][] halfPrecisions;
  /** log of the Gaussian's normalising constant. */
  private final float[][][] logNormalisers;
  /** [matrix][from][to] natural-log probabilities; the last column is the exit. */
  private final double[][][] logTransitions;
  private final SphinxFiles.MixtureWeights weights;
  private final int[] streamOffsets;

  private AcousticModel(SphinxFiles.ModelDefinition definition, float[][][][] means, float[][][][] variances,
      float[][][] transitions, SphinxFiles.MixtureWeights weights) {
    this.definition = definition;
    this.ciPhones = definition.ciPhones();
    for (int i = 0; i < ciPhones.size(); i++) {
      ciIndex.put(ciPhones.get(i), i);
    }
    int states = definition.emittingStates();
    senoneCodebook = new int[definition.senones()];
    for (int p = 0; p < definition.phoneBase().length; p++) {
      for (int j = 0; j < states; j++) {
        senoneCodebook[definition.senoneSequences()[definition.phoneSenoneSequence()[p] * states + j]] =
            definition.phoneBase()[p];
      }
    }
    this.weights = weights;
    int streams = means[0].length;
    streamOffsets = new int[streams + 1];
    for (int f = 0; f < streams; f++) {
      streamOffsets[f + 1] = streamOffsets[f] + means[0][f][0].length;
    }
    this.means = new float[means.length][streams][];
    halfPrecisions = new float[variances.length][streams][];
    logNormalisers = new float[variances.length][streams][];
    for (int c = 0; c < variances.length; c++) {
      for (int f = 0; f < streams; f++) {
        int densities = variances[c][f].length;
        int width = streamOffsets[f + 1] - streamOffsets[f];
        this.means[c][f] = new float[densities * width];
        halfPrecisions[c][f] = new float[densities * width];
        logNormalisers[c][f] = new float[densities];
        for (int d = 0; d < densities; d++) {
          float[] variance = variances[c][f][d];
          double logNormaliser = 0;
          for (int k = 0; k < width; k++) {
            double v = Math.max(variance[k], VARIANCE_FLOOR);
            this.means[c][f][d * width + k] = means[c][f][d][k];
            halfPrecisions[c][f][d * width + k] = (float) (0.5 / v);
            logNormaliser -= 0.5 * Math.log(2 * Math.PI * v);
          }
          logNormalisers[c][f][d] = (float) logNormaliser;
        }
      }
    }
    logTransitions = new double[transitions.length][][];
    for (int m = 0; m < transitions.length; m++) {
      logTransitions[m] = new double[transitions[m].length][];
      for (int i = 0; i < transitions[m].length; i++) {
        float[] row = transitions[m][i];
        double sum = 0;
        for (float v : row) {
          sum += v;
        }
        logTransitions[m][i] = new double[row.length];
        for (int j = 0; j < row.length; j++) {
          logTransitions[m][i][j] = row[j] <= 0 ? Double.NEGATIVE_INFINITY
              : Math.log(Math.max(row[j] / sum, TRANSITION_FLOOR));
        }
      }
    }
  }

  /** Loads the model files of {@code dir}: mdef, means, variances, transition_matrices, sendump. */
  static AcousticModel load(Path dir) throws IOException {
    SphinxFiles.ModelDefinition definition = SphinxFiles.modelDefinition(dir.resolve("mdef"));
    float[][][][] means = SphinxFiles.gaussians(dir.resolve("means"));
    float[][][][] variances = SphinxFiles.gaussians(dir.resolve("variances"));
    float[][][] transitions = SphinxFiles.transitionMatrices(dir.resolve("transition_matrices"));
    SphinxFiles.MixtureWeights weights = SphinxFiles.mixtureWeights(dir.resolve("sendump"), means[0].length);
    if (means.length != definition.ciPhones().size() || weights.senones() != definition.senones()
        || weights.densities() != means[0][0].length) {
      throw new IOException(dir + ": not a model with one codebook per base phone (phonetically tied mixtures)");
    }
    return new AcousticModel(definition, means, variances, transitions, weights);
  }

  /** The base phone named {@code name} (ARPAbet without stress, or SIL), or -1. */
  int ciPhone(String name) {
    return ciIndex.getOrDefault(name, -1);
  }

  int silence() {
    return definition.silencePhone();
  }

  int featureWidth() {
    return streamOffsets[streamOffsets.length - 1];
  }

  int emittingStates() {
    return definition.emittingStates();
  }

  /**
   * The phone for base phone {@code base} between {@code left} and {@code right} at {@code position}: the
   * triphone when the model has it, else the nearest one it has (another word position, silence for the context
   * across a word boundary), else the base phone itself.
   */
  int phone(int base, int left, int right, WordPosition position) {
    int found = triphone(base, left, right, position);
    for (WordPosition other : WordPosition.values()) {
      if (found < 0) {
        found = triphone(base, left, right, other);
      }
    }
    if (found < 0) {
      int silence = definition.silencePhone();
      boolean leftCrosses = position == WordPosition.BEGIN || position == WordPosition.SINGLE;
      boolean rightCrosses = position == WordPosition.END || position == WordPosition.SINGLE;
      found = triphone(base, leftCrosses ? silence : left, rightCrosses ? silence : right, position);
    }
    return found < 0 ? base : found;
  }

  /** Walks the context tree: word position, base phone, left context, right context. */
  private int triphone(int base, int left, int right, WordPosition position) {
    int[] path = {position.ordinal(), base, left, right};
    int first = 0;
    int count = WordPosition.values().length;
    for (int level = 0; level < path.length; level++) {
      int node = -1;
      for (int i = first; i < first + count; i++) {
        if (definition.treeContext()[i] == path[level]) {
          node = i;
          break;
        }
      }
      if (node < 0) {
        return -1;
      }
      if (definition.treeChildren()[node] == 0) {
        return definition.treeValue()[node];
      }
      count = definition.treeChildren()[node];
      first = definition.treeValue()[node];
    }
    return -1;
  }

  /** The senone of each emitting state of {@code phone}. */
  int senone(int phone, int state) {
    int states = definition.emittingStates();
    return definition.senoneSequences()[definition.phoneSenoneSequence()[phone] * states + state];
  }

  /** log P(to | from) for {@code phone}'s HMM; {@code to == emittingStates()} is the exit. */
  double logTransition(int phone, int from, int to) {
    return logTransitions[definition.phoneTransitionMatrix()[phone]][from][to];
  }

  /** Scores of senones on {@code features} (frames of {@link #featureWidth()} values). Not thread-safe. */
  Scorer scorer(float[][] features) {
    return new Scorer(features);
  }

  /**
   * Senone log-likelihoods over one utterance's frames, each codebook's best Gaussians computed once per frame.
   * Only the frame last asked about is cached (a search goes frame by frame), so memory does not grow with the
   * audio's length.
   */
  final class Scorer {
    private final float[][] features;
    /** [codebook]: the best densities' indices and log-likelihoods, per stream, at {@link #cachedFrame}. */
    private final int[][] topIndex;
    private final float[][] topLog;
    private final boolean[] cached;
    private int cachedFrame = -1;

    private Scorer(float[][] features) {
      this.features = features;
      int streams = means[0].length;
      this.topIndex = new int[means.length][streams * TOP_DENSITIES];
      this.topLog = new float[means.length][streams * TOP_DENSITIES];
      this.cached = new boolean[means.length];
    }

    int frames() {
      return features.length;
    }

    /** log p(frame's features | senone). */
    double score(int frame, int senone) {
      int codebook = senoneCodebook[senone];
      if (frame != cachedFrame) {
        Arrays.fill(cached, false);
        cachedFrame = frame;
      }
      if (!cached[codebook]) {
        bestDensities(frame, codebook);
        cached[codebook] = true;
      }
      int[] index = topIndex[codebook];
      float[] log = topLog[codebook];
      int streams = means[codebook].length;
      int densities = weights.densities();
      double total = 0;
      for (int f = 0; f < streams; f++) {
        // the densities come best first: the first term is the largest but for the weights; sum relative to it
        double first = Double.NaN;
        double sum = 0;
        for (int n = 0; n < TOP_DENSITIES; n++) {
          int d = index[f * TOP_DENSITIES + n];
          int quantized = weights.values()[(f * densities + d) * weights.senones() + senone] & 0xff;
          double term = log[f * TOP_DENSITIES + n] + quantized * LOG_WEIGHT_PER_STEP;
          if (n == 0) {
            first = term;
          }
          sum += Math.exp(term - first);
        }
        total += first + Math.log(sum);
      }
      return total;
    }

    private void bestDensities(int frame, int codebook) {
      float[] x = features[frame];
      int streams = means[codebook].length;
      int[] index = topIndex[codebook];
      float[] log = topLog[codebook];
      Arrays.fill(log, Float.NEGATIVE_INFINITY);
      for (int f = 0; f < streams; f++) {
        int offset = streamOffsets[f];
        int width = streamOffsets[f + 1] - offset;
        float[] mean = means[codebook][f];
        float[] half = halfPrecisions[codebook][f];
        float[] normaliser = logNormalisers[codebook][f];
        int base = f * TOP_DENSITIES;
        for (int d = 0; d < normaliser.length; d++) {
          int at = d * width;
          float distance = 0;
          for (int k = 0; k < width; k++) {
            float diff = x[offset + k] - mean[at + k];
            distance += diff * diff * half[at + k];
          }
          float value = normaliser[d] - distance;
          if (value > log[base + TOP_DENSITIES - 1]) {
            int slot = TOP_DENSITIES - 1;
            while (slot > 0 && log[base + slot - 1] < value) {
              log[base + slot] = log[base + slot - 1];
              index[base + slot] = index[base + slot - 1];
              slot--;
            }
            log[base + slot] = value;
            index[base + slot] = d;
          }
        }
      }
    }
  }
}
