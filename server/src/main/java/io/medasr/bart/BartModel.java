package io.medasr.bart;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.medasr.tokenizer.BartTokenizer;
import io.medasr.whisper.InferenceException;
import io.medasr.whisper.OrtSettings;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BART sequence-to-sequence model in Hugging Face optimum's ONNX layout: {@code encoder_model.onnx}, {@code
 * decoder_model.onnx} (the first step: it also projects the encoder's states to the cross-attention keys and
 * values, once per input) and {@code decoder_with_past_model.onnx} (every later step), with {@code config.json} and
 * {@code tokenizer.json}.
 *
 * <p>Thread-safe: the sessions may run at once for several {@link Run}s. The owner closes the model once no run
 * is going on.
 */
public final class BartModel implements AutoCloseable {
  static final String ENCODER_FILE = "encoder_model.onnx";
  static final String DECODER_FILE = "decoder_model.onnx";
  static final String DECODER_WITH_PAST_FILE = "decoder_with_past_model.onnx";
  private static final String[] KINDS = {"decoder.key", "decoder.value", "encoder.key", "encoder.value"};
  /** Cache entries per layer that the decoder's own steps extend: {@code decoder.key} and {@code decoder.value}. */
  private static final int SELF_KINDS = 2;

  private final BartConfig config;
  private final BartTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final OrtSession decoderWithPast;

