package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.engine.EngineConfig;
import io.medasr.service.ApiKey;
import io.medasr.stream.StreamingOptions;
import io.medasr.transcribe.TranscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

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
    assertEquals("--port must be an integer, got 'x'", message("--port", "x"));
    assertEquals("port must be 0..65535, got 70000", message("--port", "70000"));
    assertEquals("max concurrent streams must be >= 1, got 0", message("--max-streams", "0"));
    assertEquals("max audio seconds must be > 0, got -1.0", message("--max-audio-seconds", "-1"));
    assertEquals("--log-transcripts must be true or false, got 'yes'", message("--log-transcripts", "yes"));
    assertEquals("unknown option --bogus", message("--bogus", "1"));
    assertEquals("--precision must be fp32 or int8, got 'fp16'", message("--precision", "fp16"));
    assertEquals("--port needs a value",
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parse(new String[] {"--port"}, Map.of()))
            .getMessage());
  }

  @Test
  void usageListsEveryOption() {
    String usage = ServerConfig.usage();
    for (ServerConfig.Option option : ServerConfig.Option.values()) {
      assertTrue(usage.contains(option.flag) && usage.contains(option.env), option.name());
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
    assertEquals("--log-format must be text or json, got 'xml'", message("--log-format", "xml"));
    assertEquals(9464, ServerConfig.parse(new String[] {"--metrics-port", "9464"}, Map.of()).metricsPort());
    assertEquals("metrics port must be 0..65535, got 70000", message("--metrics-port", "70000"));
  }

  private static String message(String flag, String value) {
    return assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.parse(new String[] {flag, value}, Map.of())).getMessage();
  }
}
