package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.correct.CorrectorKind;
import io.medasr.engine.EngineConfig;
import io.medasr.service.ApiKey;
import io.medasr.stream.StreamingOptions;
import io.medasr.transcribe.TranscribeOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ServerConfigTest {
  /** Every variable the hand-written parser read (its Option enum), by flag: each must still work. */
  private static final Map<String, String> OLD_VARIABLES = Map.ofEntries(
      Map.entry("--port", "MEDASR_PORT"),
      Map.entry("--bind", "MEDASR_BIND"),
      Map.entry("--tls-cert", "MEDASR_TLS_CERT"),
      Map.entry("--tls-key", "MEDASR_TLS_KEY"),
      Map.entry("--tls-client-ca", "MEDASR_TLS_CLIENT_CA"),
      Map.entry("--metrics-port", "MEDASR_METRICS_PORT"),
      Map.entry("--health-port", "MEDASR_HEALTH_PORT"),
      Map.entry("--allow-plaintext", "MEDASR_ALLOW_PLAINTEXT"),
      Map.entry("--model", "MEDASR_MODEL_DIR"),
      Map.entry("--precision", "MEDASR_PRECISION"),
      Map.entry("--threads", "MEDASR_THREADS"),
      Map.entry("--decoders", "MEDASR_DECODERS"),
      Map.entry("--max-streams", "MEDASR_MAX_STREAMS"),
      Map.entry("--max-audio-seconds", "MEDASR_MAX_AUDIO_SECONDS"),
      Map.entry("--max-message-bytes", "MEDASR_MAX_MESSAGE_BYTES"),
      Map.entry("--memory-budget-mb", "MEDASR_MEMORY_BUDGET_MB"),
      Map.entry("--shutdown-grace", "MEDASR_SHUTDOWN_GRACE"),
      Map.entry("--max-streams-per-client", "MEDASR_MAX_STREAMS_PER_CLIENT"),
      Map.entry("--idle-timeout", "MEDASR_IDLE_TIMEOUT"),
      Map.entry("--api-keys", "MEDASR_API_KEYS"),
      Map.entry("--api-keys-file", "MEDASR_API_KEYS_FILE"),
      Map.entry("--reflection", "MEDASR_REFLECTION"),
      Map.entry("--log-transcripts", "MEDASR_LOG_TRANSCRIPTS"),
      Map.entry("--log-format", "MEDASR_LOG_FORMAT"),
      Map.entry("--beam-size", "MEDASR_BEAM_SIZE"),
      Map.entry("--timestamp-tokens", "MEDASR_TIMESTAMP_TOKENS"),
      Map.entry("--temperature-fallback", "MEDASR_TEMPERATURE_FALLBACK"),
      Map.entry("--short-context", "MEDASR_SHORT_CONTEXT"),
      Map.entry("--lexicon", "MEDASR_LEXICON"),
      Map.entry("--specialty-terms", "MEDASR_SPECIALTY_TERMS"),
      Map.entry("--lexicon-boost", "MEDASR_LEXICON_BOOST"),
      Map.entry("--phrase-boost", "MEDASR_PHRASE_BOOST"),
      Map.entry("--phrases", "MEDASR_PHRASES"),
      Map.entry("--prompt-terms", "MEDASR_PROMPT_TERMS"),
      Map.entry("--lexicon-prompt", "MEDASR_LEXICON_PROMPT"),
      Map.entry("--vad-model", "MEDASR_VAD_MODEL"),
      Map.entry("--aligner", "MEDASR_ALIGNER"),
      Map.entry("--stream-short-context", "MEDASR_STREAM_SHORT_CONTEXT"),
      Map.entry("--stream-keep-up", "MEDASR_STREAM_KEEP_UP"),
      Map.entry("--stream-lexicon", "MEDASR_STREAM_LEXICON"),
      Map.entry("--stream-final-context", "MEDASR_STREAM_FINAL_CONTEXT"),
      Map.entry("--correct-all", "MEDASR_CORRECT_ALL"),
      Map.entry("--correction-model", "MEDASR_CORRECTION_MODEL"),
      Map.entry("--correctors", "MEDASR_CORRECTORS"));

  @Test
  void defaultsWithoutFlagsOrEnvironment() {
    ServerConfig config = ServerConfig.parse(new String[0], Map.of());
    assertEquals(50051, config.port());
    assertEquals(Path.of("models", "whisper-base"), config.modelDir());
    assertFalse(config.int8());
    assertEquals(0, config.threads());
    assertEquals(4, config.maxConcurrentStreams());
    assertEquals(7200.0, config.maxAudioSeconds());
    assertEquals(List.of(), config.apiKeys());
    assertFalse(config.logTranscripts());
    assertEquals(TranscribeOptions.defaults(), config.decoding());
    assertEquals(0, config.decoders());
    assertEquals(16 << 20, config.maxMessageBytes());
    assertEquals(0, config.memoryBudgetMb());
    assertEquals(Duration.ofSeconds(30), config.shutdownGrace());
    assertEquals(10, config.promptTerms());
    assertTrue(config.lexiconPrompt());
    assertTrue(config.streamLexicon());
    assertEquals(StreamingOptions.DEFAULT_FINAL_CONTEXT_SECONDS, config.streamFinalContextSeconds());
    assertFalse(config.correctAll());
    assertEquals(List.of(CorrectorKind.LEXICON), config.correctors());
    assertEquals(ServerConfig.DEFAULT_CORRECTION_MODEL, config.correctionModel());
    assertFalse(config.jsonLogs());
    assertTrue(config.reflection());
    assertEquals(ServerConfig.METRICS_OFF, config.metricsPort());
  }

  @Test
  void theEngineSharesTheCoresBetweenWorkersWithoutOversubscribing() {
    ServerConfig defaults = ServerConfig.parse(new String[0], Map.of());
    assertEquals(new EngineConfig(2, 4, 1000), defaults.engineConfig(2, 2000));
    assertEquals(1, defaults.intraOpThreads(2));
    assertEquals(new EngineConfig(8, 4, 1000), defaults.engineConfig(16, 2000));
    assertEquals(2, defaults.intraOpThreads(16));
    ServerConfig chosen = ServerConfig.parse(new String[] {"--decoders", "1", "--memory-budget-mb", "3"}, Map.of());
    assertEquals(new EngineConfig(1, 4, 3L << 20), chosen.engineConfig(2, 2000));
    assertEquals(2, chosen.intraOpThreads(2));
  }

  @Test
  void switchesNeedNoValueAndGraceTakesFractions() {
    ServerConfig config = ServerConfig.parse(new String[] {"--log-transcripts", "--shutdown-grace", "0.5"}, Map.of());
    assertTrue(config.logTranscripts());
    assertEquals(Duration.ofMillis(500), config.shutdownGrace());
    assertFalse(ServerConfig.parse(new String[] {"--log-transcripts=false"}, Map.of()).logTranscripts());
    assertFalse(ServerConfig.parse(new String[] {"--lexicon-prompt", "false"}, Map.of()).lexiconPrompt());
    assertFalse(ServerConfig.parse(new String[0], Map.of("MEDASR_LEXICON_PROMPT", "false")).lexiconPrompt());
    assertFalse(ServerConfig.parse(new String[] {"--stream-lexicon", "false"}, Map.of()).streamLexicon());
    assertFalse(ServerConfig.parse(new String[0], Map.of("MEDASR_STREAM_LEXICON", "false")).streamLexicon());
    assertTrue(ServerConfig.parse(new String[] {"--correct-all"}, Map.of()).correctAll());
    assertTrue(ServerConfig.parse(new String[0], Map.of("MEDASR_CORRECT_ALL", "true")).correctAll());
    assertTrue(ServerConfig.parse(new String[] {"--log-transcripts", "--port", "1"}, Map.of()).logTranscripts());
    assertEquals("max message bytes must be >= 65536, got 100", message("--max-message-bytes", "100"));
    assertEquals(0.0,
        ServerConfig.parse(new String[] {"--stream-final-context", "0"}, Map.of()).streamFinalContextSeconds());
    assertEquals("stream final context must be 0..10.0 s, got 12.0", message("--stream-final-context", "12"));
  }

  @Test
  void correctorsAreNamedInOrder() {
    assertEquals(List.of(CorrectorKind.SEQ2SEQ, CorrectorKind.LEXICON),
        ServerConfig.parse(new String[] {"--correctors", "seq2seq, Lexicon"}, Map.of()).correctors());
    assertEquals(List.of(CorrectorKind.SEQ2SEQ),
        ServerConfig.parse(new String[0], Map.of("MEDASR_CORRECTORS", "seq2seq")).correctors());
    assertEquals("--correctors: unknown corrector 'bert'; known: lexicon, seq2seq", message("--correctors", "bert"));
  }

  @Test
  void decodingFlagsSetTheServersDecodingDefaults() {
    TranscribeOptions decoding = ServerConfig.parse(new String[] {"--beam-size", "5", "--timestamp-tokens", "false"},
        Map.of("MEDASR_TEMPERATURE_FALLBACK", "false")).decoding();
    assertEquals(5, decoding.beamSize());
    assertTrue(decoding.withoutTimestamps());
    assertEquals(List.of(0.0), decoding.temperatures());
    assertEquals("--beam-size must be 1..8, got 9", message("--beam-size", "9"));
  }

  @Test
  void flagsWinOverEnvironment() {
    ServerConfig config = ServerConfig.parse(
        new String[] {"--port", "6000", "--model=/m", "--api-keys", "a, b,,", "--precision", "int8"},
        Map.of("MEDASR_PORT", "7000", "MEDASR_THREADS", "2", "MEDASR_MAX_STREAMS", "9",
            "MEDASR_LOG_TRANSCRIPTS", "TRUE"));
    assertEquals(6000, config.port());
    assertEquals(Path.of("/m"), config.modelDir());
    assertTrue(config.int8());
    assertEquals(2, config.threads());
    assertEquals(9, config.maxConcurrentStreams());
    assertEquals(ApiKey.numbered(List.of("a", "b")), config.apiKeys());
    assertTrue(config.logTranscripts());
  }

  @Test
  void badValuesAreNamed() {
    assertEquals("Invalid value for option '--port': 'x' is not an int", message("--port", "x"));
    assertEquals("port must be 0..65535, got 70000", message("--port", "70000"));
    assertEquals("max concurrent streams must be >= 1, got 0", message("--max-streams", "0"));
    assertEquals("max audio seconds must be > 0, got -1.0", message("--max-audio-seconds", "-1"));
    assertEquals("Invalid value for option '--max-audio-seconds': 'lots' is not a double",
        message("--max-audio-seconds", "lots"));
    // not a boolean, so not the switch's value: an argument of its own, which serve takes none of
    assertEquals("Unmatched argument at index 1: 'yes'", message("--log-transcripts", "yes"));
    assertEquals("Invalid value for option '--log-transcripts': 'yes' is not a boolean",
        message("--log-transcripts=yes"));
    assertEquals("Unknown options: '--bogus', '1'", message("--bogus", "1"));
    assertEquals("Unknown option: '--bogus'", message("--bogus"));
    assertEquals("Unmatched argument at index 0: 'serve'", message("serve"));
    assertEquals("Invalid value for option '--precision': expected one of [fp32, int8] (case-sensitive) but was "
        + "'fp16'", message("--precision", "fp16"));
    assertEquals("Missing required parameter for option '--port' (PORT)", message("--port"));
    assertEquals("Invalid value for option '--port': 'x' is not an int",
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[0],
            Map.of("MEDASR_PORT", "x"))).getMessage());
    assertEquals("give --api-keys or --api-keys-file, not both", message("--api-keys", "a", "--api-keys-file", "f"));
  }

  @Test
  void usageListsEveryOptionWithItsVariableAndDefault() {
    String usage = ServeCommand.usage();
    assertTrue(usage.startsWith("Usage: medasr serve [OPTIONS]\n"), usage);
    List<String> lines = usage.lines().toList();
    assertTrue(lines.contains("      --port=PORT            TCP port to listen on (env: MEDASR_PORT; default: 50051)"),
        usage);
    assertTrue(lines.contains("      --model=DIR            model directory (env: MEDASR_MODEL_DIR; default: "
        + Path.of("models", "whisper-base") + ")"), usage);
    assertTrue(lines.contains("      --reflection[=true|false]"), usage);
    assertTrue(lines.contains("                             serve gRPC server reflection (env: MEDASR_REFLECTION; "
        + "default: true)"), usage);
    assertTrue(lines.contains("  -h, --help                 Show this help message and exit."), usage);
    assertTrue(lines.contains("  -V, --version              Print version information and exit."), usage);
    List<OptionSpec> options = settingOptions();
    assertEquals(OLD_VARIABLES.size(), options.size());
    for (OptionSpec option : options) {
      String variable = ServeCommand.variable(option);
      assertTrue(usage.contains(option.longestName()) && usage.contains(variable), option.longestName());
      // the variable in the help text is the one the option reads
      assertTrue(option.description()[0].contains("(env: " + variable + "; default: "), option.longestName());
    }
  }

  @Test
  void helpAndVersionAreRequestsNotSettings() {
    CommandLine command = ServeCommand.commandLine(Map.of());
    assertTrue(command.parseArgs("--help").isUsageHelpRequested());
    assertTrue(command.parseArgs("-h").isUsageHelpRequested());
    assertTrue(command.parseArgs("--version").isVersionHelpRequested());
    assertTrue(ServeCommand.version().matches("medasr-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
        ServeCommand.version());
    StringWriter printed = new StringWriter();
    command.printVersionHelp(new PrintWriter(printed, true));
    assertEquals(ServeCommand.version() + System.lineSeparator(), printed.toString());
    // variables named after the help options set nothing
    assertFalse(ServeCommand.commandLine(Map.of("MEDASR_HELP", "true", "MEDASR_VERSION", "true")).parseArgs()
        .isUsageHelpRequested());
  }

  @Test
  void everyOptionReadsItsVariableByOneRule() {
    Map<String, String> variables = settingOptions().stream()
        .collect(Collectors.toMap(OptionSpec::longestName, ServeCommand::variable));
    assertEquals(OLD_VARIABLES, variables);
    assertEquals("MEDASR_MAX_STREAMS", variables.get("--max-streams"));
    assertEquals(3, ServerConfig.parse(new String[0], Map.of("MEDASR_MAX_STREAMS_PER_CLIENT", "3"))
        .maxStreamsPerClient());
    assertEquals(Duration.ofMillis(1500), ServerConfig.parse(new String[0], Map.of("MEDASR_IDLE_TIMEOUT", "1.5"))
        .idleTimeout());
    assertEquals(null, ServerConfig.parse(new String[0], Map.of("MEDASR_LEXICON", "none")).lexicon());
    assertEquals(Path.of("/v.onnx"), ServerConfig.parse(new String[0], Map.of("MEDASR_VAD_MODEL", "/v.onnx"))
        .vadModel());
  }

  @Test
  void theModelDirectoryIsTheOneExceptionToTheRule() {
    assertEquals(Path.of("/models/x"), ServerConfig.parse(new String[0], Map.of("MEDASR_MODEL_DIR", "/models/x"))
        .modelDir());
    assertEquals(ServerConfig.DEFAULT_MODEL_DIR,
        ServerConfig.parse(new String[0], Map.of("MEDASR_MODEL", "/models/y")).modelDir());
    assertEquals(Path.of("/m"),
        ServerConfig.parse(new String[] {"--model", "/m"}, Map.of("MEDASR_MODEL_DIR", "/models/x")).modelDir());
  }

  @Test
  void blankVariablesAreUnsetAndValuesAreTrimmed() {
    ServerConfig blank = ServerConfig.parse(new String[0], Map.of("MEDASR_PORT", " ", "MEDASR_METRICS_PORT", "",
        "MEDASR_TLS_CERT", "  ", "MEDASR_REFLECTION", ""));
    assertEquals(ServerConfig.DEFAULT_PORT, blank.port());
    assertEquals(ServerConfig.METRICS_OFF, blank.metricsPort());
    assertEquals(Transport.loopbackPlaintext(), blank.transport());
    assertTrue(blank.reflection());
    ServerConfig padded = ServerConfig.parse(new String[0], Map.of("MEDASR_PORT", " 6000 ",
        "MEDASR_LOG_FORMAT", "json\n"));
    assertEquals(6000, padded.port());
    assertTrue(padded.jsonLogs());
  }

  @Test
  void theLastOfARepeatedFlagWins() {
    assertEquals(2, ServerConfig.parse(new String[] {"--port", "1", "--port=2"}, Map.of()).port());
    assertFalse(ServerConfig.parse(new String[] {"--reflection", "--reflection=false"}, Map.of()).reflection());
  }

  @Test
  void everySwitchTakesEachForm() {
    Map<String, Predicate<ServerConfig>> switches = Map.ofEntries(
        Map.entry("--allow-plaintext", config -> config.transport().allowPlaintext()),
        Map.entry("--reflection", ServerConfig::reflection),
        Map.entry("--log-transcripts", ServerConfig::logTranscripts),
        Map.entry("--timestamp-tokens", config -> !config.decoding().withoutTimestamps()),
        Map.entry("--temperature-fallback", config -> !config.decoding().temperatures().equals(List.of(0.0))),
        Map.entry("--short-context", config -> config.decoding().shortAudioContext()),
        Map.entry("--lexicon-prompt", ServerConfig::lexiconPrompt),
        Map.entry("--stream-short-context", ServerConfig::streamShortContext),
        Map.entry("--stream-keep-up", ServerConfig::streamKeepUp),
        Map.entry("--stream-lexicon", ServerConfig::streamLexicon),
        Map.entry("--correct-all", ServerConfig::correctAll));
    assertEquals(switches.keySet(), settingOptions().stream().filter(o -> o.type() == boolean.class)
        .map(OptionSpec::longestName).collect(Collectors.toSet()));
    for (Map.Entry<String, Predicate<ServerConfig>> entry : switches.entrySet()) {
      String flag = entry.getKey();
      Predicate<ServerConfig> on = entry.getValue();
      String variable = OLD_VARIABLES.get(flag);
      for (String env : new String[] {"true", "false"}) {
        Map<String, String> environment = Map.of(variable, env);
        assertTrue(on.test(ServerConfig.parse(new String[] {flag}, environment)), flag + " over " + env);
        assertTrue(on.test(ServerConfig.parse(new String[] {flag, "--port", "1"}, environment)), flag);
        assertTrue(on.test(ServerConfig.parse(new String[] {flag + "=true"}, environment)), flag);
        assertTrue(on.test(ServerConfig.parse(new String[] {flag, "true"}, environment)), flag);
        assertFalse(on.test(ServerConfig.parse(new String[] {flag + "=false"}, environment)), flag);
        assertFalse(on.test(ServerConfig.parse(new String[] {flag, "false"}, environment)), flag);
        assertFalse(on.test(ServerConfig.parse(new String[] {flag, "False", "--port", "1"}, environment)), flag);
      }
      assertTrue(on.test(ServerConfig.parse(new String[0], Map.of(variable, "TRUE"))), flag);
      assertFalse(on.test(ServerConfig.parse(new String[0], Map.of(variable, "false"))), flag);
    }
  }

  @Test
  void plaintextListensOnLoopbackOnlyUnlessTheOperatorAllowsIt() {
    Transport defaults = ServerConfig.parse(new String[0], Map.of()).transport();
    assertEquals(Transport.loopbackPlaintext(), defaults);
    assertTrue(defaults.address().isLoopbackAddress());
    assertFalse(defaults.plaintextOnNetwork());

    String refused = assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.parse(new String[] {"--bind", "0.0.0.0"}, Map.of())).getMessage();
    assertEquals("listening on 0.0.0.0 without TLS would send API keys and patient audio in clear: give --tls-cert "
        + "and --tls-key, or --allow-plaintext if a TLS proxy on this host fronts the server", refused);
    Transport allowed = ServerConfig.parse(new String[] {"--allow-plaintext"}, Map.of("MEDASR_BIND", "0.0.0.0"))
        .transport();
    assertTrue(allowed.plaintextOnNetwork());
    assertFalse(ServerConfig.parse(new String[] {"--bind", "localhost"}, Map.of()).transport().plaintextOnNetwork());

    Transport tls = ServerConfig.parse(new String[] {"--bind", "0.0.0.0", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
        Map.of()).transport();
    assertEquals(new Transport("0.0.0.0", Path.of("c.pem"), Path.of("k.pem"), null, false), tls);
    assertTrue(tls.usesTls());
    assertFalse(tls.plaintextOnNetwork());
    assertEquals("TLS needs both --tls-cert and --tls-key", message("--tls-cert", "c.pem"));
    assertEquals("--tls-client-ca (mutual TLS) needs TLS: give --tls-cert and --tls-key",
        message("--tls-client-ca", "ca.pem"));
  }

  @Test
  void logsAreTextOrJson() {
    assertTrue(ServerConfig.parse(new String[] {"--log-format", "json"}, Map.of()).jsonLogs());
    assertFalse(ServerConfig.parse(new String[0], Map.of("MEDASR_LOG_FORMAT", "text")).jsonLogs());
    assertEquals("Invalid value for option '--log-format': expected one of [text, json] (case-sensitive) but was "
        + "'xml'", message("--log-format", "xml"));
    assertEquals(9464, ServerConfig.parse(new String[] {"--metrics-port", "9464"}, Map.of()).metricsPort());
    assertEquals("metrics port must be 0..65535, got 70000", message("--metrics-port", "70000"));
  }

  private static String message(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(args, Map.of())).getMessage();
  }

  /** The options of serve's settings: all but --help and --version. */
  private static List<OptionSpec> settingOptions() {
    return ServeCommand.commandLine(Map.of()).getCommandSpec().options().stream()
        .filter(option -> !option.usageHelp() && !option.versionHelp()).toList();
  }
}
