package io.medasr.bart;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What generation needs from a BART model's {@code config.json} (Hugging Face {@code BartConfig}). An immutable
 * value.
 *
 * @param decoderLayers layers of the decoder: one key and one value of each kind per layer in the cache
 * @param maxPositions learned positions of encoder and decoder: the longest input and output
 * @param decoderStartToken the decoder's first input ({@code </s>} in BART)
 * @param forcedBosToken the token generation must begin with ({@code <s>}), or -1 for none
 * @param eosToken the token that ends a generated sequence
 */
public record BartConfig(int decoderLayers, int maxPositions, int decoderStartToken,
    int forcedBosToken, int eosToken) {

  /**
   * Reads {@code config.json} of a model directory.
   *
   * @throws IOException when it is missing, not JSON, or lacks a field
   */
  public static BartConfig read(Path modelDir) throws IOException {
    Path file = modelDir.resolve("config.json");
    JsonObject json;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      json = JsonParser.parseReader(reader).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
    }
    boolean forcesBos = json.has("forced_bos_token_id") && !json.get("forced_bos_token_id").isJsonNull();
    return new BartConfig(number(json, "decoder_layers", file), number(json, "max_position_embeddings", file),
        number(json, "decoder_start_token_id", file),
        forcesBos ? number(json, "forced_bos_token_id", file) : -1, number(json, "eos_token_id", file));
  }

  private static int number(JsonObject json, String name, Path file) throws IOException {
    JsonElement value = json.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new IOException(file + " has no number " + name);
    }
    return value.getAsInt();
  }
}
