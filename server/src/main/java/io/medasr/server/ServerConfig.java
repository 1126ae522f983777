package io.medasr.server;

import io.medasr.bias.PromptTerms;
import io.medasr.correct.CorrectorKind;
import io.medasr.engine.EngineConfig;
import io.medasr.service.ApiKey;
import io.medasr.stream.StreamingOptions;
import io.medasr.transcribe.TranscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Settings of one server process, read from command-line flags with environment variables as fallback
 * (a flag wins over its variable; {@link ServeCommand} declares them).
 *
 * @param port TCP port to listen on (0 picks a free one)
 * @param transport the address to listen on, and TLS
 * @param metricsPort port of the Prometheus endpoint on the same address ({@link #METRICS_OFF}: none; 0 picks a
 *     free one)
 * @param healthPort port of a plaintext listener on the same address that serves only the gRPC health service,
 *     for probes that cannot speak TLS or send API keys ({@link #HEALTH_OFF}: none; 0 picks a free one)
 * @param modelDir model directory in the layout of docs/models.md
 * @param int8 whether to load the int8-quantized model files ({@code *_quantized.onnx}) instead of fp32
 * @param threads ONNX Runtime intra-op threads per inference (0 = cores / decoders)
 * @param decoders inferences run at once by the engine's workers (0 = the rule of {@link EngineConfig})
 * @param maxConcurrentStreams calls (streaming or unary) admitted at once; further calls get RESOURCE_EXHAUSTED
 * @param maxAudioSeconds longest audio accepted on one call; longer gets RESOURCE_EXHAUSTED
 * @param maxMessageBytes largest gRPC message accepted (both RPCs); larger gets RESOURCE_EXHAUSTED
 * @param memoryBudgetMb audio memory all calls together may hold (0 = half the JVM's maximum heap)
 * @param shutdownGrace how long running calls may go on after SIGTERM/SIGINT before they are cancelled
 * @param maxStreamsPerClient calls one client (API key, else IP address) may have admitted at once (0 = no own limit)
 * @param idleTimeout how long an admitted stream may send nothing while the server waits for it
 * @param apiKeys accepted API keys, each with its name and limit; empty means no authentication
 * @param apiKeysFile the file {@code apiKeys} were read from, read again when it changes; null when they were
 *     given on the command line or not at all
 * @param reflection whether gRPC server reflection is served (tools such as grpcurl list the API with it)
 * @param logTranscripts whether transcripts may appear in logs (off by default: patient data)
 * @param jsonLogs whether log lines are JSON objects ({@link JsonLogFormatter}) instead of text
 * @param decoding how calls are decoded unless they ask otherwise (beam size, timestamp tokens, fallback)
 * @param lexicon medical lexicon TSV whose specialty lists bias requests; null = none
 * @param specialtyTerms most common lexicon terms of the request's specialty that bias it when it sends no phrases
 *     (0 = lexicon off)
 * @param lexiconBoost per-token boost of lexicon terms
 * @param phraseBoost per-token boost of a phrase that asks for the default (boost 0)
 * @param phrasesFile phrases every request is biased toward, one per line with an optional TAB and boost; null = none
 * @param promptTerms most of a request's phrases put into a window's prompt when its first hypothesis suggests them
 *     (0 = no prompt biasing)
 * @param lexiconPrompt whether lexicon terms that a doubted run of words sounds like are put into the prompt too
 * @param vadModel the Silero VAD model; when the file is missing, streams use the energy VAD
 * @param aligner the forced aligner's directory (models/aligner/fetch-aligner.sh); when it is missing, word times
 *     come from cross-attention and the audio's pauses
 * @param streamShortContext whether streams encode their tails with a shortened audio context
 * @param streamKeepUp whether a stream that falls behind real time skips its interval decodes (off: decodes depend
 *     only on the audio, whatever the load)
 * @param streamLexicon whether the decodes that a stream's final results come from (at pauses and endpoints) are
 *     biased with the lexicon (its list and prompt terms) as unary calls are: more accurate, slower finals
 * @param streamFinalContextSeconds final speech that those decodes hear again before the rest: more accurate,
 *     slower finals
 * @param correctAll whether every call's final results are corrected, whether or not it asks (docs/correction.md)
 * @param correctionModel the BART correction model's directory; when it is missing, the {@code seq2seq} corrector
 *     is not available
 * @param correctors the correctors of a call that asks for correction without naming any, in order
 */
public record ServerConfig(
    int port,
    Transport transport,
    int metricsPort,
    int healthPort,
    Path modelDir,
    boolean int8,
    int threads,
    int decoders,
    int maxConcurrentStreams,
    double maxAudioSeconds,
    int maxMessageBytes,
    long memoryBudgetMb,
    Duration shutdownGrace,
    int maxStreamsPerClient,
    Duration idleTimeout,
    List<ApiKey> apiKeys,
    Path apiKeysFile,
    boolean reflection,
    boolean logTranscripts,
    boolean jsonLogs,
    TranscribeOptions decoding,
    Path lexicon,
    int specialtyTerms,
    float lexiconBoost,
    float phraseBoost,
    Path phrasesFile,
    int promptTerms,
    boolean lexiconPrompt,
    Path vadModel,
    Path aligner,
    boolean streamShortContext,
    boolean streamKeepUp,
    boolean streamLexicon,
    double streamFinalContextSeconds,
    boolean correctAll,
    Path correctionModel,
    List<CorrectorKind> correctors) {

  public static final int DEFAULT_PORT = 50051;
  /** {@link #metricsPort} of a server without a metrics endpoint. */
  public static final int METRICS_OFF = -1;
  /** {@link #healthPort} of a server without a separate health listener. */
  public static final int HEALTH_OFF = -1;
  public static final Path DEFAULT_MODEL_DIR = Path.of("models", "whisper-base");
  /** Each beam is a decoder pass per token: past this the latency is no longer interactive. */
  static final int MAX_BEAM_SIZE = 8;
  /** Largest per-token boost: past it a phrase overrides whatever was said. */
  public static final float MAX_BOOST = 10f;
  /** Where {@code models/vocab/build-lexicon.sh} writes the lexicon. */
  public static final Path DEFAULT_LEXICON = Path.of("models", "lexicon", "lexicon.tsv");
  /** Where {@code models/vad/fetch-vad.sh} puts the Silero VAD model. */
  public static final Path DEFAULT_VAD_MODEL = Path.of("models", "vad-silero", "silero_vad.onnx");
  /** Where {@code models/aligner/fetch-aligner.sh} puts the forced aligner. */
  public static final Path DEFAULT_ALIGNER = Path.of("models", "aligner-en-us");
  /** Where {@code models/build-corrector.sh} writes the BART correction model. */
  public static final Path DEFAULT_CORRECTION_MODEL = Path.of("models", "corrector-bart");
  /** Below this a config with a few phrases would not fit. */
  static final int MIN_MESSAGE_BYTES = 64 * 1024;

  /** The engine's pool and limits on a machine with {@code cores} cores and {@code maxHeapBytes} of heap. */
  public EngineConfig engineConfig(int cores, long maxHeapBytes) {
    long budget = memoryBudgetMb > 0 ? memoryBudgetMb << 20 : maxHeapBytes / 2;
    int perClient = maxStreamsPerClient > 0 ? Math.min(maxStreamsPerClient, maxConcurrentStreams) : maxConcurrentStreams;
    return new EngineConfig(decodeWorkers(cores), maxConcurrentStreams, budget, perClient);
  }

  /** ONNX Runtime intra-op threads per inference: {@code --threads}, else the cores shared by the workers. */
  public int intraOpThreads(int cores) {
    return threads > 0 ? threads : EngineConfig.threadsPerWorker(cores, decodeWorkers(cores));
  }

  private int decodeWorkers(int cores) {
    return decoders > 0 ? decoders : EngineConfig.defaultDecodeWorkers(cores);
  }

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (metricsPort < METRICS_OFF || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port must be 0..65535, got " + metricsPort);
    }
    if (healthPort < HEALTH_OFF || healthPort > 65535) {
      throw new IllegalArgumentException("health port must be 0..65535, got " + healthPort);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    if (decoders < 0) {
      throw new IllegalArgumentException("decoders must be >= 0, got " + decoders);
    }
    if (maxMessageBytes < MIN_MESSAGE_BYTES) {
      throw new IllegalArgumentException("max message bytes must be >= " + MIN_MESSAGE_BYTES + ", got "
          + maxMessageBytes);
    }
    if (memoryBudgetMb < 0) {
      throw new IllegalArgumentException("memory budget must be >= 0 MB, got " + memoryBudgetMb);
    }
    if (maxStreamsPerClient < 0) {
      throw new IllegalArgumentException("max streams per client must be >= 0, got " + maxStreamsPerClient);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be > 0 s, got " + idleTimeout.toMillis() / 1000.0);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must be >= 0 s, got " + shutdownGrace.toSeconds());
    }
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("max concurrent streams must be >= 1, got " + maxConcurrentStreams);
    }
    if (!(maxAudioSeconds > 0)) {
      throw new IllegalArgumentException("max audio seconds must be > 0, got " + maxAudioSeconds);
    }
    apiKeys = List.copyOf(apiKeys);
    if (specialtyTerms < 0) {
      throw new IllegalArgumentException("specialty terms must be >= 0, got " + specialtyTerms);
    }
    if (!(lexiconBoost > 0 && lexiconBoost <= MAX_BOOST) || !(phraseBoost > 0 && phraseBoost <= MAX_BOOST)) {
      throw new IllegalArgumentException("boosts must be in (0, " + MAX_BOOST + "]");
    }
    if (promptTerms < 0 || promptTerms > PromptTerms.MAX_TERMS) {
      throw new IllegalArgumentException("prompt terms must be 0.." + PromptTerms.MAX_TERMS + ", got " + promptTerms);
    }
    StreamingOptions.checkFinalContext(streamFinalContextSeconds); // at startup, not at the first stream
    correctors = List.copyOf(correctors);
    if (correctors.isEmpty()) {
      throw new IllegalArgumentException("correctors must name at least one corrector");
    }
  }

  /**
   * Parses the command line of {@code medasr serve} ({@link ServeCommand}): flags over environment variables in
   * {@code env} over defaults; IllegalArgumentException with a one-line message for anything it does not accept.
   */
  public static ServerConfig parse(String[] args, Map<String, String> env) {
    CommandLine command = ServeCommand.commandLine(env);
    try {
      command.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return command.<ServeCommand>getCommand().config();
  }
}
