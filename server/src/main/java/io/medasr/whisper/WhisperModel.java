package io.medasr.whisper;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.medasr.tokenizer.WhisperTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A Whisper model directory in the Hugging Face / optimum ONNX layout loaded into ONNX Runtime:
 * {@code encoder_model.onnx} plus either {@code decoder_model.onnx} + {@code
 * decoder_with_past_model.onnx} (split layout, preferred when present) or {@code
 * decoder_model_merged.onnx}, with {@code config.json}, {@code generation_config.json} and {@code
 * tokenizer.json}. A variant suffix selects other files of the same export, e.g. {@code
 * encoder_model_quantized.onnx}.
 *
 * <p>Thread-safe: one instance is shared by all streams (ONNX Runtime sessions allow concurrent
 * {@code run()}); the per-window state lives in {@link EncoderOutput} and {@link
 * IncrementalDecoder} objects owned by the caller.
 */
public final class WhisperModel implements AutoCloseable {
  static final String ENCODER_FILE = "encoder_model.onnx";
  static final String DECODER_FILE = "decoder_model.onnx";
  static final String DECODER_WITH_PAST_FILE = "decoder_with_past_model.onnx";
  static final String MERGED_FILE = "decoder_model_merged.onnx";
  private static final int FRAMES_PER_WINDOW = 3000;
  /** Sources of a decoder run that continues one sequence. */
  private static final int[] ONE_SEQUENCE = {0};

  private final String name;
  private final String weightsName;
  private final ModelConfig config;
  private final WhisperTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions sessionOptions;
  private final OrtSession encoder;
  private final String encoderInput;
  /** Whether the encoder takes fewer than 3000 frames (a shortened audio context). */
  private final boolean shortAudioContext;
  private final String encoderOutput;
  private final DecoderLayout layout;
  /** Runs the first step (whole prompt, no past) and the teacher-forced passes. */
  private final DecoderGraph firstStep;
  /** Runs the steps that extend a cache. */
  private final DecoderGraph nextSteps;
  private final int logitsWidth;
  /** Whether a position's logits are the same fed alone or with other positions (see acceptsDrafts). */
  private final boolean batchInvariant;
  private final NativeTracker tracker = new NativeTracker();

  private WhisperModel(
      String name,
      String weightsName,
      ModelConfig config,
      WhisperTokenizer tokenizer,
      OrtEnvironment env,
      OrtSession.SessionOptions sessionOptions,
      OrtSession encoder,
      DecoderLayout layout,
      DecoderGraph firstStep,
      DecoderGraph nextSteps,
      boolean batchInvariant)
      throws OrtException, IOException {
    this.name = name;
    this.weightsName = weightsName;
    this.config = config;
    this.tokenizer = tokenizer;
    this.env = env;
    this.sessionOptions = sessionOptions;
    this.encoder = encoder;
    this.layout = layout;
    this.firstStep = firstStep;
    this.nextSteps = nextSteps;
    this.batchInvariant = batchInvariant;
    Map<String, NodeInfo> inputs = encoder.getInputInfo();
    this.encoderInput = inputs.containsKey("input_features") ? "input_features" : inputs.keySet().iterator().next();
    Map<String, NodeInfo> outputs = encoder.getOutputInfo();
    this.encoderOutput =
        outputs.containsKey("last_hidden_state") ? "last_hidden_state" : outputs.keySet().iterator().next();
    TensorInfo featuresInfo = (TensorInfo) inputs.get(encoderInput).getInfo();
    if (featuresInfo.type != OnnxJavaType.FLOAT) {
      throw new IOException(ENCODER_FILE + ": " + encoderInput + " must be float32");
    }
    long[] featuresShape = featuresInfo.getShape();
    this.shortAudioContext = featuresShape.length == 3 && featuresShape[2] < 0;
    long[] logitsShape = ((TensorInfo) firstStep.session.getOutputInfo().get(firstStep.logits).getInfo()).getShape();
    long declared = logitsShape[logitsShape.length - 1];
    this.logitsWidth = declared > 0 ? (int) declared : config.vocabSize();
  }

