package io.medasr.server;

import io.medasr.correct.CorrectorKind;
import io.medasr.service.ApiKey;
import io.medasr.stream.StreamingOptions;
import io.medasr.transcribe.TranscribeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The command line of {@code medasr serve}: one option per {@link ServerConfig} setting, each with an environment
 * variable as fallback ({@link #variable}); a flag wins over its variable, a variable over the built-in default.
 */
@Command(name = "medasr serve", mixinStandardHelpOptions = true, versionProvider = ServeCommand.Version.class,
    sortOptions = false, abbreviateSynopsis = true, usageHelpWidth = 120,
    description = "Loads the model and serves the MedASR gRPC API until SIGTERM, SIGINT or SIGHUP.",
    optionListHeading = "%nOptions:%n",
    footer = "%nA flag wins over its environment variable, a variable over the default; a blank variable is unset.")
public final class ServeCommand {
  /** The {@code --lexicon} value that turns the lexicon off. */
  static final String NO_LEXICON = "none";

  /** Model weights; named as they are typed. */
  enum Precision { fp32, int8 }

  /** Log line formats; named as they are typed. */
  enum LogFormat { text, json }

  @Option(names = "--port", paramLabel = "PORT",
      description = "TCP port to listen on (env: MEDASR_PORT; default: ${DEFAULT-VALUE})")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "address to listen on (0.0.0.0 = every interface); other than loopback it needs TLS or "
          + "--allow-plaintext (env: MEDASR_BIND; default: ${DEFAULT-VALUE})")
  String bind = Transport.DEFAULT_BIND_ADDRESS;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain of the server: TLS on (read again when it changes) "
          + "(env: MEDASR_TLS_CERT; default: none)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key (PKCS#8) of --tls-cert (env: MEDASR_TLS_KEY; default: none)")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "PEM CA certificates: every client must present a certificate they signed (mutual TLS) "
          + "(env: MEDASR_TLS_CLIENT_CA; default: none)")
  Path tlsClientCa;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "port of the Prometheus metrics endpoint (http://BIND:PORT/metrics), on the --bind address "
          + "(env: MEDASR_METRICS_PORT; default: none = off)")
  Integer metricsPort;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "port of a plaintext gRPC health-only listener on the --bind address (probes) "
          + "(env: MEDASR_HEALTH_PORT; default: none = off)")
  Integer healthPort;

  @Option(names = "--allow-plaintext", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "listen without TLS on an address other than loopback (e.g. behind a TLS proxy on this host) "
          + "(env: MEDASR_ALLOW_PLAINTEXT; default: ${DEFAULT-VALUE})")
  boolean allowPlaintext;

  @Option(names = "--model", paramLabel = "DIR",
      description = "model directory (env: MEDASR_MODEL_DIR; default: ${DEFAULT-VALUE})")
  Path model = ServerConfig.DEFAULT_MODEL_DIR;

  @Option(names = "--precision", paramLabel = "fp32|int8",
      description = "model weights: fp32 or int8 (*_quantized.onnx) (env: MEDASR_PRECISION; default: ${DEFAULT-VALUE})")
  Precision precision = Precision.fp32;

  @Option(names = "--threads", paramLabel = "N",
      description = "ONNX Runtime threads per decoder in the pool the decoders share (decoders x threads), "
          + "0 = cores / decoders (env: MEDASR_THREADS; default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--decoders", paramLabel = "N",
      description = "inferences run at once, 0 = cores below 4 cores, else cores / 2 "
          + "(env: MEDASR_DECODERS; default: ${DEFAULT-VALUE})")
  int decoders;

  @Option(names = "--max-streams", paramLabel = "N",
      description = "calls admitted at once (env: MEDASR_MAX_STREAMS; default: ${DEFAULT-VALUE})")
  int maxStreams = 4;

  @Option(names = "--max-audio-seconds", paramLabel = "SECONDS",
      description = "longest audio per call (env: MEDASR_MAX_AUDIO_SECONDS; default: ${DEFAULT-VALUE})")
  double maxAudioSeconds = 7200;

  @Option(names = "--max-message-bytes", paramLabel = "BYTES",
      description = "largest gRPC message accepted (env: MEDASR_MAX_MESSAGE_BYTES; default: ${DEFAULT-VALUE})")
  int maxMessageBytes = 16 << 20;

  @Option(names = "--memory-budget-mb", paramLabel = "MB",
      description = "audio memory of all calls together, 0 = half the maximum heap "
          + "(env: MEDASR_MEMORY_BUDGET_MB; default: ${DEFAULT-VALUE})")
  int memoryBudgetMb;

  @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
      description = "seconds running calls get to finish after SIGTERM/SIGINT "
          + "(env: MEDASR_SHUTDOWN_GRACE; default: ${DEFAULT-VALUE})")
  double shutdownGrace = 30;

  @Option(names = "--max-streams-per-client", paramLabel = "N",
      description = "calls one API key (else IP address) may have at once, 0 = only --max-streams "
          + "(env: MEDASR_MAX_STREAMS_PER_CLIENT; default: ${DEFAULT-VALUE})")
  int maxStreamsPerClient;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS",
      description = "seconds an admitted stream may send nothing before it is ended (OUT_OF_RANGE) "
          + "(env: MEDASR_IDLE_TIMEOUT; default: ${DEFAULT-VALUE})")
  double idleTimeout = 30;

  @Option(names = "--api-keys", paramLabel = "KEYS",
      description = "comma-separated accepted API keys, named API key 1, 2, ... (ps shows flags: prefer the "
          + "variable or a file) (env: MEDASR_API_KEYS; default: none)")
  String apiKeys = "";

  @Option(names = "--api-keys-file", paramLabel = "FILE",
      description = "file of accepted API keys, one 'NAME KEY [MAX_CALLS]' per line "
          + "(env: MEDASR_API_KEYS_FILE; default: none)")
  Path apiKeysFile;

  @Option(names = "--reflection", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "serve gRPC server reflection (env: MEDASR_REFLECTION; default: ${DEFAULT-VALUE})")
  boolean reflection = true;

  @Option(names = "--log-transcripts", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "allow transcript text in logs (env: MEDASR_LOG_TRANSCRIPTS; default: ${DEFAULT-VALUE})")
  boolean logTranscripts;

  @Option(names = "--log-format", paramLabel = "text|json",
      description = "log lines as text or json (one object per line) "
          + "(env: MEDASR_LOG_FORMAT; default: ${DEFAULT-VALUE})")
  LogFormat logFormat = LogFormat.text;

  @Option(names = "--beam-size", paramLabel = "N",
      description = "beam width, 1 = greedy, at most " + ServerConfig.MAX_BEAM_SIZE
          + " (env: MEDASR_BEAM_SIZE; default: ${DEFAULT-VALUE})")
  int beamSize = 1;

  @Option(names = "--timestamp-tokens", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "decode Whisper's timestamp tokens to split segments "
          + "(env: MEDASR_TIMESTAMP_TOKENS; default: ${DEFAULT-VALUE})")
  boolean timestampTokens = true;

  @Option(names = "--temperature-fallback", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "re-decode a failed window at rising temperatures "
          + "(env: MEDASR_TEMPERATURE_FALLBACK; default: ${DEFAULT-VALUE})")
  boolean temperatureFallback = true;

  @Option(names = "--short-context", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "encode a Recognize call's window of less than 30 s with only its frames and a margin, "
          + "in models built since 2026-11-30 (env: MEDASR_SHORT_CONTEXT; default: ${DEFAULT-VALUE})")
  boolean shortContext;

  @Option(names = "--lexicon", paramLabel = "FILE",
      description = "medical lexicon TSV (specialty lists); '" + NO_LEXICON + "' = no lexicon "
          + "(env: MEDASR_LEXICON; default: ${DEFAULT-VALUE})")
  Path lexicon = ServerConfig.DEFAULT_LEXICON;

  @Option(names = "--specialty-terms", paramLabel = "N",
      description = "most common lexicon terms of a specialty that bias a request without phrases, 0 = off "
          + "(env: MEDASR_SPECIALTY_TERMS; default: ${DEFAULT-VALUE})")
  int specialtyTerms = 5000;

  @Option(names = "--lexicon-boost", paramLabel = "BOOST",
      description = "per-token boost of lexicon terms, at most " + ServerConfig.MAX_BOOST
          + " (env: MEDASR_LEXICON_BOOST; default: ${DEFAULT-VALUE})")
  float lexiconBoost = 1.0f;

  @Option(names = "--phrase-boost", paramLabel = "BOOST",
      description = "per-token boost of a request phrase sent with boost 0, at most " + ServerConfig.MAX_BOOST
          + " (env: MEDASR_PHRASE_BOOST; default: ${DEFAULT-VALUE})")
  float phraseBoost = 2.0f;

  @Option(names = "--phrases", paramLabel = "FILE",
      description = "file of phrases every request is biased toward (TAB boost optional) "
          + "(env: MEDASR_PHRASES; default: none)")
  Path phrases;

  @Option(names = "--prompt-terms", paramLabel = "N",
      description = "most request phrases put into a window's prompt when a first decode suggests them, 0 = off "
          + "(env: MEDASR_PROMPT_TERMS; default: ${DEFAULT-VALUE})")
  int promptTerms = 10;

  @Option(names = "--lexicon-prompt", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "also suggest lexicon terms (any specialty) that a doubted run of words sounds like "
          + "(env: MEDASR_LEXICON_PROMPT; default: ${DEFAULT-VALUE})")
  boolean lexiconPrompt = true;

  @Option(names = "--vad-model", paramLabel = "FILE",
      description = "Silero VAD model of streams; missing file = energy VAD "
          + "(env: MEDASR_VAD_MODEL; default: ${DEFAULT-VALUE})")
  Path vadModel = ServerConfig.DEFAULT_VAD_MODEL;

  @Option(names = "--aligner", paramLabel = "DIR",
      description = "forced aligner that times result words from the sound; missing directory = times from "
          + "cross-attention and pauses (env: MEDASR_ALIGNER; default: ${DEFAULT-VALUE})")
  Path aligner = ServerConfig.DEFAULT_ALIGNER;

  @Option(names = "--stream-short-context", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "encode stream tails with a shortened audio context (models built since 2026-11-30) "
          + "(env: MEDASR_STREAM_SHORT_CONTEXT; default: ${DEFAULT-VALUE})")
  boolean streamShortContext = true;

  @Option(names = "--stream-keep-up", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "a stream behind real time skips interim decodes until it catches up, and streams hold them "
          + "while another's final decode runs (env: MEDASR_STREAM_KEEP_UP; default: ${DEFAULT-VALUE})")
  boolean streamKeepUp = true;

  @Option(names = "--stream-lexicon", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "bias the decodes of a stream's pauses and endpoints with the lexicon as unary calls are "
          + "(env: MEDASR_STREAM_LEXICON; default: ${DEFAULT-VALUE})")
  boolean streamLexicon = true;

  @Option(names = "--stream-final-context", paramLabel = "SECONDS",
      description = "seconds of final speech that the decodes of a stream's pauses and endpoints hear again, 0.."
          + StreamingOptions.MAX_FINAL_CONTEXT_SECONDS + " (env: MEDASR_STREAM_FINAL_CONTEXT; "
          + "default: ${DEFAULT-VALUE})")
  double streamFinalContext = StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS;

  @Option(names = "--correct-all", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "correct every call's final results with the lexicon matcher, whether or not it sets "
          + "enable_correction (env: MEDASR_CORRECT_ALL; default: ${DEFAULT-VALUE})")
  boolean correctAll;

  @Option(names = "--correction-model", paramLabel = "DIR",
      description = "BART correction model of the seq2seq corrector; missing directory = no seq2seq corrector "
          + "(env: MEDASR_CORRECTION_MODEL; default: ${DEFAULT-VALUE})")
  Path correctionModel = ServerConfig.DEFAULT_CORRECTION_MODEL;

  @Option(names = "--correctors", paramLabel = "LIST",
      description = "correctors of a call that asks for correction without naming any, in order: lexicon, seq2seq "
          + "(env: MEDASR_CORRECTORS; default: ${DEFAULT-VALUE})")
  String correctors = CorrectorKind.LEXICON.id();

  /** A command line over {@code env}: parse with it, then take {@link #config()} of its command. */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine command = new CommandLine(new ServeCommand());
    command.setDefaultValueProvider(new Environment(env));
    // the last of a repeated flag wins, as callers that append flags to a base command line expect
    command.setOverwrittenOptionsAllowed(true);
    return command;
  }

  /** The help text, with the built-in defaults (not those of this process's environment). */
  public static String usage() {
    return commandLine(Map.of()).getUsageMessage(Help.Ansi.OFF);
  }

  /** {@code medasr-server VERSION}, from the build. */
  public static String version() {
    try (InputStream in = ServeCommand.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return "medasr-server " + properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "medasr-server unknown";
    }
  }

  /**
   * The environment variable of an option: {@code MEDASR_} and its long name, upper case, dashes as underscores
   * ({@code --max-streams}: {@code MEDASR_MAX_STREAMS}); {@code --model} has {@code MEDASR_MODEL_DIR}, which the
   * Dockerfile and Kubernetes manifests set.
   */
  static String variable(OptionSpec option) {
    String name = option.longestName();
    if (name.equals("--model")) {
      return "MEDASR_MODEL_DIR";
    }
    return "MEDASR_" + name.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The settings the parsed options give; IllegalArgumentException for values they do not allow together. */
  ServerConfig config() {
    if (beamSize < 1 || beamSize > ServerConfig.MAX_BEAM_SIZE) {
      throw new IllegalArgumentException("--beam-size must be 1.." + ServerConfig.MAX_BEAM_SIZE + ", got "
          + beamSize);
    }
    TranscribeOptions decoding = TranscribeOptions.defaults().withBeamSize(beamSize)
        .withoutTimestamps(!timestampTokens).withShortAudioContext(shortContext);
    if (!temperatureFallback) {
      decoding = decoding.withTemperatures(List.of(0.0));
    }
    return new ServerConfig(
        port,
        new Transport(bind, tlsCert, tlsKey, tlsClientCa, allowPlaintext),
        metricsPort != null ? metricsPort : ServerConfig.METRICS_OFF,
        healthPort != null ? healthPort : ServerConfig.HEALTH_OFF,
        model,
        precision == Precision.int8,
        threads,
        decoders,
        maxStreams,
        maxAudioSeconds,
        maxMessageBytes,
        memoryBudgetMb,
        seconds(shutdownGrace),
        maxStreamsPerClient,
        seconds(idleTimeout),
        apiKeys(),
        apiKeysFile,
        reflection,
        logTranscripts,
        logFormat == LogFormat.json,
        decoding,
        lexicon.toString().equals(NO_LEXICON) ? null : lexicon,
        specialtyTerms,
        lexiconBoost,
        phraseBoost,
        phrases,
        promptTerms,
        lexiconPrompt,
        vadModel,
        aligner,
        streamShortContext,
        streamKeepUp,
        streamLexicon,
        streamFinalContext,
        correctAll,
        correctionModel,
        correctorKinds());
  }

  private List<CorrectorKind> correctorKinds() {
    List<CorrectorKind> kinds = new ArrayList<>();
    for (String name : correctors.split(",")) {
      kinds.add(CorrectorKind.of(name).orElseThrow(() -> new IllegalArgumentException("--correctors: unknown "
          + "corrector '" + name.strip() + "'; known: " + CorrectorKind.names())));
    }
    return kinds;
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(1000 * seconds));
  }

  private List<ApiKey> apiKeys() {
    LinkedHashSet<String> listed = new LinkedHashSet<>();
    for (String key : apiKeys.split(",")) {
      if (!key.isBlank()) {
        listed.add(key.trim());
      }
    }
    if (apiKeysFile == null) {
      return ApiKey.numbered(List.copyOf(listed));
    }
    if (!listed.isEmpty()) {
      throw new IllegalArgumentException("give --api-keys or --api-keys-file, not both");
    }
    try {
      return ApiKey.readFile(apiKeysFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --api-keys-file " + apiKeysFile + ": " + e);
    }
  }

  /** Defaults from environment variables ({@link #variable}); a blank variable counts as unset. */
  private record Environment(Map<String, String> env) implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
        return null;
      }
      String value = env.get(variable(option));
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  /** {@code --version}: {@link #version()}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
