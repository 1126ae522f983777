package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Beam hypotheses stepped in one decoder run (graphs with a {@code beam_index} input, models/tools/whisper_graph.py
 * since 2026-12-02): the run gathers each new hypothesis's self-attention keys and values from its source's row of
 * the previous run's presents, and every hypothesis attends to the window's one copy of the cross-attention keys
 * and values. A step reads the decoder's weights once for all beams instead of once per beam, which is what a
 * decoder step, bound by memory bandwidth, costs (docs/models.md, The limit).
 */
final class BatchedBeams implements BeamDecoders {
  /** Logit rows of a run that feeds one token per sequence. */
  private static final int[] FED_TOKEN = {0};

  private final WhisperModel model;
  private final EncoderOutput audio;
  private final NativeTracker tracker;
  /** The previous run's presents, a row per hypothesis; the prompted decoder's (one row) before the first step. */
  private SharedNative<Presents> cache;
  private int pastLength;
  private FloatBuffer logits;
  private boolean closed;

  BatchedBeams(WhisperModel model, EncoderOutput audio, SharedNative<Presents> prompted, int pastLength) {
    this.model = model;
    this.audio = audio;
    this.tracker = model.tracker();
    this.cache = prompted.retain();
    this.pastLength = pastLength;
  }

  @Override
  public void step(int[] sources, int[] tokens, float[][] rows) {
    if (closed) {
      throw new IllegalStateException("beams already closed");
    }
    if (sources.length != tokens.length || rows.length < tokens.length || tokens.length == 0) {
      throw new IllegalArgumentException(
          sources.length + " sources, " + tokens.length + " tokens and " + rows.length + " logits rows");
    }
    int width = model.logitsWidth();
    int beams = tokens.length;
    if (logits == null || logits.capacity() < beams * width) {
      logits = ByteBuffer.allocateDirect(beams * width * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    DecoderGraph graph = model.nextSteps();
    List<OnnxTensor> temporaries = new ArrayList<>();
    try {
      Map<String, OnnxTensorLike> inputs =
          model.cachedStepInputs(audio, sources, tokens, FED_TOKEN, pastLength, cache.value, temporaries);
      OnnxTensor target = model.pinnedBeamLogits(logits, beams);
      temporaries.add(target);
      Map<String, OnnxValue> pinned = Map.of(graph.logits, target);
      Presents result = tracker.opened(Presents.of(
          graph.session.run(inputs, new LinkedHashSet<>(graph.decoderPresents), pinned, audio.run().options())));
      cache.release();
      cache = new SharedNative<>(result, tracker);
      pastLength++;
    } catch (OrtException e) {
      throw audio.run().failure("beam step at position " + pastLength + " failed", e);
    } finally {
      temporaries.forEach(tracker::close);
    }
    for (int i = 0; i < beams; i++) {
      logits.get(i * width, rows[i], 0, width);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    cache.release();
  }
}