  /** Full-precision variant: the files without suffix. */
  public static final String FP32 = "";
  /** Dynamic int8 variant ({@code *_quantized.onnx}, transformers.js naming). */
  public static final String INT8 = "_quantized";

  /** Loads the full-precision files of {@code modelDir}; see {@link #load(Path, OrtSettings, String)}. */
  public static WhisperModel load(Path modelDir, OrtSettings settings) throws IOException {
    return load(modelDir, settings, FP32);
  }

  /**
   * Loads {@code modelDir}. Where both decoder layouts are present, {@link #FP32} takes the merged decoder: its
   * weights are held once instead of once per graph (whisper-base: about 300 MB less resident memory, same speed),
   * while every other variant takes the split pair: the merged int8 graph ran 3-5× slower, its branches' weights
   * apparently not prepacked (docs/engine.md, "One decoder graph in fp32").
   *
   * @param variant file-name suffix before {@code .onnx}: {@link #FP32}, {@link #INT8} or another
   *     exporter's suffix such as {@code "_fp16"}
   */
  public static WhisperModel load(Path modelDir, OrtSettings settings, String variant)
      throws IOException {
    boolean split =
        Files.isRegularFile(modelDir.resolve(file(DECODER_FILE, variant)))
            && Files.isRegularFile(modelDir.resolve(file(DECODER_WITH_PAST_FILE, variant)));
    boolean merged = Files.isRegularFile(modelDir.resolve(file(MERGED_FILE, variant)));
    if (!split && !merged) {
      requireFile(modelDir, file(ENCODER_FILE, variant));
      throw new NoSuchFileException(
          modelDir.resolve(file(MERGED_FILE, variant)).toString(),
          null,
          "model has neither " + file(MERGED_FILE, variant) + " nor " + file(DECODER_FILE, variant)
              + " + " + file(DECODER_WITH_PAST_FILE, variant));
    }
    boolean mergedPreferred = merged && variant.equals(FP32);
    return load(modelDir, settings, split && !mergedPreferred ? DecoderLayout.SPLIT : DecoderLayout.MERGED, variant);
  }

  /** Loads the full-precision files of {@code modelDir} with the given decoder layout. */
  public static WhisperModel load(Path modelDir, OrtSettings settings, DecoderLayout layout)
      throws IOException {
    return load(modelDir, settings, layout, FP32);
  }

  /**
   * Loads {@code modelDir} with the given decoder layout and file variant.
   *
   * @throws IOException naming the first missing or unusable file
   */
  public static WhisperModel load(Path modelDir, OrtSettings settings, DecoderLayout layout, String variant)
      throws IOException {
    if (!Files.isDirectory(modelDir)) {
      throw new NoSuchFileException(modelDir.toString(), null, "model directory not found");
    }
    Path encoderFile = requireFile(modelDir, file(ENCODER_FILE, variant));
    List<Path> decoderFiles =
        layout == DecoderLayout.MERGED
            ? List.of(requireFile(modelDir, file(MERGED_FILE, variant)))
            : List.of(requireFile(modelDir, file(DECODER_FILE, variant)),
                requireFile(modelDir, file(DECODER_WITH_PAST_FILE, variant)));
    requireFile(modelDir, "config.json");
    WhisperTokenizer tokenizer = WhisperTokenizer.load(modelDir);
    ModelConfig config = ModelConfig.read(modelDir, tokenizer.nonSpeechTokens());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      OrtSession.SessionOptions options = settings.sessionOptions();
      opened.add(options);
      OrtSession encoder = open(env, encoderFile, options, opened);
      DecoderGraph first = new DecoderGraph(open(env, decoderFiles.get(0), options, opened), decoderFiles.get(0));
      DecoderGraph next =
          layout == DecoderLayout.MERGED
              ? first
              : new DecoderGraph(open(env, decoderFiles.get(1), options, opened), decoderFiles.get(1));
      if (layout == DecoderLayout.MERGED && first.useCacheBranch == null) {
        throw new IOException(decoderFiles.get(0) + " has no use_cache_branch input: not a merged decoder");
      }
      String weightsName = modelDir.toAbsolutePath().normalize().getFileName().toString();
      // float32 arithmetic does not depend on the rows fed together; quantized graphs say whether they do
      boolean batchInvariant = FP32.equals(variant) || first.markedBatchInvariant && next.markedBatchInvariant;
      return new WhisperModel(weightsName + variant, weightsName, config, tokenizer, env, options, encoder, layout,
          first, next, batchInvariant);
    } catch (OrtException e) {
      closeAll(opened);
      throw new IOException("ONNX Runtime could not load " + modelDir + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /** {@code encoder_model.onnx} + {@code _quantized} = {@code encoder_model_quantized.onnx}. */
  private static String file(String baseName, String variant) {
    return baseName.substring(0, baseName.length() - ".onnx".length()) + variant + ".onnx";
  }

  private static Path requireFile(Path dir, String file) throws NoSuchFileException {
    Path path = dir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "model file missing");
    }
    return path;
  }