  private BartModel(BartConfig config, BartTokenizer tokenizer, OrtEnvironment env,
      OrtSession.SessionOptions options, OrtSession encoder, OrtSession decoder, OrtSession decoderWithPast) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.env = env;
    this.options = options;
    this.encoder = encoder;
    this.decoder = decoder;
    this.decoderWithPast = decoderWithPast;
  }

  /**
   * Loads a model directory.
   *
   * @throws IOException naming the first missing or unusable file
   */
  public static BartModel load(Path modelDir, OrtSettings settings) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : List.of(ENCODER_FILE, DECODER_FILE, DECODER_WITH_PAST_FILE)) {
      Path file = modelDir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "BART model file missing");
      }
      files.add(file);
    }
    BartConfig config = BartConfig.read(modelDir);
    BartTokenizer tokenizer = BartTokenizer.load(modelDir);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      OrtSession.SessionOptions options = settings.sessionOptions();
      opened.add(options);
      List<OrtSession> sessions = new ArrayList<>();
      for (Path file : files) {
        OrtSession session = env.createSession(file.toString(), options);
        opened.add(session);
        sessions.add(session);
      }
      return new BartModel(config, tokenizer, env, options, sessions.get(0), sessions.get(1), sessions.get(2));
    } catch (OrtException e) {
      closeAll(opened);
      throw new IOException("ONNX Runtime could not load " + modelDir + ": " + e.getMessage(), e);
    }
  }

  public BartConfig config() {
    return config;
  }

  public BartTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Encodes one input and starts a generation over it.
   *
   * @param inputIds the input's tokens, {@code <s>} and {@code </s>} included ({@link BartTokenizer#encode})
   * @throws IllegalArgumentException for an empty input or one longer than the model's positions
   * @throws InferenceException when ONNX Runtime fails
   */
  public Run start(int[] inputIds) {
    if (inputIds.length == 0 || inputIds.length > config.maxPositions()) {
      throw new IllegalArgumentException("an input holds 1 to " + config.maxPositions() + " tokens, got "
          + inputIds.length);
    }
    long[] ones = new long[inputIds.length];
    Arrays.fill(ones, 1);
    try (OnnxTensor ids = longs(Arrays.stream(inputIds).asLongStream().toArray(), 1, inputIds.length);
        OnnxTensor mask = longs(ones, 1, inputIds.length)) {
      return new Run(encoder.run(Map.of("input_ids", ids, "attention_mask", mask)), inputIds.length);
    } catch (OrtException e) {
      throw new InferenceException("the BART encoder failed", e);
    }
  }

  private OnnxTensor longs(long[] values, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
  }

  /**
   * The decoder's state over one encoded input for a batch of sequences: the encoder's states until the first
   * step, then the cache of every layer's keys and values. Each {@link #step} feeds one token per sequence;
   * sequences may be reordered, dropped or repeated between steps (beam search). Not thread-safe: one per
   * generation; closing it releases its native tensors.
   */
  public final class Run implements AutoCloseable {
    private final int inputLength;
    /** The encoder's result until the first step; null after it. */
    private OrtSession.Result encoded;
    /** The result of the first step, which holds the cross-attention keys and values; kept to the end. */
    private OrtSession.Result first;
    /** The result of the latest later step, which holds the current self-attention cache; null before one. */
    private OrtSession.Result latest;
    /** Tensors this run made by gathering rows, released when replaced. */
    private List<OnnxTensor> gatheredSelf = List.of();
    private List<OnnxTensor> gatheredCross = List.of();
    /** The cache of the current rows: per layer, {@link #KINDS} in order. */
    private OnnxTensor[] cache;
    private int rows = 1;
    private int length;

    private Run(OrtSession.Result encoded, int inputLength) {
      this.encoded = encoded;
      this.inputLength = inputLength;
    }

    /** Tokens fed per sequence so far. */
    public int length() {
      return length;
    }

    /**
     * Feeds one token per sequence and returns each sequence's next-token logits.
     *
     * @param tokens the token of each sequence of this step
     * @param from for each sequence of this step, the sequence of the previous step it continues; the first step
     *     feeds one sequence, the empty one ({@code from} = {0})
     * @return logits [sequence][vocabulary]
     * @throws IllegalArgumentException when the arrays differ in length, name a sequence that does not exist, or
     *     the sequences would outgrow the model's positions
     * @throws InferenceException when ONNX Runtime fails
     */
    public float[][] step(int[] tokens, int[] from) {
      if (tokens.length == 0 || tokens.length != from.length) {
        throw new IllegalArgumentException("one token and one source row per sequence, got " + tokens.length
            + " and " + from.length);
      }
      if (encoded != null && tokens.length != 1) {
        throw new IllegalArgumentException("the first step feeds the one empty sequence, got " + tokens.length);
      }
      for (int row : from) {
        if (row < 0 || row >= rows) {
          throw new IllegalArgumentException("no sequence " + row + " among " + rows);
        }
      }
      if (length + 1 >= config.maxPositions()) {
        throw new IllegalArgumentException("a sequence may hold " + (config.maxPositions() - 1) + " tokens");
      }
      try {
        return encoded != null ? firstStep(tokens) : laterStep(tokens, from);
      } catch (OrtException e) {
        throw new InferenceException("the BART decoder failed", e);
      }
    }

    private float[][] firstStep(int[] tokens) throws OrtException {
      OnnxTensor states = (OnnxTensor) encoded.get("last_hidden_state").orElseThrow();
      try (OnnxTensor ids = tokenTensor(new int[] {tokens[0]}); OnnxTensor mask = encoderMask(1)) {
        first = decoder.run(Map.of("input_ids", ids, "encoder_attention_mask", mask, "encoder_hidden_states", states));
      }
      encoded.close();
      encoded = null;
      cache = new OnnxTensor[config.decoderLayers() * KINDS.length];
      for (int layer = 0; layer < config.decoderLayers(); layer++) {
        for (int kind = 0; kind < KINDS.length; kind++) {
          cache[layer * KINDS.length + kind] = present(first, layer, kind);
        }
      }
      length = 1;
      return lastLogits(first, 1);
    }

    private float[][] laterStep(int[] tokens, int[] from) throws OrtException {
      if (!isIdentity(from)) {
        reorder(from);
      }
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try (OnnxTensor ids = tokenTensor(tokens); OnnxTensor mask = encoderMask(rows)) {
        inputs.put("input_ids", ids);
        inputs.put("encoder_attention_mask", mask);
        for (int layer = 0; layer < config.decoderLayers(); layer++) {
          for (int kind = 0; kind < KINDS.length; kind++) {
            inputs.put("past_key_values." + layer + "." + KINDS[kind], cache[layer * KINDS.length + kind]);
          }
        }
        OrtSession.Result result = decoderWithPast.run(inputs);
        releaseSelfCache();
        latest = result;
      }
      for (int layer = 0; layer < config.decoderLayers(); layer++) {
        for (int kind = 0; kind < SELF_KINDS; kind++) {
          cache[layer * KINDS.length + kind] = present(latest, layer, kind);
        }
      }
      length++;
      return lastLogits(latest, rows);
    }

    /** The cache's rows in the order {@code from} names them, as tensors of this run. */
    private void reorder(int[] from) throws OrtException {
      List<OnnxTensor> self = new ArrayList<>();
      List<OnnxTensor> cross = new ArrayList<>();
      try {
        for (int i = 0; i < cache.length; i++) {
          OnnxTensor gathered = gather(cache[i], from);
          (i % KINDS.length < SELF_KINDS ? self : cross).add(gathered);
        }
      } catch (OrtException | RuntimeException e) {
        self.forEach(OnnxTensor::close);
        cross.forEach(OnnxTensor::close);
        throw e;
      }
      releaseSelfCache();
      gatheredCross.forEach(OnnxTensor::close);
      gatheredSelf = self;
      gatheredCross = cross;
      for (int i = 0, s = 0, c = 0; i < cache.length; i++) {
        cache[i] = i % KINDS.length < SELF_KINDS ? self.get(s++) : cross.get(c++);
      }
      rows = from.length;
    }

    /** Releases the tensors of the current self-attention cache (the first step's stay with its result). */
    private void releaseSelfCache() {
      if (latest != null) {
        latest.close();
        latest = null;
      }
      gatheredSelf.forEach(OnnxTensor::close);
      gatheredSelf = List.of();
    }

    private boolean isIdentity(int[] from) {
      if (from.length != rows) {
        return false;
      }
      for (int i = 0; i < from.length; i++) {
        if (from[i] != i) {
          return false;
        }
      }
      return true;
    }

    private OnnxTensor gather(OnnxTensor source, int[] from) throws OrtException {
      long[] shape = source.getInfo().getShape();
      FloatBuffer data = source.getFloatBuffer();
      int rowSize = data.capacity() / (int) shape[0];
      float[] out = new float[from.length * rowSize];
      for (int i = 0; i < from.length; i++) {
        data.get(from[i] * rowSize, out, i * rowSize, rowSize);
      }
      long[] gatheredShape = shape.clone();
      gatheredShape[0] = from.length;
      return OnnxTensor.createTensor(env, FloatBuffer.wrap(out), gatheredShape);
    }

    private OnnxTensor tokenTensor(int[] tokens) throws OrtException {
      return longs(Arrays.stream(tokens).asLongStream().toArray(), tokens.length, 1);
    }

    private OnnxTensor encoderMask(int batch) throws OrtException {
      long[] ones = new long[batch * inputLength];
      Arrays.fill(ones, 1);
      return longs(ones, batch, inputLength);
    }

    private OnnxTensor present(OrtSession.Result result, int layer, int kind) {
      return (OnnxTensor) result.get("present." + layer + "." + KINDS[kind]).orElseThrow(() ->
          new InferenceException("the BART decoder has no output present." + layer + "." + KINDS[kind], null));
    }

    /** The logits of each row's last position. */
    private float[][] lastLogits(OrtSession.Result result, int batch) throws OrtException {
      OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
      long[] shape = logits.getInfo().getShape();
      FloatBuffer data = logits.getFloatBuffer();
      int vocab = (int) shape[2];
      int positions = (int) shape[1];
      float[][] rowsLogits = new float[batch][vocab];
      for (int row = 0; row < batch; row++) {
        data.get((row * positions + positions - 1) * vocab, rowsLogits[row], 0, vocab);
      }
      return rowsLogits;
    }

    @Override
    public void close() {
      if (encoded != null) {
        encoded.close();
      }
      releaseSelfCache();
      gatheredCross.forEach(OnnxTensor::close);
      if (first != null) {
        first.close();
      }
    }
  }

  @Override
  public void close() {
    closeAll(List.of(options, encoder, decoder, decoderWithPast));
  }

  private static void closeAll(List<? extends AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception ignored) {
        // closing native handles: nothing left to do about a failure
      }
    }
  }
}
