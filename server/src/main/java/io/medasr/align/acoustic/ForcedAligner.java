package io.medasr.align.acoustic;

import io.medasr.align.WordRetimer;
import io.medasr.align.WordTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Word times from the sound itself: the transcript's words, as phones, forced through the audio by Viterbi
 * search over the hidden Markov models of an acoustic model (CMU Sphinx's en-us triphones, from pocketsphinx's
 * wheel). Cross-attention finds which word is where within a few hundred milliseconds; this finds the frame where
 * one word's sounds give way to the next's (docs/word-timing.md has the figures).
 *
 * <p>Each word is searched for within {@value #SEARCH_MARGIN_SECONDS} s of the times it came with, so the search
 * grows with the audio's length, not its square. An optional silence may lie before, between and after the
 * words. Words that say nothing (punctuation) take the end of the word before them. As a {@link WordRetimer}, words
 * that no alignment fits keep their cross-attention times, refined with the audio's pauses. Immutable; thread-safe:
 * the model is shared, each call has its own search state.
 */
public final class ForcedAligner implements WordRetimer {
  private static final Logger LOG = Logger.getLogger(ForcedAligner.class.getName());
  /** How far from its given times a word is looked for. */
  static final double SEARCH_MARGIN_SECONDS = 0.5;
  /**
   * States whose path is this much less likely than the best one at a frame are dropped (nats): with 200, 340 s of
   * timing-synth align in 57 % of the time of the full search, with boundaries 0.3 ms further from the truth; with
   * 100, the beam lost the way in 2 of 40 clips.
   */
  static final double LOG_BEAM = 200;
  /** The cost of a silence between words: pocketsphinx's alignment grammar's silence probability (-silprob). */
  private static final double LOG_SILENCE_PROBABILITY = Math.log(0.005);
  /** Files under the aligner's directory (models/aligner/fetch-aligner.sh lays them out). */
  static final String ACOUSTIC_MODEL = "en-us";
  static final String DICTIONARY = "cmudict-en-us.dict";
  static final String LETTER_TO_SOUND = "g2p/checkpoint20.npz";

  private static final int SAMPLE_RATE = SphinxFeatures.SAMPLE_RATE;

  private final AcousticModel model;
  private final Pronunciations pronunciations;

  ForcedAligner(AcousticModel model, Pronunciations pronunciations) {
    this.model = model;
    this.pronunciations = pronunciations;
  }

  /** Loads the aligner that models/aligner/fetch-aligner.sh put in {@code dir}. */
  public static ForcedAligner load(Path dir) throws IOException {
    for (String required : List.of(ACOUSTIC_MODEL + "/mdef", DICTIONARY, LETTER_TO_SOUND)) {
      if (!Files.isRegularFile(dir.resolve(required))) {
        throw new IOException(dir + " has no " + required + " (models/aligner/fetch-aligner.sh makes it)");
      }
    }
    return new ForcedAligner(AcousticModel.load(dir.resolve(ACOUSTIC_MODEL)),
        new Pronunciations(PronouncingDictionary.read(dir.resolve(DICTIONARY)),
            LetterToSound.load(dir.resolve(LETTER_TO_SOUND))));
  }

  /** Its acoustic model, dictionary and letter-to-sound network are American English. */
  @Override
  public boolean speaks(String language) {
    return "en".equals(language);
  }

  /**
   * The aligned times, or the pauses' refinement where no alignment fits. A failure of the aligner itself (a
   * defect) is logged, by its kind only (its message could hold patient text), and costs the result only its
   * precise times, never the call.
   */
  @Override
  public List<WordTiming> retime(float[] samples, int from, int length, double offsetSeconds,
      List<WordTiming> words) {
    Optional<List<WordTiming>> aligned;
    try {
      aligned = align(samples, from, length, offsetSeconds, words);
    } catch (RuntimeException e) {
      LOG.warning("forced alignment failed (" + e.getClass().getName() + "); the result keeps the pauses' times");
      aligned = Optional.empty();
    }
    return aligned.orElseGet(() -> PAUSES.retime(samples, from, length, offsetSeconds, words));
  }

  /**
   * {@code words} (in order, timed roughly) retimed by aligning them with {@code samples[from, from + length)},
   * 16 kHz mono whose first sample lies {@code offsetSeconds} into the recording; times are in the recording's
   * seconds.
   * Empty when no alignment fits within the search margins (the words do not match the audio).
   */
  public Optional<List<WordTiming>> align(float[] samples, int from, int length, double offsetSeconds,
      List<WordTiming> words) {
    Graph graph = graph(words, offsetSeconds);
    float[][] features = SphinxFeatures.of(samples, from, length);
    if (graph.spoken.length == 0 || features.length < graph.wordStates()) {
      return Optional.empty();
    }
    AcousticModel.Scorer scorer = model.scorer(features);
    int[] path = graph.search(scorer, LOG_BEAM);
    if (path == null) { // the beam lost the way: search the whole band
      path = graph.search(scorer, Double.POSITIVE_INFINITY);
    }
    if (path == null) {
      return Optional.empty();
    }
    int[] firstFrame = new int[graph.units];
    int[] lastFrame = new int[graph.units];
    Arrays.fill(firstFrame, -1);
    for (int t = 0; t < path.length; t++) {
      int unit = graph.unit[path[t]];
      if (firstFrame[unit] < 0) {
        firstFrame[unit] = t;
      }
      lastFrame[unit] = t;
    }
    List<WordTiming> timed = new ArrayList<>(words.size());
    int next = 0; // the next spoken word
    for (int i = 0; i < words.size(); i++) {
      WordTiming word = words.get(i);
      if (next < graph.spoken.length && graph.spoken[next] == i) {
        int unit = graph.wordUnit(next++);
        double start = offsetSeconds + SphinxFeatures.boundary(firstFrame[unit]) / SAMPLE_RATE;
        double end = offsetSeconds + SphinxFeatures.boundary(lastFrame[unit] + 1) / SAMPLE_RATE;
        timed.add(new WordTiming(word.word(), WordTiming.toHundredths(start), WordTiming.toHundredths(end),
            word.probability(), true));
      } else {
        timed.add(null); // said nothing: placed once its neighbours are known
      }
    }
    for (int i = 0; i < timed.size(); i++) {
      if (timed.get(i) == null) {
        double at = i > 0 ? timed.get(i - 1).end() : nextStart(timed, i);
        WordTiming word = words.get(i);
        timed.set(i, new WordTiming(word.word(), at, at, word.probability(), true));
      }
    }
    return Optional.of(timed);
  }

  /** The start of the first timed word after {@code i} (there is one: some word was spoken). */
  private static double nextStart(List<WordTiming> timed, int i) {
    int j = i + 1;
    while (timed.get(j) == null) {
      j++;
    }
    return timed.get(j).start();
  }

  /** The search graph: silence, word 1, silence, word 2, ..., word n, silence; each unit a chain of states. */
  private Graph graph(List<WordTiming> words, double offsetSeconds) {
    List<Integer> spoken = new ArrayList<>();
    List<int[]> phones = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      int[] ids = pronunciations.phones(words.get(i).word()).stream().mapToInt(model::ciPhone)
          .filter(p -> p >= 0).toArray();
      if (ids.length > 0) {
        spoken.add(i);
        phones.add(ids);
      }
    }
    int states = (phones.size() + 1 + phones.stream().mapToInt(w -> w.length).sum()) * model.emittingStates();
    Graph graph = new Graph(spoken.stream().mapToInt(Integer::intValue).toArray(), states);
    int silence = model.silence();
    double frameSeconds = (double) SphinxFeatures.FRAME_SHIFT / SAMPLE_RATE;
    int margin = (int) Math.round(SEARCH_MARGIN_SECONDS / frameSeconds);
    for (int k = 0; k <= phones.size(); k++) {
      // the silence before word k (or after the last word) may last until that word's end: cross-attention puts
      // a word after a pause early, in the pause (the first word of a clip at its start)
      int low = k == 0 ? 0 : frame(words.get(graph.spoken[k - 1]).end(), offsetSeconds) - margin;
      int high = k == phones.size() ? Integer.MAX_VALUE
          : frame(words.get(graph.spoken[k]).end(), offsetSeconds) + margin;
      graph.addUnit(new int[] {silence}, new AcousticModel.WordPosition[] {AcousticModel.WordPosition.SINGLE},
          new int[] {silence}, new int[] {silence}, low, high, true);
      if (k == phones.size()) {
        break;
      }
      int[] word = phones.get(k);
      int left = k == 0 ? silence : last(phones.get(k - 1));
      int right = k + 1 == phones.size() ? silence : phones.get(k + 1)[0];
      AcousticModel.WordPosition[] positions = new AcousticModel.WordPosition[word.length];
      int[] lefts = new int[word.length];
      int[] rights = new int[word.length];
      for (int p = 0; p < word.length; p++) {
        positions[p] = word.length == 1 ? AcousticModel.WordPosition.SINGLE
            : p == 0 ? AcousticModel.WordPosition.BEGIN
            : p == word.length - 1 ? AcousticModel.WordPosition.END : AcousticModel.WordPosition.INTERNAL;
        lefts[p] = p == 0 ? left : word[p - 1];
        rights[p] = p == word.length - 1 ? right : word[p + 1];
      }
      WordTiming timed = words.get(graph.spoken[k]);
      graph.addUnit(word, positions, lefts, rights, frame(timed.start(), offsetSeconds) - margin,
          frame(timed.end(), offsetSeconds) + margin, false);
    }
    return graph;
  }

  private static int frame(double seconds, double offsetSeconds) {
    return (int) Math.round((seconds - offsetSeconds) * SAMPLE_RATE / SphinxFeatures.FRAME_SHIFT);
  }

  private static int last(int[] values) {
    return values[values.length - 1];
  }

  /** States in the order of the units they belong to; a Viterbi search over a band of them per frame. */
  private final class Graph {
    final int[] spoken;
    int units;
    private int size;
    private final int[] senone;
    private final double[] selfLog;
    /** log P of leaving the state forward: to the next state of its phone, the next phone, or the next unit. */
    private final double[] exitLog;
    /** Added on entering the state from the state before it (the silence's cost on a silence's first state). */
    private final double[] entryLog;
    /** The state before an optional silence that may be skipped to reach this one, or -1. */
    private final int[] skipFrom;
    final int[] unit;
    /**
     * The frames a state may be alive in; kept non-decreasing over the states, so that the states alive at a frame
     * form one run.
     */
    private final int[] lowFrame;
    private final int[] highFrame;
    /** The first state of the first word and the last of the last (the silences around them may be skipped). */
    private int firstWordState = -1;
    private int lastWordState = -1;

    Graph(int[] spoken, int states) {
      this.spoken = spoken;
      senone = new int[states];
      selfLog = new double[states];
      exitLog = new double[states];
      entryLog = new double[states];
      skipFrom = new int[states];
      unit = new int[states];
      lowFrame = new int[states];
      highFrame = new int[states];
    }

    /** The fewest frames a path needs: one per state of every word (the silences may be skipped). */
    int wordStates() {
      int silences = (units - spoken.length) * model.emittingStates();
      return size - silences;
    }

    /** Word k's unit: silences and words alternate, starting with a silence. */
    int wordUnit(int k) {
      return 2 * k + 1;
    }

    void addUnit(int[] bases, AcousticModel.WordPosition[] positions, int[] lefts, int[] rights, int low,
        int high, boolean optionalSilence) {
      int firstState = size;
      int states = model.emittingStates();
      for (int p = 0; p < bases.length; p++) {
        int phone = model.phone(bases[p], lefts[p], rights[p], positions[p]);
        for (int j = 0; j < states; j++) {
          senone[size] = model.senone(phone, j);
          selfLog[size] = model.logTransition(phone, j, j);
          exitLog[size] = model.logTransition(phone, j, j + 1);
          entryLog[size] = 0;
          skipFrom[size] = -1;
          unit[size] = units;
          lowFrame[size] = size == 0 ? 0 : Math.max(low, lowFrame[size - 1]);
          highFrame[size] = size == 0 ? high : Math.max(high, highFrame[size - 1]);
          size++;
        }
      }
      if (optionalSilence) {
        entryLog[firstState] = LOG_SILENCE_PROBABILITY;
      } else {
        // a word may follow the word before it directly, skipping the silence between them
        skipFrom[firstState] = lastWordState;
        firstWordState = firstWordState < 0 ? firstState : firstWordState;
        lastWordState = size - 1;
      }
      units++;
    }

    /**
     * The best path's state at each frame, or null when none reaches the end within the band; paths less likely
     * than the best one at a frame by more than {@code logBeam} nats are dropped.
     */
    int[] search(AcousticModel.Scorer scorer, double logBeam) {
      int frames = scorer.frames();
      // the states alive at frame t: the run [first[t], last[t]]
      int[] first = new int[frames];
      int[] last = new int[frames];
      int a = 0;
      int b = -1;
      for (int t = 0; t < frames; t++) {
        while (a < size - 1 && highFrame[a] < t) {
          a++;
        }
        while (b + 1 < size && lowFrame[b + 1] <= t) {
          b++;
        }
        first[t] = a;
        last[t] = Math.max(a, b);
      }
      double[] previous = new double[size];
      double[] current = new double[size];
      Arrays.fill(previous, Double.NEGATIVE_INFINITY);
      Arrays.fill(current, Double.NEGATIVE_INFINITY);
      byte[][] back = new byte[frames][];
      for (int t = 0; t < frames; t++) {
        if (t >= 2) {
          Arrays.fill(current, first[t - 2], last[t - 2] + 1, Double.NEGATIVE_INFINITY);
        }
        back[t] = new byte[last[t] - first[t] + 1];
        double bestEntry = Double.NEGATIVE_INFINITY;
        for (int s = first[t]; s <= last[t]; s++) {
          double best;
          byte from = 0;
          if (t == 0) {
            best = s == 0 ? entryLog[0] : s == firstWordState ? 0 : Double.NEGATIVE_INFINITY;
          } else {
            best = previous[s] + selfLog[s];
            if (s > 0) {
              double forward = previous[s - 1] + exitLog[s - 1] + entryLog[s];
              if (forward > best) {
                best = forward;
                from = 1;
              }
            }
            if (skipFrom[s] >= 0) {
              double skip = previous[skipFrom[s]] + exitLog[skipFrom[s]];
              if (skip > best) {
                best = skip;
                from = 2;
              }
            }
          }
          back[t][s - first[t]] = from;
          current[s] = best;
          bestEntry = Math.max(bestEntry, best);
        }
        // only states within the beam of the frame's best are scored: the others' codebooks are never computed
        for (int s = first[t]; s <= last[t]; s++) {
          current[s] = current[s] == Double.NEGATIVE_INFINITY || current[s] < bestEntry - logBeam
              ? Double.NEGATIVE_INFINITY
              : current[s] + scorer.score(t, senone[s]);
        }
        double[] swap = previous;
        previous = current;
        current = swap;
      }
      int end = previous[size - 1] + exitLog[size - 1] >= previous[lastWordState] + exitLog[lastWordState]
          ? size - 1 : lastWordState;
      if (previous[end] == Double.NEGATIVE_INFINITY) {
        return null;
      }
      int[] path = new int[frames];
      int s = end;
      for (int t = frames - 1; t >= 0; t--) {
        path[t] = s;
        byte from = back[t][s - first[t]];
        s = from == 0 ? s : from == 1 ? s - 1 : skipFrom[s];
      }
      return path;
    }
  }
}
