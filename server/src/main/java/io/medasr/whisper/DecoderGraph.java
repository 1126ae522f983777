package io.medasr.whisper;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The input and output names and element types of one decoder session of the optimum layout, read
 * from the session's metadata (axis names and optional inputs differ between exporter versions).
 */
final class DecoderGraph {
  private static final String PAST_PREFIX = "past_key_values.";
  private static final String PRESENT_PREFIX = "present.";
  private static final String CROSS_ATTENTION_PREFIX = "cross_attentions.";
  /** Metadata of a quantized graph whose outputs at a position do not depend on the other positions fed with it. */
  private static final String BATCH_INVARIANT_KEY = "medasr.batch_invariant";

  /** One past key/value input and the present output that feeds it on the next step. */
  record PastInput(String name, String present, OnnxJavaType type, boolean encoder) {}

  final OrtSession session;
  final String inputIds;
  final OnnxJavaType inputIdsType;
  final String encoderHiddenStates;
  final String useCacheBranch;
  final String cachePosition;
  /**
   * {@code logits_rows} (int64 [R]: the fed positions whose logits the graph computes; models/tools/whisper_graph.py
   * since 2026-11-30), or null when the graph computes a row per fed token (optimum exports, older builds).
   */
  final String logitsRows;
  /**
   * {@code beam_index} (int64 [B]: for each row of input_ids, the row of the pasts it extends; with-past graphs of
   * models/tools/whisper_graph.py since 2026-12-02), or null when each row extends its own row.
   */
  final String beamIndex;
  final List<PastInput> pastInputs;
  final String logits;
  final List<String> decoderPresents;
  final List<String> encoderPresents;
  /** {@code cross_attentions.{layer}} outputs by layer; empty when the export has none. */
  final Map<Integer, String> crossAttentions;
  /**
   * Whether the graph's metadata says that it quantizes activations per row (models/tools/quantize.py since
   * 2026-12-01), not per call.
   */
  final boolean markedBatchInvariant;

  DecoderGraph(OrtSession session, Path file) throws OrtException, IOException {
    this.session = session;
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    inputIds = require(inputs, "input_ids", file);
    inputIdsType = tensorType(inputs.get(inputIds));
    if (inputIdsType != OnnxJavaType.INT64 && inputIdsType != OnnxJavaType.INT32) {
      throw new IOException(file + ": input_ids must be int64 or int32, found " + inputIdsType);
    }
    encoderHiddenStates = inputs.containsKey("encoder_hidden_states") ? "encoder_hidden_states" : null;
    useCacheBranch = inputs.containsKey("use_cache_branch") ? "use_cache_branch" : null;
    cachePosition = inputs.containsKey("cache_position") ? "cache_position" : null;
    logitsRows = inputs.containsKey("logits_rows") ? "logits_rows" : null;
    if (logitsRows != null && tensorType(inputs.get(logitsRows)) != OnnxJavaType.INT64) {
      throw new IOException(file + ": logits_rows must be int64, found " + tensorType(inputs.get(logitsRows)));
    }
    beamIndex = inputs.containsKey("beam_index") ? "beam_index" : null;
    if (beamIndex != null && tensorType(inputs.get(beamIndex)) != OnnxJavaType.INT64) {
      throw new IOException(file + ": beam_index must be int64, found " + tensorType(inputs.get(beamIndex)));
    }
    logits = require(outputs, "logits", file);
    if (tensorType(outputs.get(logits)) != OnnxJavaType.FLOAT) {
      throw new IOException(file + ": logits must be float32, found " + tensorType(outputs.get(logits)));
    }
    List<PastInput> pasts = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
      String name = input.getKey();
      if (name.startsWith(PAST_PREFIX)) {
        String suffix = name.substring(PAST_PREFIX.length());
        pasts.add(
            new PastInput(
                name, PRESENT_PREFIX + suffix, tensorType(input.getValue()), suffix.contains(".encoder.")));
      }
    }
    pastInputs = List.copyOf(pasts);
    List<String> decoderOut = new ArrayList<>();
    List<String> encoderOut = new ArrayList<>();
    Map<Integer, String> attention = new TreeMap<>();
    for (String name : outputs.keySet()) {
      if (name.startsWith(PRESENT_PREFIX)) {
        (name.contains(".encoder.") ? encoderOut : decoderOut).add(name);
      } else if (name.startsWith(CROSS_ATTENTION_PREFIX)) {
        attention.put(Integer.parseInt(name.substring(CROSS_ATTENTION_PREFIX.length())), name);
      }
    }
    decoderPresents = List.copyOf(decoderOut);
    encoderPresents = List.copyOf(encoderOut);
    crossAttentions = Map.copyOf(attention);
    markedBatchInvariant =
        "true".equals(session.getMetadata().getCustomMetadataValue(BATCH_INVARIANT_KEY).orElse(null));
    if (decoderPresents.isEmpty()) {
      throw new IOException(file + " has no present.*.decoder.* outputs: not a KV-cache export");
    }
  }

  private static String require(Map<String, NodeInfo> infos, String name, Path file)
      throws IOException {
    if (!infos.containsKey(name)) {
      throw new IOException(file + " has no '" + name + "' (found " + infos.keySet() + ")");
    }
    return name;
  }

  private static OnnxJavaType tensorType(NodeInfo info) {
    return info.getInfo() instanceof TensorInfo tensor ? tensor.type : OnnxJavaType.UNKNOWN;
  }
}
