package io.medasr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KV-cache decoding for both optimum layouts. The first call runs the no-past graph (merged: {@code
 * use_cache_branch=false} with zero-length pasts) and its result is kept to the end, because its
 * {@code present.*.encoder.*} are the cross-attention keys/values of every later step (the cache
 * branch only returns empty placeholders for them). Later calls feed the previous step's {@code
 * present.*.decoder.*} and write their logits into one pinned direct buffer, so a step copies only
 * the row the caller asks for. Not thread-safe.
 */
final class KvCacheDecoder implements IncrementalDecoder {
  private final WhisperModel model;
  private final EncoderOutput audio;
  private final NativeTracker tracker;
  private final FloatBuffer stepLogits;
  private OnnxTensor pinnedStepLogits;
  private OrtSession.Result firstResult;
  private OrtSession.Result lastResult;
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
  }

  @Override
  public LogitRows append(int[] tokens) {
    if (closed) {
      throw new IllegalStateException("decoder already closed");
    }
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens to append");
    }
    List<OnnxTensor> temporaries = new ArrayList<>();
    try {
      return firstResult == null ? firstStep(tokens, temporaries) : nextStep(tokens, temporaries);
    } catch (OrtException e) {
      throw new InferenceException("decoder step at position " + pastLength + " failed", e);
    } finally {
      temporaries.forEach(tracker::close);
    }
  }

  private LogitRows firstStep(int[] tokens, List<OnnxTensor> temporaries) throws OrtException {
    DecoderGraph graph = model.firstStep();
    Map<String, OnnxTensorLike> inputs = model.firstStepInputs(graph, audio, tokens, temporaries);
    Set<String> outputs = new LinkedHashSet<>();
    outputs.add(graph.logits);
    outputs.addAll(graph.decoderPresents);
    outputs.addAll(graph.encoderPresents);
    firstResult = tracker.opened(graph.session.run(inputs, outputs));
    lastResult = firstResult;
    pastLength = tokens.length;
    // the prompt's logits rows are needed twice (no-speech at the SOT row, then the last row)
    FloatBuffer logits = ((OnnxTensor) WhisperModel.output(firstResult, graph.logits)).getFloatBuffer();
    return new LogitRows(logits, tokens.length, model.logitsWidth());
  }

  private LogitRows nextStep(int[] tokens, List<OnnxTensor> temporaries) throws OrtException {
    DecoderGraph graph = model.nextSteps();
    Map<String, OnnxTensorLike> inputs = new HashMap<>();
    inputs.put(graph.inputIds, temporary(model.tokenTensor(graph, tokens), temporaries));
    if (graph.encoderHiddenStates != null) {
      inputs.put(graph.encoderHiddenStates, audio.hiddenStates());
    }
    if (graph.useCacheBranch != null) {
      inputs.put(graph.useCacheBranch, temporary(model.booleanTensor(true), temporaries));
    }
    if (graph.cachePosition != null) {
      inputs.put(graph.cachePosition, temporary(model.positionTensor(pastLength, tokens.length), temporaries));
    }
    for (DecoderGraph.PastInput past : graph.pastInputs) {
      OrtSession.Result source = past.encoder() ? firstResult : lastResult;
      inputs.put(past.name(), (OnnxTensor) WhisperModel.output(source, past.present()));
    }
    Set<String> outputs = new LinkedHashSet<>(graph.decoderPresents);
    OnnxTensor logitsTarget;
    FloatBuffer logitsView;
    if (tokens.length == 1) {
      if (pinnedStepLogits == null) {
        pinnedStepLogits = model.pinnedLogits(stepLogits, 1);
      }
      logitsTarget = pinnedStepLogits;
      logitsView = stepLogits;
    } else {
      FloatBuffer buffer =
          ByteBuffer.allocateDirect(tokens.length * model.logitsWidth() * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      logitsTarget = temporary(model.pinnedLogits(buffer, tokens.length), temporaries);
      logitsView = buffer;
    }
    Map<String, OnnxValue> pinned = Map.of(graph.logits, logitsTarget);
    OrtSession.Result result = tracker.opened(graph.session.run(inputs, outputs, pinned));
    if (lastResult != firstResult) {
      tracker.close(lastResult);
    }
    lastResult = result;
    pastLength += tokens.length;
    return new LogitRows(logitsView, tokens.length, model.logitsWidth());
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
    if (lastResult != null && lastResult != firstResult) {
      tracker.close(lastResult);
    }
    if (firstResult != null) {
      tracker.close(firstResult);
    }
    if (pinnedStepLogits != null) {
      tracker.close(pinnedStepLogits);
    }
  }
}
