package io.medasr.whisper;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runtime needs from a Hugging Face Whisper model directory: the dimensions of {@code
 * config.json} and the decoding settings of {@code generation_config.json}.
 *
 * @param nMels mel bins of the encoder input (80, or 128 for large-v3)
 * @param dModel model width
 * @param encoderLayers encoder blocks
 * @param decoderLayers decoder blocks
 * @param decoderHeads attention heads per decoder block
 * @param vocabSize rows of the output projection (width of the logits)
 * @param audioContext encoder positions per 30 s window (1500)
 * @param textContext decoder positions (448)
 * @param suppressTokens ids always suppressed while decoding (openai {@code suppress_tokens="-1"}
 *     non-speech list; the special tokens are added by the decoder)
 * @param alignmentHeads cross-attention heads used for word timing; the heads of the last half of
 *     the decoder layers when the model names none (openai's fallback)
 * @param maxInitialTimestampIndex highest timestamp index allowed as the first sampled token (50 =
 *     1.0 s)
 */
public record ModelConfig(
    int nMels,
    int dModel,
    int encoderLayers,
    int decoderLayers,
    int decoderHeads,
    int vocabSize,
    int audioContext,
    int textContext,
    List<Integer> suppressTokens,
    List<AlignmentHead> alignmentHeads,
    int maxInitialTimestampIndex) {

  public ModelConfig {
    suppressTokens = List.copyOf(suppressTokens);
    alignmentHeads = List.copyOf(alignmentHeads);
  }

  /** Width of one attention head. */
  public int headDim() {
    return dModel / decoderHeads;
  }

  /**
   * Reads {@code config.json} (required) and {@code generation_config.json} (optional) of {@code
   * modelDir}.
   *
   * @param defaultSuppressTokens used when {@code generation_config.json} has no {@code
   *     suppress_tokens} (the tokenizer's non-speech tokens)
   * @throws IOException when {@code config.json} is missing or either file is malformed
   */
  public static ModelConfig read(Path modelDir, List<Integer> defaultSuppressTokens)
      throws IOException {
    JsonObject config = readJson(modelDir.resolve("config.json"), true);
    JsonObject generation = readJson(modelDir.resolve("generation_config.json"), false);
    Path configFile = modelDir.resolve("config.json");
    int decoderLayers = requiredInt(config, "decoder_layers", configFile);
    int decoderHeads = requiredInt(config, "decoder_attention_heads", configFile);
    List<Integer> suppress =
        generation.has("suppress_tokens")
            ? intList(generation.getAsJsonArray("suppress_tokens"))
            : defaultSuppressTokens;
    List<AlignmentHead> heads =
        generation.has("alignment_heads") && generation.get("alignment_heads").isJsonArray()
            ? alignmentHeads(generation.getAsJsonArray("alignment_heads"))
            : lastHalfHeads(decoderLayers, decoderHeads);
    return new ModelConfig(
        intOr(config, "num_mel_bins", 80),
        requiredInt(config, "d_model", configFile),
        requiredInt(config, "encoder_layers", configFile),
        decoderLayers,
        decoderHeads,
        requiredInt(config, "vocab_size", configFile),
        intOr(config, "max_source_positions", 1500),
        intOr(config, "max_target_positions", 448),
        suppress,
        heads,
        intOr(generation, "max_initial_timestamp_index", 50));
  }

  private static JsonObject readJson(Path file, boolean required) throws IOException {
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new NoSuchFileException(file.toString(), null, "model file missing");
      }
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException("malformed JSON in " + file + ": " + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonObject json, String key, Path file) throws IOException {
    JsonElement value = json.get(key);
    if (value == null || !value.isJsonPrimitive()) {
      throw new IOException(file + " has no integer field '" + key + "'");
    }
    return value.getAsInt();
  }

  private static int intOr(JsonObject json, String key, int fallback) {
    JsonElement value = json.get(key);
    return value == null || value.isJsonNull() ? fallback : value.getAsInt();
  }

  private static List<Integer> intList(JsonArray array) {
    List<Integer> values = new ArrayList<>(array.size());
    array.forEach(e -> values.add(e.getAsInt()));
    return values;
  }

  private static List<AlignmentHead> alignmentHeads(JsonArray array) {
    List<AlignmentHead> heads = new ArrayList<>(array.size());
    for (JsonElement pair : array) {
      JsonArray layerHead = pair.getAsJsonArray();
      heads.add(new AlignmentHead(layerHead.get(0).getAsInt(), layerHead.get(1).getAsInt()));
    }
    return heads;
  }

  private static List<AlignmentHead> lastHalfHeads(int layers, int heads) {
    List<AlignmentHead> all = new ArrayList<>();
    for (int layer = layers / 2; layer < layers; layer++) {
      for (int head = 0; head < heads; head++) {
        all.add(new AlignmentHead(layer, head));
      }
    }
    return all;
  }
}
