package io.medasr.server;

import io.medasr.bias.PromptTerms;
import io.medasr.engine.EngineConfig;
import io.medasr.service.ApiKey;
import io.medasr.stream.StreamingOptions;
import io.medasr.transcribe.TranscribeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Settings of one server process, read from command-line flags with environment variables as fallback
 * (a flag wins over its variable).
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
 * @param streamShortContext whether streams encode their tails with a shortened audio context
 * @param streamKeepUp whether a stream that falls behind real time skips its interval decodes (off: decodes depend
 *     only on the audio, whatever the load)
 * @param streamLexicon whether the decodes that a stream's final results come from (at pauses and endpoints) are
 *     biased with the lexicon (its list and prompt terms) as unary calls are: more accurate, slower finals
 * @param streamFinalContextSeconds final speech that those decodes hear again before the rest: more accurate,
 *     slower finals
 * @param correctAll whether every call's final results are corrected, whether or not it asks (docs/correction.md)
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
    boolean streamShortContext,
    boolean streamKeepUp,
    boolean streamLexicon,
    double streamFinalContextSeconds,
    boolean correctAll) {

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
  }

  /** Flags, their environment variables and meaning; the single source of the usage text. */
  enum Option {
    PORT("--port", "MEDASR_PORT", "TCP port to listen on", String.valueOf(DEFAULT_PORT)),
    BIND("--bind", "MEDASR_BIND",
        "address to listen on (0.0.0.0 = every interface); other than loopback it needs TLS or --allow-plaintext",
        Transport.DEFAULT_BIND_ADDRESS),
    TLS_CERT("--tls-cert", "MEDASR_TLS_CERT", "PEM certificate chain of the server: TLS on (read again when it "
        + "changes)", ""),
    TLS_KEY("--tls-key", "MEDASR_TLS_KEY", "PEM private key (PKCS#8) of --tls-cert", ""),
    TLS_CLIENT_CA("--tls-client-ca", "MEDASR_TLS_CLIENT_CA",
        "PEM CA certificates: every client must present a certificate they signed (mutual TLS)", ""),
    METRICS_PORT("--metrics-port", "MEDASR_METRICS_PORT",
        "port of the Prometheus metrics endpoint (http://BIND:PORT/metrics), on the --bind address; none = off", ""),
    HEALTH_PORT("--health-port", "MEDASR_HEALTH_PORT",
        "port of a plaintext gRPC health-only listener on the --bind address (probes); none = off", ""),
    ALLOW_PLAINTEXT("--allow-plaintext", "MEDASR_ALLOW_PLAINTEXT",
        "listen without TLS on an address other than loopback (e.g. behind a TLS proxy on this host)", "false", true),
    MODEL("--model", "MEDASR_MODEL_DIR", "model directory", DEFAULT_MODEL_DIR.toString()),
    PRECISION("--precision", "MEDASR_PRECISION", "model weights: fp32 or int8 (*_quantized.onnx)", "fp32"),
    THREADS("--threads", "MEDASR_THREADS",
        "ONNX Runtime threads per decoder in the pool the decoders share (decoders x threads), 0 = cores / decoders",
        "0"),
    DECODERS("--decoders", "MEDASR_DECODERS", "inferences run at once, 0 = cores below 4 cores, else cores / 2", "0"),
    MAX_STREAMS("--max-streams", "MEDASR_MAX_STREAMS", "calls admitted at once", "4"),
    MAX_AUDIO_SECONDS("--max-audio-seconds", "MEDASR_MAX_AUDIO_SECONDS", "longest audio per call", "7200"),
    MAX_MESSAGE_BYTES("--max-message-bytes", "MEDASR_MAX_MESSAGE_BYTES", "largest gRPC message accepted",
        String.valueOf(16 << 20)),
    MEMORY_BUDGET_MB("--memory-budget-mb", "MEDASR_MEMORY_BUDGET_MB",
        "audio memory of all calls together, 0 = half the maximum heap", "0"),
    SHUTDOWN_GRACE("--shutdown-grace", "MEDASR_SHUTDOWN_GRACE",
        "seconds running calls get to finish after SIGTERM/SIGINT", "30"),
    MAX_STREAMS_PER_CLIENT("--max-streams-per-client", "MEDASR_MAX_STREAMS_PER_CLIENT",
        "calls one API key (else IP address) may have at once, 0 = only --max-streams", "0"),
    IDLE_TIMEOUT("--idle-timeout", "MEDASR_IDLE_TIMEOUT",
        "seconds an admitted stream may send nothing before it is ended (OUT_OF_RANGE)", "30"),
    API_KEYS("--api-keys", "MEDASR_API_KEYS",
        "comma-separated accepted API keys, named API key 1, 2, ... (ps shows flags: prefer the variable or a file)",
        ""),
    API_KEYS_FILE("--api-keys-file", "MEDASR_API_KEYS_FILE",
        "file of accepted API keys, one 'NAME KEY [MAX_CALLS]' per line", ""),
    REFLECTION("--reflection", "MEDASR_REFLECTION", "serve gRPC server reflection", "true", true),
    LOG_TRANSCRIPTS("--log-transcripts", "MEDASR_LOG_TRANSCRIPTS", "allow transcript text in logs", "false", true),
    LOG_FORMAT("--log-format", "MEDASR_LOG_FORMAT", "log lines as text or json (one object per line)", "text"),
    BEAM_SIZE("--beam-size", "MEDASR_BEAM_SIZE", "beam width, 1 = greedy", "1"),
    TIMESTAMP_TOKENS("--timestamp-tokens", "MEDASR_TIMESTAMP_TOKENS",
        "decode Whisper's timestamp tokens to split segments", "true", true),
    TEMPERATURE_FALLBACK("--temperature-fallback", "MEDASR_TEMPERATURE_FALLBACK",
        "re-decode a failed window at rising temperatures", "true", true),
    LEXICON("--lexicon", "MEDASR_LEXICON", "medical lexicon TSV (specialty lists); 'none' = no lexicon",
        DEFAULT_LEXICON.toString()),
    SPECIALTY_TERMS("--specialty-terms", "MEDASR_SPECIALTY_TERMS",
        "most common lexicon terms of a specialty that bias a request without phrases, 0 = off", "5000"),
    LEXICON_BOOST("--lexicon-boost", "MEDASR_LEXICON_BOOST", "per-token boost of lexicon terms", "1.0"),
    PHRASE_BOOST("--phrase-boost", "MEDASR_PHRASE_BOOST", "per-token boost of a request phrase sent with boost 0",
        "2.0"),
    PHRASES("--phrases", "MEDASR_PHRASES", "file of phrases every request is biased toward (TAB boost optional)",
        ""),
    PROMPT_TERMS("--prompt-terms", "MEDASR_PROMPT_TERMS",
        "most request phrases put into a window's prompt when a first decode suggests them, 0 = off", "10"),
    LEXICON_PROMPT("--lexicon-prompt", "MEDASR_LEXICON_PROMPT",
        "also suggest lexicon terms (any specialty) that a doubted run of words sounds like", "true", true),
    VAD_MODEL("--vad-model", "MEDASR_VAD_MODEL", "Silero VAD model of streams; missing file = energy VAD",
        DEFAULT_VAD_MODEL.toString()),
    STREAM_SHORT_CONTEXT("--stream-short-context", "MEDASR_STREAM_SHORT_CONTEXT",
        "encode stream tails with a shortened audio context (models built since 2026-11-30)", "true", true),
    STREAM_KEEP_UP("--stream-keep-up", "MEDASR_STREAM_KEEP_UP",
        "a stream behind real time skips interim decodes until it catches up", "true", true),
    STREAM_LEXICON("--stream-lexicon", "MEDASR_STREAM_LEXICON",
        "bias the decodes of a stream's pauses and endpoints with the lexicon as unary calls are", "true", true),
    STREAM_FINAL_CONTEXT("--stream-final-context", "MEDASR_STREAM_FINAL_CONTEXT",
        "seconds of final speech that the decodes of a stream's pauses and endpoints hear again, 0.."
            + StreamingOptions.MAX_FINAL_CONTEXT_SECONDS,
        String.valueOf(StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS)),
    CORRECT_ALL("--correct-all", "MEDASR_CORRECT_ALL",
        "correct every call's final results with the lexicon matcher, whether or not it sets enable_correction",
        "false", true);

    final String flag;
    final String env;
    final String help;
    final String defaultValue;
    /** A true/false option: the flag alone means true. */
    final boolean isSwitch;

    Option(String flag, String env, String help, String defaultValue) {
      this(flag, env, help, defaultValue, false);
    }

    Option(String flag, String env, String help, String defaultValue, boolean isSwitch) {
      this.flag = flag;
      this.env = env;
      this.help = help;
      this.defaultValue = defaultValue;
      this.isSwitch = isSwitch;
    }
  }

  public static String usage() {
    StringBuilder text = new StringBuilder("usage: medasr serve [options]\n");
    for (Option option : Option.values()) {
      text.append(String.format("  %-26s %-30s %s (default: %s)%n",
          option.flag + (option.isSwitch ? "[=true|false]" : " V"), "env " + option.env, option.help,
          option.defaultValue.isEmpty() ? "none" : option.defaultValue));
    }
    return text.toString();
  }

  /**
   * Parses flags ({@code --port 8080} or {@code --port=8080}; a true/false option alone means true) over
   * environment variables over defaults.
   */
  public static ServerConfig parse(String[] args, Map<String, String> env) {
    Map<Option, String> values = new java.util.EnumMap<>(Option.class);
    for (Option option : Option.values()) {
      String fromEnv = env.get(option.env);
      values.put(option, fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : option.defaultValue);
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      Option option = byFlag(name);
      if (value == null && option.isSwitch && (rest.isEmpty() || rest.get(0).startsWith("--"))) {
        value = "true";
      }
      if (value == null) {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = rest.remove(0);
      }
      values.put(option, value);
    }
    return new ServerConfig(
        parseInt(Option.PORT, values.get(Option.PORT)),
        new Transport(values.get(Option.BIND), path(values.get(Option.TLS_CERT)), path(values.get(Option.TLS_KEY)),
            path(values.get(Option.TLS_CLIENT_CA)), parseBoolean(Option.ALLOW_PLAINTEXT, values.get(Option.ALLOW_PLAINTEXT))),
        optionalPort(Option.METRICS_PORT, values, METRICS_OFF),
        optionalPort(Option.HEALTH_PORT, values, HEALTH_OFF),
        Path.of(values.get(Option.MODEL)),
        parsePrecision(values.get(Option.PRECISION)),
        parseInt(Option.THREADS, values.get(Option.THREADS)),
        parseInt(Option.DECODERS, values.get(Option.DECODERS)),
        parseInt(Option.MAX_STREAMS, values.get(Option.MAX_STREAMS)),
        parseDouble(Option.MAX_AUDIO_SECONDS, values.get(Option.MAX_AUDIO_SECONDS)),
        parseInt(Option.MAX_MESSAGE_BYTES, values.get(Option.MAX_MESSAGE_BYTES)),
        parseInt(Option.MEMORY_BUDGET_MB, values.get(Option.MEMORY_BUDGET_MB)),
        seconds(Option.SHUTDOWN_GRACE, values),
        parseInt(Option.MAX_STREAMS_PER_CLIENT, values.get(Option.MAX_STREAMS_PER_CLIENT)),
        seconds(Option.IDLE_TIMEOUT, values),
        apiKeys(values),
        path(values.get(Option.API_KEYS_FILE)),
        parseBoolean(Option.REFLECTION, values.get(Option.REFLECTION)),
        parseBoolean(Option.LOG_TRANSCRIPTS, values.get(Option.LOG_TRANSCRIPTS)),
        parseLogFormat(values.get(Option.LOG_FORMAT)),
        decoding(values),
        values.get(Option.LEXICON).equals("none") ? null : Path.of(values.get(Option.LEXICON)),
        parseInt(Option.SPECIALTY_TERMS, values.get(Option.SPECIALTY_TERMS)),
        (float) parseDouble(Option.LEXICON_BOOST, values.get(Option.LEXICON_BOOST)),
        (float) parseDouble(Option.PHRASE_BOOST, values.get(Option.PHRASE_BOOST)),
        path(values.get(Option.PHRASES)),
        parseInt(Option.PROMPT_TERMS, values.get(Option.PROMPT_TERMS)),
        parseBoolean(Option.LEXICON_PROMPT, values.get(Option.LEXICON_PROMPT)),
        Path.of(values.get(Option.VAD_MODEL)),
        parseBoolean(Option.STREAM_SHORT_CONTEXT, values.get(Option.STREAM_SHORT_CONTEXT)),
        parseBoolean(Option.STREAM_KEEP_UP, values.get(Option.STREAM_KEEP_UP)),
        parseBoolean(Option.STREAM_LEXICON, values.get(Option.STREAM_LEXICON)),
        parseDouble(Option.STREAM_FINAL_CONTEXT, values.get(Option.STREAM_FINAL_CONTEXT)),
        parseBoolean(Option.CORRECT_ALL, values.get(Option.CORRECT_ALL)));
  }

  private static TranscribeOptions decoding(Map<Option, String> values) {
    int beamSize = parseInt(Option.BEAM_SIZE, values.get(Option.BEAM_SIZE));
    if (beamSize < 1 || beamSize > MAX_BEAM_SIZE) {
      throw new IllegalArgumentException(Option.BEAM_SIZE.flag + " must be 1.." + MAX_BEAM_SIZE + ", got " + beamSize);
    }
    TranscribeOptions options = TranscribeOptions.defaults()
        .withBeamSize(beamSize)
        .withoutTimestamps(!parseBoolean(Option.TIMESTAMP_TOKENS, values.get(Option.TIMESTAMP_TOKENS)));
    return parseBoolean(Option.TEMPERATURE_FALLBACK, values.get(Option.TEMPERATURE_FALLBACK))
        ? options
        : options.withTemperatures(List.of(0.0));
  }

  /** A file option's path; null when not given. */
  private static Path path(String value) {
    return value.isBlank() ? null : Path.of(value);
  }

  private static Duration seconds(Option option, Map<Option, String> values) {
    return Duration.ofMillis(Math.round(1000 * parseDouble(option, values.get(option))));
  }

  private static Option byFlag(String flag) {
    for (Option option : Option.values()) {
      if (option.flag.equals(flag)) {
        return option;
      }
    }
    throw new IllegalArgumentException("unknown option " + flag);
  }

  private static int parseInt(Option option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option.flag + " must be an integer, got '" + value + "'");
    }
  }

  private static double parseDouble(Option option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option.flag + " must be a number, got '" + value + "'");
    }
  }

  private static boolean parsePrecision(String value) {
    return switch (value) {
      case "fp32" -> false;
      case "int8" -> true;
      default -> throw new IllegalArgumentException(Option.PRECISION.flag + " must be fp32 or int8, got '"
          + value + "'");
    };
  }

  private static boolean parseLogFormat(String value) {
    return switch (value) {
      case "text" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException(Option.LOG_FORMAT.flag + " must be text or json, got '" + value
          + "'");
    };
  }

  private static boolean parseBoolean(Option option, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(option.flag + " must be true or false, got '" + value + "'");
  }

  /** The port of a listener that is off unless its option is given. */
  private static int optionalPort(Option option, Map<Option, String> values, int off) {
    String value = values.get(option);
    return value.isBlank() ? off : parseInt(option, value);
  }

  private static List<ApiKey> apiKeys(Map<Option, String> values) {
    Path file = path(values.get(Option.API_KEYS_FILE));
    LinkedHashSet<String> listed = new LinkedHashSet<>();
    for (String key : values.get(Option.API_KEYS).split(",")) {
      if (!key.isBlank()) {
        listed.add(key.trim());
      }
    }
    if (file == null) {
      return ApiKey.numbered(List.copyOf(listed));
    }
    if (!listed.isEmpty()) {
      throw new IllegalArgumentException("give " + Option.API_KEYS.flag + " or " + Option.API_KEYS_FILE.flag
          + ", not both");
    }
    try {
      return ApiKey.readFile(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + Option.API_KEYS_FILE.flag + " " + file + ": " + e);
    }
  }
}
