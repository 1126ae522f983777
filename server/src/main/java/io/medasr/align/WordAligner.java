package io.medasr.align;

import io.medasr.tokenizer.WhisperTokenizer;
import io.medasr.whisper.EncoderOutput;
import io.medasr.whisper.ForcedDecoding;
import io.medasr.whisper.WhisperModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Word times from cross-attention (openai timing.py {@code find_alignment} and {@code
 * add_word_timestamps}): one teacher-forced pass over {@code SOT sequence + <|notimestamps|> +
 * text + <|endoftext|>}; the alignment heads' attention over the window's real frames is
 * z-normalised over tokens, median-filtered over frames, averaged over heads and aligned to the
 * tokens by DTW. A word's probability is the mean probability of its tokens in that pass.
 *
 * <p>Exported attention is softmax over all 1500 positions; renormalising each row over the first
 * {@code numFrames/2} positions gives exactly the softmax of the sliced scores that openai uses.
 * Models without {@code cross_attentions} outputs still get words and probabilities, with each
 * segment's span shared out by word length and {@link WordTiming#aligned()} false.
 *
 * <p>Thread-safe if the model is.
 */
public final class WordAligner {
  public static final String PREPEND_PUNCTUATIONS = "\"'“¿([{-";
  public static final String APPEND_PUNCTUATIONS = "\"'.。,，!！?？:：”)]}、";
  private static final String SENTENCE_END_MARKS = ".。!！?？";
  private static final int MEDIAN_FILTER_WIDTH = 7;
  /** Encoder positions per second (20 ms each). */
  private static final double TOKENS_PER_SECOND = 50.0;

  private final WhisperModel model;
  private final WhisperTokenizer tokenizer;
  private final WordSplitter splitter;

  public WordAligner(WhisperModel model) {
    this.model = model;
    this.tokenizer = model.tokenizer();
    this.splitter = new WordSplitter(tokenizer);
  }

  /**
   * Words with times for the segments decoded from one window.
   *
   * @param audio the window's encoder output
   * @param numFrames real (not padding) mel frames of the window
   * @param timeOffset start of the window in seconds
   * @param lastSpeechTimestamp end of the last word before this window (0 at the start)
   */
  public List<TimedSegment> addWordTimestamps(
      List<SegmentSpan> segments,
      EncoderOutput audio,
      String language,
      int numFrames,
      double timeOffset,
      double lastSpeechTimestamp) {
    if (segments.isEmpty()) {
      return List.of();
    }
    int[] textTokens = segments.stream().flatMapToInt(s -> Arrays.stream(s.textTokens())).toArray();
    List<WordSpan> alignment = findAlignment(audio, language, textTokens, numFrames);
    boolean aligned = model.hasCrossAttentions();
    double medianDuration = aligned ? medianDuration(alignment) : 0;
    double maxDuration = medianDuration * 2;
    if (aligned && medianDuration > 0) {
      truncateAtSentenceEnds(alignment, maxDuration);
    }
    mergePunctuations(alignment, PREPEND_PUNCTUATIONS, APPEND_PUNCTUATIONS);

    List<TimedSegment> timed = new ArrayList<>(segments.size());
    int wordIndex = 0;
    double lastSpeech = lastSpeechTimestamp;
    for (SegmentSpan segment : segments) {
      List<WordSpan> words = new ArrayList<>();
      int savedTokens = 0;
      while (wordIndex < alignment.size() && savedTokens < segment.textTokens().length) {
        WordSpan word = alignment.get(wordIndex++);
        if (!word.word.isEmpty()) {
          words.add(word);
        }
        savedTokens += word.tokens.size();
      }
      if (!aligned) {
        timed.add(shareOut(segment, words));
        continue;
      }
      double[] bounds = {segment.start(), segment.end()};
      List<WordTiming> timings = absoluteTimes(words, timeOffset);
      if (!timings.isEmpty()) {
        timings = clampToSegment(timings, bounds, lastSpeech, medianDuration, maxDuration);
        lastSpeech = bounds[1];
      }
      timed.add(new TimedSegment(bounds[0], bounds[1], timings));
    }
    return timed;
  }

