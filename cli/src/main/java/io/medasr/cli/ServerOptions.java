package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a server shares (a picocli mixin): where it is, TLS, API key,
 * deadline. Filled by picocli, then read once by {@link #connect}.
 */
final class ServerOptions {
  /** Unary deadline when a command sets none: long enough for an hour of audio on a CPU. */
  static final int DEFAULT_DEADLINE_SECONDS = 300;
  /** The environment variable that holds the API key when no option gives one. */
  static final String API_KEY_VARIABLE = "MEDASR_API_KEY";
  /** Options whose default comes from an environment variable ({@link EnvironmentDefaults}). */
  static final Set<String> FROM_ENVIRONMENT = Set.of("--server", "--tls-ca", "--tls-cert", "--tls-key");

  private static final int MAX_DEADLINE_SECONDS = 24 * 3600;

  @Option(names = "--server", paramLabel = "HOST:PORT", order = 100,
      description = "the MedASR server (required; env: MEDASR_SERVER)")
  private String server;

  @Option(names = "--tls", order = 101,
      description = "connect with TLS, trusting the system's certificate authorities")
  private boolean tls;

  @Option(names = "--tls-ca", paramLabel = "PEM", order = 102,
      description = "connect with TLS, trusting the CA certificates in this PEM file (env: MEDASR_TLS_CA)")
  private Path trustedCertificates;

  @Option(names = "--tls-cert", paramLabel = "PEM", order = 103,
      description = "connect with TLS and present this client certificate (mutual TLS), with --tls-key "
          + "(env: MEDASR_TLS_CERT)")
  private Path clientCertificate;

  @Option(names = "--tls-key", paramLabel = "PEM", order = 104,
      description = "the client certificate's private key, PKCS#8 (env: MEDASR_TLS_KEY)")
  private Path clientKey;

  @Option(names = "--api-key", paramLabel = "KEY", order = 105,
      description = "API key, sent as the header \"authorization: Bearer KEY\" (visible to ps: prefer "
          + "--api-key-file or the environment)")
  private String apiKey;

  @Option(names = "--api-key-file", paramLabel = "FILE", order = 106,
      description = "read the API key from the first line of FILE; without either option the key is taken from "
          + "the environment variable " + API_KEY_VARIABLE + ", if set")
  private Path apiKeyFile;

  @Option(names = "--deadline", paramLabel = "SECONDS", order = 107,
      description = "time limit of each call, 1 to " + MAX_DEADLINE_SECONDS + " (default: "
          + DEFAULT_DEADLINE_SECONDS + " for a Recognize call, 10 for health, none for a stream)")
  private Integer deadlineSeconds;

  /** Whether {@code --server} was given (or its variable). */
  boolean given() {
    return server != null;
  }

  /** The {@code --server} address. */
  String server() throws UsageException {
    if (server == null) {
      throw new UsageException("--server is required (or the environment variable MEDASR_SERVER)");
    }
    return server;
  }

  /** A client configured from the options, with the default unary deadline. */
  MedAsrClient connect(CliContext context) throws UsageException {
    return connect(context, DEFAULT_DEADLINE_SECONDS);
  }

  /**
   * A client configured from the options. {@code --deadline} (or {@code defaultDeadlineSeconds} when not given)
   * bounds unary calls; a stream is bounded only by an explicit {@code --deadline}.
   */
  MedAsrClient connect(CliContext context, int defaultDeadlineSeconds) throws UsageException {
    return connect(server(), context, defaultDeadlineSeconds);
  }

  /** As {@link #connect(CliContext, int)}, to {@code target} instead of {@code --server}. */
  MedAsrClient connect(String target, CliContext context, int defaultDeadlineSeconds) throws UsageException {
    MedAsrClient.Builder builder = MedAsrClient.builder();
    try {
      builder.target(target);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--server must be HOST:PORT, got '" + target + "'");
    }
    if (context.channel() != null) {
      builder = MedAsrClient.builder().channel(context.channel());
    } else {
      if (tls) {
        builder.useTls(true); // --tls-ca and --tls-cert imply TLS: useTls(false) would contradict them
      }
      if (trustedCertificates != null) {
        builder.trustCertificates(trustedCertificates);
      }
      if ((clientCertificate == null) != (clientKey == null)) {
        throw new UsageException("a client certificate needs both --tls-cert and --tls-key");
      }
      if (clientCertificate != null) {
        builder.clientCertificate(clientCertificate, clientKey);
      }
    }
    int deadline = deadlineSeconds == null ? defaultDeadlineSeconds : deadlineSeconds;
    Ranges.check("--deadline", deadline, 1, MAX_DEADLINE_SECONDS);
    builder.deadline(Duration.ofSeconds(deadline));
    if (deadlineSeconds != null) {
      builder.streamDeadline(Duration.ofSeconds(deadline));
    }
    try {
      apiKey(context).ifPresent(builder::apiKey);
      return builder.build();
    } catch (IllegalArgumentException e) {
      // an API key with spaces or control characters, or an unreadable certificate file
      throw new UsageException(e.getMessage());
    }
  }

  private Optional<String> apiKey(CliContext context) throws UsageException {
    if (apiKeyFile == null) {
      return Optional.ofNullable(apiKey)
          .or(() -> Optional.ofNullable(context.environment().get(API_KEY_VARIABLE)).filter(key -> !key.isBlank()));
    }
    if (apiKey != null) {
      throw new UsageException("give --api-key or --api-key-file, not both");
    }
    try {
      List<String> lines = Files.readAllLines(apiKeyFile, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new UsageException("--api-key-file " + apiKeyFile + " is empty");
      }
      return Optional.of(lines.get(0).strip());
    } catch (IOException e) {
      throw new UsageException("cannot read --api-key-file " + apiKeyFile + ": " + e.getMessage());
    }
  }
}