  private static OrtSession open(
      OrtEnvironment env, Path file, OrtSession.SessionOptions options, List<AutoCloseable> opened)
      throws OrtException {
    OrtSession session = env.createSession(file.toString(), options);
    opened.add(session);
    return session;
  }

  private static void closeAll(List<AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception ignored) {
        // already failing; the original error is the one to report
      }
    }
  }

  public ModelConfig config() {
    return config;
  }

  public WhisperTokenizer tokenizer() {
    return tokenizer;
  }

  /** The model directory's name plus the variant suffix, e.g. {@code whisper-base_quantized}. */
  public String name() {
    return name;
  }

  /**
   * Whether a request for the model named {@code requested} is for this one: its {@link #name()}, or its
   * directory's name whatever the variant ({@code whisper-base} is served by {@code whisper-base_quantized}).
   */
  public boolean answersTo(String requested) {
    return requested.equals(name) || requested.equals(weightsName);
  }

  public DecoderLayout layout() {
    return layout;
  }

  /** Width of the logits rows (the output projection's rows). */
  public int logitsWidth() {
    return logitsWidth;
  }

  /** Whether the decoder exports the cross-attentions of the alignment heads (word timing by DTW). */
  public boolean hasCrossAttentions() {
    return exportsAlignmentHeads(firstStep);
  }

  private boolean exportsAlignmentHeads(DecoderGraph graph) {
    return config.alignmentHeads().stream().allMatch(h -> graph.crossAttentions.containsKey(h.layer()));
  }

  /** Native values handed out and not yet closed; constant between windows when nothing leaks. */
  public int liveNativeValues() {
    return tracker.live();
  }

  /** Runs the encoder on one window of log-mel features, for work that is never cancelled. */
  public EncoderOutput encode(float[] melWindow) {
    return encode(melWindow, InferenceRun.UNCANCELLABLE);
  }

  /**
   * What the graphs lack of those that models/build-model.sh writes (an older build, or another
   * exporter's layout): each missing feature makes decoding slower, none changes its result. Empty when nothing
   * is missing.
   */
  public List<String> missingSpeedups() {
    List<String> missing = new ArrayList<>();
    if (!shortAudioContext) {
      missing.add("a shortened audio context (streams encode 30 s windows)");
    }
    if (firstStep.logitsRows == null || nextSteps.logitsRows == null) {
      missing.add("logits_rows (every fed token is projected to the vocabulary)");
    }
    if (nextSteps.beamIndex == null) {
      missing.add("beam_index (beam search runs the decoder once per beam and step)");
    }
    if (!batchInvariant) {
      missing.add("decoders that quantize activations per row (no drafted decoding: one decoder call per token)");
    }
    return List.copyOf(missing);
  }

  /**
   * Whether a position's logits are the same whether it is fed alone or with other positions in one call: float32
   * graphs, and int8 decoders that quantize activations per row (models/tools/quantize.py since 2026-12-01; the
   * per-call quantization before gave a row coarser activations the more rows came with it). Only then can a
   * greedy decode check a draft's tokens in one call and still choose what it would choose step by step
   * ({@link io.medasr.decoding.DecodingDraft}).
   */
  public boolean acceptsDrafts() {
    return batchInvariant;
  }

  /**
   * Whether the encoder accepts windows shorter than 30 s (a graph built with a dynamic frame count, see
   * models/tools/whisper_graph.py); with a fixed-size graph every window is 3000 frames.
   */
  public boolean acceptsShortAudioContext() {
    return shortAudioContext;
  }

  /**
   * Runs the encoder on one window of log-mel features, as part of {@code run}: cancelling {@code run} stops
   * this encoder run and every decoder run over its output.
   *
   * @param melWindow flat [nMels][frames] features (see {@code LogMelSpectrogram.window}): 3000 frames, or
   *     fewer (an even number) when {@link #acceptsShortAudioContext()}
   * @throws java.util.concurrent.CancellationException when {@code run} is cancelled
   */
  public EncoderOutput encode(float[] melWindow, InferenceRun run) {
    int frames = melWindow.length / config.nMels();
    boolean valid = melWindow.length % config.nMels() == 0 && (frames == FRAMES_PER_WINDOW
        || shortAudioContext && frames > 0 && frames < FRAMES_PER_WINDOW && frames % 2 == 0);
    if (!valid) {
      throw new IllegalArgumentException("mel window has " + melWindow.length + " values, expected "
          + config.nMels() + "x" + FRAMES_PER_WINDOW + (shortAudioContext ? " or fewer (even) frames" : ""));
    }
    try (OnnxTensor features =
        OnnxTensor.createTensor(env, FloatBuffer.wrap(melWindow), new long[] {1, config.nMels(), frames})) {
      OrtSession.Result result =
          tracker.opened(encoder.run(Map.of(encoderInput, features), Set.of(encoderOutput), run.options()));
      return new EncoderOutput(tracker, result, (OnnxTensor) output(result, encoderOutput), run);
    } catch (OrtException e) {
      throw run.failure("encoder run failed", e);
    }
  }

  /** A KV-cache decoder over {@code audio} using this model's layout. */
  public IncrementalDecoder newDecoder(EncoderOutput audio) {
    return new KvCacheDecoder(this, audio);
  }

  /**
   * One teacher-forced pass over {@code tokens} (SOT sequence first), returning all logits rows and, where
   * exported, the cross-attentions of the alignment heads. After a decode of the window it runs the with-past graph
   * from the window's cached cross-attention keys/values (the same values, without projecting the hidden states
   * again) when that graph exports the alignment heads' attentions; otherwise the no-past graph.
   */
  public ForcedDecoding forcedDecode(EncoderOutput audio, int[] tokens) {
    boolean cached = audio.crossAttention() != null && exportsAlignmentHeads(nextSteps);
    DecoderGraph graph = cached ? nextSteps : firstStep;
    Set<String> requested = new LinkedHashSet<>();
    requested.add(graph.logits);
    boolean attention = hasCrossAttentions();
    if (attention) {
      config.alignmentHeads().forEach(h -> requested.add(graph.crossAttentions.get(h.layer())));
    }
    List<OnnxTensor> temporaries = new ArrayList<>();
    try {
      int[] everyRow = IntStream.range(0, tokens.length).toArray();
      Map<String, OnnxTensorLike> inputs = cached
          ? cachedStepInputs(audio, tokens, everyRow, 0, null, temporaries)
          : firstStepInputs(graph, audio, tokens, everyRow, temporaries);
      try (OrtSession.Result result = graph.session.run(inputs, requested, audio.run().options())) {
        float[] logits = floats(result, graph.logits);
        float[][][] heads = attention ? alignmentHeads(graph, result, tokens.length) : null;
        return new ForcedDecoding(tokens.length, logitsWidth, logits, heads);
      }
    } catch (OrtException e) {
      throw audio.run().failure("teacher-forced decoder run failed", e);
    } finally {
      temporaries.forEach(tracker::close);
    }
  }

  private float[][][] alignmentHeads(DecoderGraph graph, OrtSession.Result result, int rows) {
    List<AlignmentHead> heads = config.alignmentHeads();
    Map<Integer, float[]> byLayer = new HashMap<>();
    float[][][] out = new float[heads.size()][][];
    for (int i = 0; i < heads.size(); i++) {
      AlignmentHead head = heads.get(i);
      String output = graph.crossAttentions.get(head.layer());
      float[] layer = byLayer.computeIfAbsent(head.layer(), l -> floats(result, output));
      int positions = layer.length / (config.decoderHeads() * rows);
      out[i] = new float[rows][positions];
      for (int row = 0; row < rows; row++) {
        System.arraycopy(layer, (head.head() * rows + row) * positions, out[i][row], 0, positions);
      }
    }
    return out;
  }

  private static float[] floats(OrtSession.Result result, String output) {
    // getFloatBuffer() already returns a heap copy sized to the tensor
    return ((OnnxTensor) output(result, output)).getFloatBuffer().array();
  }

  /**
   * Inputs of a no-past call of {@code graph}: tokens, encoder states, and for the merged graph the
   * else-branch switch with zero-length pasts (created through the buffer API, which accepts 0).
   */
  Map<String, OnnxTensorLike> firstStepInputs(
      DecoderGraph graph, EncoderOutput audio, int[] tokens, int[] logitRows, List<OnnxTensor> temporaries)
      throws OrtException {
    Map<String, OnnxTensorLike> inputs =
        callInputs(graph, audio, tokens, ONE_SEQUENCE, logitRows, false, 0, temporaries);
    for (DecoderGraph.PastInput past : graph.pastInputs) {
      inputs.put(past.name(), temporary(emptyPast(past.type()), temporaries));
    }
    return inputs;
  }

  /**
   * Inputs of a with-past call after {@code pastLength} tokens: the self-attention pasts from {@code decoderPast}
   * ({@code present.*.decoder.*}; zero-length when null, for a run that starts from the window's cache), and the
   * cross-attention keys/values of the window's first decoder run.
   */
  Map<String, OnnxTensorLike> cachedStepInputs(EncoderOutput audio, int[] tokens, int[] logitRows, int pastLength,
      Presents decoderPast, List<OnnxTensor> temporaries) throws OrtException {
    return cachedStepInputs(audio, ONE_SEQUENCE, tokens, logitRows, pastLength, decoderPast, temporaries);
  }

  /**
   * As {@link #cachedStepInputs(EncoderOutput, int[], int[], int, Presents, List)} for a run that continues several
   * sequences ({@link BatchedBeams}): sequence {@code i} extends row {@code sources[i]} of {@code decoderPast} with
   * its share of {@code tokens}; more than one source needs a graph with a {@code beam_index}.
   */
  Map<String, OnnxTensorLike> cachedStepInputs(EncoderOutput audio, int[] sources, int[] tokens, int[] logitRows,
      int pastLength, Presents decoderPast, List<OnnxTensor> temporaries) throws OrtException {
    Map<String, OnnxTensorLike> inputs =
        callInputs(nextSteps, audio, tokens, sources, logitRows, true, pastLength, temporaries);
    for (DecoderGraph.PastInput past : nextSteps.pastInputs) {
      OnnxTensor value;
      if (past.encoder()) {
        value = audio.crossAttention().get(past.present());
      } else if (decoderPast == null) {
        value = temporary(emptyPast(past.type()), temporaries);
      } else {
        value = decoderPast.get(past.present());
      }
      inputs.put(past.name(), value);
    }
    return inputs;
  }

  /** Whether the with-past graph continues several sequences in one run ({@link BatchedBeams}). */
  boolean stepsBeamsTogether() {
    return nextSteps.beamIndex != null;
  }

  /**
   * The inputs of every decoder call but the pasts: the fed tokens (a row per sequence: one sequence, or one token
   * per source), the rows whose logits are wanted (where the graph computes only those), which past row each
   * sequence extends (where the graph has a {@code beam_index}), the encoder states, the merged graph's branch
   * switch and the cache position.
   */
  private Map<String, OnnxTensorLike> callInputs(DecoderGraph graph, EncoderOutput audio, int[] tokens,
      int[] sources, int[] logitRows, boolean useCache, int pastLength, List<OnnxTensor> temporaries)
      throws OrtException {
    Map<String, OnnxTensorLike> inputs = new HashMap<>();
    inputs.put(graph.inputIds, temporary(tokenTensor(graph, tokens, sources.length), temporaries));
    if (graph.logitsRows != null) {
      inputs.put(graph.logitsRows, temporary(longTensor(logitRows), temporaries));
    }
    if (graph.beamIndex != null) {
      inputs.put(graph.beamIndex, temporary(longTensor(sources), temporaries));
    }
    if (graph.encoderHiddenStates != null) {
      inputs.put(graph.encoderHiddenStates, audio.hiddenStates());
    }
    if (graph.useCacheBranch != null) {
      inputs.put(graph.useCacheBranch, temporary(booleanTensor(useCache), temporaries));
    }
    if (graph.cachePosition != null) {
      inputs.put(graph.cachePosition,
          temporary(positionTensor(pastLength, tokens.length / sources.length), temporaries));
    }
    return inputs;
  }

  private static OnnxTensor temporary(OnnxTensor tensor, List<OnnxTensor> temporaries) {
    temporaries.add(tensor);
    return tensor;
  }

  DecoderGraph firstStep() {
    return firstStep;
  }

  DecoderGraph nextSteps() {
    return nextSteps;
  }

  OrtEnvironment env() {
    return env;
  }

  NativeTracker tracker() {
    return tracker;
  }

  /** {@code tokens} as input ids [sequences, tokens / sequences]. */
  private OnnxTensor tokenTensor(DecoderGraph graph, int[] tokens, int sequences) throws OrtException {
    long[] shape = {sequences, tokens.length / sequences};
    if (graph.inputIdsType == OnnxJavaType.INT32) {
      return tracker.opened(OnnxTensor.createTensor(env, IntBuffer.wrap(tokens), shape));
    }
    long[] ids = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      ids[i] = tokens[i];
    }
    return tracker.opened(OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
  }

  private OnnxTensor longTensor(int[] values) throws OrtException {
    long[] longs = Arrays.stream(values).asLongStream().toArray();
    return tracker.opened(OnnxTensor.createTensor(env, LongBuffer.wrap(longs), new long[] {longs.length}));
  }

  private OnnxTensor booleanTensor(boolean value) throws OrtException {
    return tracker.opened(OnnxTensor.createTensor(env, new boolean[] {value}));
  }

  private OnnxTensor positionTensor(int start, int count) throws OrtException {
    long[] positions = new long[count];
    for (int i = 0; i < count; i++) {
      positions[i] = start + i;
    }
    return tracker.opened(OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {count}));
  }

  private OnnxTensor emptyPast(OnnxJavaType type) throws OrtException {
    long[] shape = {1, config.decoderHeads(), 0, config.headDim()};
    return tracker.opened(OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0), shape, type));
  }

  OnnxTensor pinnedLogits(FloatBuffer direct, int rows) throws OrtException {
    return tracker.opened(OnnxTensor.createTensor(env, direct, new long[] {1, rows, logitsWidth}));
  }

  /** A logits output over {@code direct} for a run of {@code sequences} sequences of one token each. */
  OnnxTensor pinnedBeamLogits(FloatBuffer direct, int sequences) throws OrtException {
    FloatBuffer rows = direct.duplicate().clear().limit(sequences * logitsWidth).slice();
    return tracker.opened(OnnxTensor.createTensor(env, rows, new long[] {sequences, 1, logitsWidth}));
  }

  /**
   * Closes the sessions. ONNX Runtime does not guard a session against {@code close()} during {@code run()}, so
   * the owner (the recognition engine) calls this only after every run on the model has returned.
   */
  @Override
  public void close() {
    List<AutoCloseable> resources = new ArrayList<>();
    resources.add(sessionOptions);
    resources.add(encoder);
    resources.add(firstStep.session);
    if (nextSteps != firstStep) {
      resources.add(nextSteps.session);
    }
    closeAll(resources);
  }

  static OnnxValue output(OrtSession.Result result, String name) {
    return result.get(name).orElseThrow(() -> new IllegalStateException("run result lacks " + name));
  }
}
