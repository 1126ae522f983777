package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.medasr.client.HealthStatus;
import io.medasr.client.MedAsrClient;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.TranscriptResult;
import io.medasr.client.UnavailableException;
import io.medasr.engine.RecognitionEngine;
import io.medasr.server.MedAsrServer;
import io.medasr.server.ServerConfig;
import io.medasr.whisper.OrtSettings;
import io.medasr.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with TLS and mutual TLS, reached by the SDK and the command line over loopback, with
 * certificates made for the run and the committed tiny model.
 */
class TlsEndToEndTest {
  private static final Path REPO = Path.of(System.getProperty("medasr.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path MODEL = REPO.resolve("models/tiny/whisper-tiny-random.en");
  /** Calls fail at once when the handshake fails; the deadline only guards against a hang. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  private static TestCertificates.Authority serverCa;
  private static TestCertificates.Issued serverCertificate;
  private static TestCertificates.Authority clientCa;
  private static TestCertificates.Issued clientCertificate;
  private static TestCertificates.Issued strangerCertificate;

  @BeforeAll
  static void certificates() throws Exception {
    serverCa = TestCertificates.newAuthority("server-ca", dir);
    serverCertificate = serverCa.issueServer("server", dir);
    clientCa = TestCertificates.newAuthority("client-ca", dir);
    clientCertificate = clientCa.issueClient("dictation-station-7", dir);
    strangerCertificate = TestCertificates.newAuthority("stranger-ca", dir).issueClient("stranger", dir);
  }

  private static MedAsrServer start(String... tls) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--model", MODEL.toString(), "--threads", "1",
        "--max-streams", "2", "--lexicon", "none"));
    args.addAll(List.of(tls));
    ServerConfig config = ServerConfig.parse(args.toArray(String[]::new), Map.of());
    WhisperModel model = WhisperModel.load(MODEL, new OrtSettings(1, 1, OptLevel.ALL_OPT));
    return MedAsrServer.start(new RecognitionEngine(model, config.engineConfig(2, Runtime.getRuntime().maxMemory())),
        config);
  }

  private static MedAsrClient client(MedAsrServer server, Consumer<MedAsrClient.Builder> tls) {
    MedAsrClient.Builder builder = MedAsrClient.builder().target("localhost:" + server.port()).deadline(DEADLINE);
    tls.accept(builder);
    return builder.build();
  }

  private static HealthStatus health(MedAsrServer server, Consumer<MedAsrClient.Builder> tls) {
    try (MedAsrClient client = client(server, tls)) {
      return client.health();
    }
  }

  @Test
  void aTlsServerServesTlsClientsAndRefusesPlaintextOnes() throws Exception {
    MedAsrServer server = start("--tls-cert", serverCertificate.certificate().toString(),
        "--tls-key", serverCertificate.key().toString());
    try {
      try (MedAsrClient client = client(server, b -> b.trustCertificates(serverCa.certificateFile))) {
        assertEquals(HealthStatus.SERVING, client.health());
        // a real recognition call, whatever the tiny model makes of the tone
        byte[] tone = Files.readAllBytes(TestWavs.tone(dir.resolve("tone.wav"), 1.0, 440));
        TranscriptResult result = client.recognize(tone, RecognitionOptions.defaults());
        assertEquals(1.0, result.audioDurationSeconds(), 1e-9);
      }
      UnavailableException plaintext = assertThrows(UnavailableException.class, () -> health(server, b -> {}));
      assertFalse(plaintext.getMessage().isBlank());
      // a client that does not trust the server's authority gets no connection either
      assertThrows(UnavailableException.class,
          () -> health(server, b -> b.trustCertificates(clientCa.certificateFile)));
      // the refused connections harmed nothing
      assertEquals(HealthStatus.SERVING, health(server, b -> b.trustCertificates(serverCa.certificateFile)));

      CliRun cli = CliRun.run(null, "health", "--server", "localhost:" + server.port(),
          "--tls-ca", serverCa.certificateFile.toString());
      assertEquals(0, cli.exitCode(), cli.err());
      assertEquals("SERVING", cli.out().strip());
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aMutualTlsServerServesOnlyClientsWithACertificateFromItsAuthority() throws Exception {
    MedAsrServer server = start("--tls-cert", serverCertificate.certificate().toString(),
        "--tls-key", serverCertificate.key().toString(), "--tls-client-ca", clientCa.certificateFile.toString());
    try {
      assertEquals(HealthStatus.SERVING, health(server, b -> b.trustCertificates(serverCa.certificateFile)
          .clientCertificate(clientCertificate.certificate(), clientCertificate.key())));
      assertThrows(UnavailableException.class,
          () -> health(server, b -> b.trustCertificates(serverCa.certificateFile)));
      assertThrows(UnavailableException.class, () -> health(server, b -> b.trustCertificates(serverCa.certificateFile)
          .clientCertificate(strangerCertificate.certificate(), strangerCertificate.key())));

      CliRun cli = CliRun.run(null, "health", "--server", "localhost:" + server.port(),
          "--tls-ca", serverCa.certificateFile.toString(), "--tls-cert", clientCertificate.certificate().toString(),
          "--tls-key", clientCertificate.key().toString());
      assertEquals(0, cli.exitCode(), cli.err());
      assertEquals("SERVING", cli.out().strip());
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestartAndAHalfWrittenOneIsNot() throws Exception {
    Path live = Files.createDirectories(dir.resolve("live"));
    Path certificate = live.resolve("server.pem");
    Path key = live.resolve("server-key.pem");
    Files.copy(serverCertificate.certificate(), certificate);
    Files.copy(serverCertificate.key(), key);
    MedAsrServer server = start("--tls-cert", certificate.toString(), "--tls-key", key.toString());
    try {
      TestCertificates.Authority renewedCa = TestCertificates.newAuthority("renewed-ca", dir);
      TestCertificates.Issued renewed = renewedCa.issueServer("renewed", dir);
      Consumer<MedAsrClient.Builder> trustsOld = b -> b.trustCertificates(serverCa.certificateFile);
      Consumer<MedAsrClient.Builder> trustsRenewed = b -> b.trustCertificates(renewedCa.certificateFile);
      assertFalse(server.reloadTlsIfChanged(), "nothing changed");

      // the certificate renewed, the key not yet: the pair does not match and the old one stays
      Files.copy(renewed.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
      assertFalse(server.reloadTlsIfChanged());
      assertEquals(HealthStatus.SERVING, health(server, trustsOld));
      assertThrows(UnavailableException.class, () -> health(server, trustsRenewed));

      Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
      assertTrue(server.reloadTlsIfChanged());
      assertEquals(HealthStatus.SERVING, health(server, trustsRenewed));
      assertThrows(UnavailableException.class, () -> health(server, trustsOld));
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aServerWithTlsFilesThatDoNotBelongTogetherDoesNotStart() throws Exception {
    TestCertificates.Issued other = serverCa.issueServer("other", dir);
    ServerConfig config = ServerConfig.parse(new String[] {"--port", "0", "--model", MODEL.toString(),
        "--tls-cert", serverCertificate.certificate().toString(), "--tls-key", other.key().toString()}, Map.of());
    WhisperModel model = WhisperModel.load(MODEL, new OrtSettings(1, 1, OptLevel.ALL_OPT));
    // the engine owns the model; a server that does not start leaves the engine to its caller
    try (RecognitionEngine engine =
        new RecognitionEngine(model, config.engineConfig(2, Runtime.getRuntime().maxMemory()))) {
      IOException refused = assertThrows(IOException.class, () -> MedAsrServer.start(engine, config));
      assertEquals("cannot use the TLS files: the key in " + other.key() + " does not belong to the certificate in "
          + serverCertificate.certificate(), refused.getMessage());
    }
  }
}
