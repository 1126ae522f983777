package io.medasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import io.medasr.transcribe.TranscribeOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    assertEquals(Set.of(), config.apiKeys());
    assertFalse(config.logTranscripts());
    assertEquals(TranscribeOptions.defaults(), config.decoding());
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
    assertEquals(Set.of("a", "b"), config.apiKeys());
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

  private static String message(String flag, String value) {
    return assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.parse(new String[] {flag, value}, Map.of())).getMessage();
  }
}