  /**
   * openai {@code find_alignment}: the words of {@code textTokens} with window-relative times (NaN
   * when the model exports no cross-attentions).
   */
  List<WordSpan> findAlignment(EncoderOutput audio, String language, int[] textTokens, int numFrames) {
    if (textTokens.length == 0) {
      return new ArrayList<>();
    }
    int eot = tokenizer.specials().eot();
    int[] sot = tokenizer.sotSequence(language, false).stream().mapToInt(Integer::intValue).toArray();
    int[] tokens = new int[sot.length + textTokens.length + 2];
    System.arraycopy(sot, 0, tokens, 0, sot.length);
    tokens[sot.length] = tokenizer.specials().noTimestamps();
    System.arraycopy(textTokens, 0, tokens, sot.length + 1, textTokens.length);
    tokens[tokens.length - 1] = eot;

    ForcedDecoding pass = model.forcedDecode(audio, tokens);
    double[] tokenProbs = textTokenProbabilities(pass, sot.length, textTokens, eot);

    int[] withEot = Arrays.copyOf(textTokens, textTokens.length + 1);
    withEot[textTokens.length] = eot;
    List<WordSplitter.Word> words = splitter.split(withEot, language);
    if (words.size() <= 1) {
      return new ArrayList<>();
    }
    int[] boundaries = new int[words.size()];
    for (int w = 1; w < words.size(); w++) {
      boundaries[w] = boundaries[w - 1] + words.get(w - 1).tokens().size();
    }
    double[] jumpTimes = pass.hasAttention() ? jumpTimes(pass, sot.length, numFrames) : null;
    List<WordSpan> spans = new ArrayList<>(words.size() - 1);
    for (int w = 0; w + 1 < words.size(); w++) {
      int from = boundaries[w];
      int to = boundaries[w + 1];
      double probability = 0;
      for (int k = from; k < to; k++) {
        probability += tokenProbs[k];
      }
      probability = to > from ? probability / (to - from) : Double.NaN;
      double start = jumpTimes == null ? Double.NaN : jumpTimes[from];
      double end = jumpTimes == null ? Double.NaN : jumpTimes[to];
      spans.add(new WordSpan(words.get(w).text(), words.get(w).tokens(), start, end, probability));
    }
    return spans;
  }

  /** Softmax over the text vocabulary (ids below end-of-text) at the row predicting each token. */
  private static double[] textTokenProbabilities(ForcedDecoding pass, int sotLength, int[] textTokens, int eot) {
    double[] probs = new double[textTokens.length];
    float[] logits = pass.logits();
    for (int k = 0; k < textTokens.length; k++) {
      int offset = (sotLength + k) * pass.vocabSize();
      float max = Float.NEGATIVE_INFINITY;
      for (int id = 0; id < eot; id++) {
        max = Math.max(max, logits[offset + id]);
      }
      double sum = 0;
      for (int id = 0; id < eot; id++) {
        sum += Math.exp(logits[offset + id] - max);
      }
      probs[k] = Math.exp(logits[offset + textTokens[k]] - max) / sum;
    }
    return probs;
  }

  /** Seconds at which the DTW path first reaches each row from the notimestamps row on. */
  private static double[] jumpTimes(ForcedDecoding pass, int sotLength, int numFrames) {
    float[][][] heads = pass.alignmentAttention();
    int rows = pass.rows();
    int frames = Math.min(numFrames / 2, heads[0][0].length);
    float[][] matrix = new float[rows][frames];
    for (float[][] head : heads) {
      float[][] weights = new float[rows][frames];
      for (int r = 0; r < rows; r++) {
        double sum = 0;
        for (int f = 0; f < frames; f++) {
          sum += head[r][f];
        }
        for (int f = 0; f < frames; f++) {
          weights[r][f] = (float) (head[r][f] / sum);
        }
      }
      normaliseOverTokens(weights);
      for (int r = 0; r < rows; r++) {
        float[] filtered = MedianFilter.apply(weights[r], MEDIAN_FILTER_WIDTH);
        for (int f = 0; f < frames; f++) {
          matrix[r][f] += filtered[f] / heads.length;
        }
      }
    }
    // rows from <|notimestamps|> to the last text token; row r predicts text token r
    float[][] cost = new float[rows - 1 - sotLength][];
    for (int r = 0; r < cost.length; r++) {
      cost[r] = new float[frames];
      for (int f = 0; f < frames; f++) {
        cost[r][f] = -matrix[sotLength + r][f];
      }
    }
    int[][] path = Dtw.path(cost);
    int[] textIndices = path[0];
    int[] timeIndices = path[1];
    double[] jumps = new double[cost.length];
    int count = 0;
    for (int k = 0; k < textIndices.length && count < jumps.length; k++) {
      if (k == 0 || textIndices[k] != textIndices[k - 1]) {
        jumps[count++] = timeIndices[k] / TOKENS_PER_SECOND;
      }
    }
    return jumps;
  }

  /** z-score of each frame's column over the token axis, population standard deviation. */
  private static void normaliseOverTokens(float[][] weights) {
    int rows = weights.length;
    int frames = weights[0].length;
    for (int f = 0; f < frames; f++) {
      double mean = 0;
      for (float[] row : weights) {
        mean += row[f];
      }
      mean /= rows;
      double variance = 0;
      for (float[] row : weights) {
        variance += (row[f] - mean) * (row[f] - mean);
      }
      double std = Math.sqrt(variance / rows);
      for (float[] row : weights) {
        // a constant column (e.g. a window of one frame) carries no evidence; openai's NaN would
        // derail the DTW
        row[f] = std == 0 ? 0f : (float) ((row[f] - mean) / std);
      }
    }
  }

  private static double medianDuration(List<WordSpan> alignment) {
    double[] durations = alignment.stream().mapToDouble(w -> w.end - w.start).filter(d -> d != 0).sorted().toArray();
    if (durations.length == 0) {
      return 0;
    }
    int mid = durations.length / 2;
    double median = durations.length % 2 == 1 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
    return Math.min(0.7, median);
  }

