package io.medasr.whisper;

/** Which decoder files of the Hugging Face / optimum export drive the KV-cache loop. */
public enum DecoderLayout {
  /** {@code decoder_model_merged.onnx}: one graph, switched by the {@code use_cache_branch} input. */
  MERGED,
  /** {@code decoder_model.onnx} for the first step, {@code decoder_with_past_model.onnx} afterwards. */
  SPLIT
}
