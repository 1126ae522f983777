package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * KV-cache decoding for both optimum layouts. The window's first decoder run uses the no-past graph (merged:
 * {@code use_cache_branch=false} with zero-length pasts); the {@link EncoderOutput} keeps its result, because its
 * {@code present.*.encoder.*} are the cross-attention keys/values of every later step of every decoder over that
 * window (the cache branch only returns empty placeholders for them). A decoder that starts after that run feeds
 * the cached keys/values and zero-length self-attention pasts to the with-past graph, which computes the same
 * logits without projecting the hidden states again. Later calls feed the previous step's {@code
 * present.*.decoder.*}. Every run writes its logits into a pinned direct buffer (one buffer for the one-row
 * steps, so a step copies only the row the caller asks for), so the results kept hold only presents. {@link
 * #rewind} replaces them with copies cut to fewer positions.
 *
 * <p>{@link #fork()} shares the run results and the pinned buffer by reference count (beam search):
 * a fork's {@link LogitRows} are valid until the next call on any decoder of the family. Not
 * thread-safe, forks included: use a decoder and its forks from one thread.
 */
final class KvCacheDecoder implements IncrementalDecoder {
  private final WhisperModel model;
  private final EncoderOutput audio;
  private final NativeTracker tracker;
  private final FloatBuffer stepLogits;
  private final SharedNative<OnnxTensor> pinnedStepLogits;
  /** Logits of the calls that ask for several rows; null until one does. Not shared with forks. */
  private FloatBuffer rowsLogits;
  /** The presents whose {@code present.*.decoder.*} the next step feeds; null before the first step. */
  private SharedNative<Presents> cache;
  private int pastLength;
  private boolean closed;

  KvCacheDecoder(WhisperModel model, EncoderOutput audio) {
    this.model = model;
    this.audio = audio;
    this.tracker = model.tracker();
    this.stepLogits =
        ByteBuffer.allocateDirect(model.logitsWidth() * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    try {
      this.pinnedStepLogits = new SharedNative<>(model.pinnedLogits(stepLogits, 1), tracker);
    } catch (OrtException e) {
      throw new InferenceException("could not create the logits buffer", e);
    }
  }

  private KvCacheDecoder(KvCacheDecoder source) {
    this.model = source.model;
    this.audio = source.audio;
    this.tracker = source.tracker;
    this.stepLogits = source.stepLogits;
    this.pinnedStepLogits = source.pinnedStepLogits.retain();
    this.cache = source.cache.retain();
    this.pastLength = source.pastLength;
  }

  @Override
  public IncrementalDecoder fork() {
    if (closed || cache == null) {
      throw new IllegalStateException("only an open decoder that has been fed can be forked");
    }
    return new KvCacheDecoder(this);
  }

  /** One decoder run per step for all hypotheses where the graph can ({@link BatchedBeams}), else forks. */
  @Override
  public BeamDecoders beams() {
    if (closed || cache == null) {
      throw new IllegalStateException("only an open decoder that has been fed can start beams");
    }
    return model.stepsBeamsTogether()
        ? new BatchedBeams(model, audio, cache, pastLength)
        : IncrementalDecoder.super.beams();
  }

  @Override
  public LogitRows append(int[] tokens, int... logitRows) {
    if (closed) {
      throw new IllegalStateException("decoder already closed");
    }
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens to append");
    }
    if (logitRows.length == 0 || Arrays.stream(logitRows).anyMatch(row -> row < 0 || row >= tokens.length)) {
      throw new IllegalArgumentException(
          "logit rows " + Arrays.toString(logitRows) + " must name some of the " + tokens.length + " fed tokens");
    }
    List<OnnxTensor> temporaries = new ArrayList<>();
    try {
      return audio.crossAttention() == null
          ? firstRun(tokens, logitRows, temporaries)
          : nextStep(tokens, logitRows, temporaries);
    } catch (OrtException e) {
      throw audio.run().failure("decoder step at position " + pastLength + " failed", e);
    } finally {
      temporaries.forEach(tracker::close);
    }
  }

  private LogitRows firstRun(int[] tokens, int[] logitRows, List<OnnxTensor> temporaries) throws OrtException {
    DecoderGraph graph = model.firstStep();
    Map<String, OnnxTensorLike> inputs = model.firstStepInputs(graph, audio, tokens, logitRows, temporaries);
    Set<String> presents = new LinkedHashSet<>(graph.decoderPresents);
    presents.addAll(graph.encoderPresents);
    LogitRows rows = run(graph, inputs, presents, tokens.length, logitRows, temporaries);
    audio.keepCrossAttention(cache);
    return rows;
  }

  private LogitRows nextStep(int[] tokens, int[] logitRows, List<OnnxTensor> temporaries) throws OrtException {
    DecoderGraph graph = model.nextSteps();
    Map<String, OnnxTensorLike> inputs = model.cachedStepInputs(
        audio, tokens, logitRows, pastLength, cache == null ? null : cache.value, temporaries);
    return run(graph, inputs, new LinkedHashSet<>(graph.decoderPresents), tokens.length, logitRows, temporaries);
  }

  /**
   * Runs {@code graph} over {@code fed} tokens with its logits written into a pinned buffer (the one-row step
   * buffer, or one sized to the rows the graph computes), so that the kept result holds only the presents.
   */
  private LogitRows run(DecoderGraph graph, Map<String, OnnxTensorLike> inputs, Set<String> presents, int fed,
      int[] logitRows, List<OnnxTensor> temporaries) throws OrtException {
    // a graph with logits_rows computes just the rows asked for; any other computes a row per fed token
    int rows = graph.logitsRows != null ? logitRows.length : fed;
    int[] storedRows = graph.logitsRows != null ? IntStream.range(0, rows).toArray() : logitRows;
    OnnxTensor logitsTarget = pinnedStepLogits.value;
    FloatBuffer logitsView = stepLogits;
    if (rows > 1) {
      logitsView = rowsLogits(rows);
      logitsTarget = temporary(model.pinnedLogits(logitsView, rows), temporaries);
    }
    Map<String, OnnxValue> pinned = Map.of(graph.logits, logitsTarget);
    Presents result = tracker.opened(Presents.of(graph.session.run(inputs, presents, pinned, audio.run().options())));
    replacePresents(result);
    pastLength += fed;
    return new LogitRows(logitsView, storedRows, model.logitsWidth());
  }

  /**
   * A direct buffer of {@code rows} logits rows, reused from call to call (a drafted decode asks for 25 rows a
   * call: 5 MB for whisper-base), so that the calls of a decode do not each leave one for the collector.
   */
  private FloatBuffer rowsLogits(int rows) {
    int values = rows * model.logitsWidth();
    if (rowsLogits == null || rowsLogits.capacity() < values) {
      rowsLogits = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    return rowsLogits.duplicate().clear().limit(values).slice();
  }

  private void replacePresents(Presents presents) {
    if (cache != null) {
      cache.release();
    }
    cache = new SharedNative<>(presents, tracker);
  }

  @Override
  public void rewind(int tokens) {
    if (closed) {
      throw new IllegalStateException("decoder already closed");
    }
    if (tokens < 0 || tokens > pastLength) {
      throw new IllegalArgumentException("cannot rewind " + tokens + " of " + pastLength + " fed tokens");
    }
    if (tokens == 0) {
      return;
    }
    int kept = pastLength - tokens;
    try {
      replacePresents(tracker.opened(cache.value.cut(model.nextSteps().decoderPresents, kept, model.env())));
    } catch (OrtException e) {
      throw audio.run().failure("rewinding the decoder to position " + kept + " failed", e);
    }
    pastLength = kept;
  }

  private static OnnxTensor temporary(OnnxTensor tensor, List<OnnxTensor> temporaries) {
    temporaries.add(tensor);
    return tensor;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (cache != null) {
      cache.release();
    }
    pinnedStepLogits.release();
  }
}