  /** Words at sentence boundaries may not be longer than twice the median word. */
  static void truncateAtSentenceEnds(List<WordSpan> alignment, double maxDuration) {
    for (int i = 1; i < alignment.size(); i++) {
      WordSpan word = alignment.get(i);
      if (word.end - word.start > maxDuration) {
        if (SENTENCE_END_MARKS.contains(word.word)) {
          word.end = word.start + maxDuration;
        } else if (SENTENCE_END_MARKS.contains(alignment.get(i - 1).word)) {
          word.start = word.end - maxDuration;
        }
      }
    }
  }

  /** openai {@code merge_punctuations}: opening marks join the next word, closing marks the previous. */
  static void mergePunctuations(List<WordSpan> alignment, String prepended, String appended) {
    int i = alignment.size() - 2;
    int j = alignment.size() - 1;
    while (i >= 0) {
      WordSpan previous = alignment.get(i);
      WordSpan following = alignment.get(j);
      if (previous.word.startsWith(" ") && prepended.contains(previous.word.strip())) {
        following.word = previous.word + following.word;
        List<Integer> joined = new ArrayList<>(previous.tokens);
        joined.addAll(following.tokens);
        following.tokens = joined;
        previous.word = "";
        previous.tokens = new ArrayList<>();
      } else {
        j = i;
      }
      i--;
    }
    i = 0;
    j = 1;
    while (j < alignment.size()) {
      WordSpan previous = alignment.get(i);
      WordSpan following = alignment.get(j);
      if (!previous.word.endsWith(" ") && appended.contains(following.word)) {
        previous.word = previous.word + following.word;
        previous.tokens.addAll(following.tokens);
        following.word = "";
        following.tokens = new ArrayList<>();
      } else {
        i = j;
      }
      j++;
    }
  }

  private static List<WordTiming> absoluteTimes(List<WordSpan> words, double timeOffset) {
    List<WordTiming> timings = new ArrayList<>(words.size());
    for (WordSpan word : words) {
      timings.add(new WordTiming(
          word.word, round2(timeOffset + word.start), round2(timeOffset + word.end), (float) word.probability));
    }
    return timings;
  }

  /**
   * The segment-boundary heuristics of openai {@code add_word_timestamps}: shorten an over-long
   * first word after a pause, and prefer the segment's own timestamps when the first or last word
   * runs far past them; otherwise the segment takes its words' bounds. Updates {@code bounds}.
   */
  static List<WordTiming> clampToSegment(
      List<WordTiming> timings, double[] bounds, double lastSpeech, double medianDuration, double maxDuration) {
    int n = timings.size();
    double[] starts = timings.stream().mapToDouble(WordTiming::start).toArray();
    double[] ends = timings.stream().mapToDouble(WordTiming::end).toArray();
    if (ends[0] - lastSpeech > medianDuration * 4
        && (ends[0] - starts[0] > maxDuration || (n > 1 && ends[1] - starts[0] > maxDuration * 2))) {
      if (n > 1 && ends[1] - starts[1] > maxDuration) {
        double boundary = Math.max(ends[1] / 2, ends[1] - maxDuration);
        ends[0] = boundary;
        starts[1] = boundary;
      }
      starts[0] = Math.max(0, ends[0] - maxDuration);
    }
    if (bounds[0] < ends[0] && bounds[0] - 0.5 > starts[0]) {
      starts[0] = Math.max(0, Math.min(ends[0] - medianDuration, bounds[0]));
    } else {
      bounds[0] = starts[0];
    }
    if (bounds[1] > starts[n - 1] && bounds[1] + 0.5 < ends[n - 1]) {
      ends[n - 1] = Math.max(starts[n - 1] + medianDuration, bounds[1]);
    } else {
      bounds[1] = ends[n - 1];
    }
    List<WordTiming> adjusted = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      WordTiming t = timings.get(k);
      adjusted.add(new WordTiming(t.word(), starts[k], ends[k], t.probability()));
    }
    return adjusted;
  }

  /** Without attention: the segment's span shared out in proportion to each word's length. */
  private static TimedSegment shareOut(SegmentSpan segment, List<WordSpan> words) {
    int totalLength = words.stream().mapToInt(w -> Math.max(1, w.word.strip().length())).sum();
    double duration = segment.end() - segment.start();
    List<WordTiming> timings = new ArrayList<>(words.size());
    int before = 0;
    for (WordSpan word : words) {
      int length = Math.max(1, word.word.strip().length());
      double start = segment.start() + duration * before / totalLength;
      before += length;
      double end = segment.start() + duration * before / totalLength;
      timings.add(new WordTiming(word.word, round2(start), round2(end), (float) word.probability, false));
    }
    return new TimedSegment(segment.start(), segment.end(), timings);
  }

  /** Python's {@code round(x, 2)}: half-even on the exact binary value. */
  private static double round2(double value) {
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
