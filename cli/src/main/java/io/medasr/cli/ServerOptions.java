package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;

/** The options every command that talks to a server shares: where it is, TLS, API key, deadline. */
final class ServerOptions {
  static final String USAGE = """
        --server HOST:PORT   the MedASR server (required)
        --tls                connect with TLS, trusting the system's certificate authorities
        --tls-ca PEM         connect with TLS, trusting the CA certificates in this PEM file
        --tls-cert PEM       connect with TLS and present this client certificate (mutual TLS), with --tls-key
        --tls-key PEM        the client certificate's private key (PKCS#8)
        --api-key KEY        API key, sent as the header "authorization: Bearer KEY" (visible to ps: prefer
                             --api-key-file)
        --api-key-file FILE  read the API key from the first line of FILE; without either option the key is
                             taken from the environment variable MEDASR_API_KEY, if set
        --deadline SECONDS   time limit of each call\
      """;

  /** Unary deadline when a command sets none: long enough for an hour of audio on a CPU. */
  static final int DEFAULT_DEADLINE_SECONDS = 300;

  private static final int MAX_DEADLINE_SECONDS = 24 * 3600;

  private ServerOptions() {}

  /** Declares the shared options on a command's parser. */
  static ArgParser declare(ArgParser parser) {
    return parser.flag("--tls").option("--server").option("--tls-ca").option("--tls-cert").option("--tls-key")
        .option("--api-key").option("--api-key-file").option("--deadline");
  }

  /** A client configured from the parsed options, with the default unary deadline. */
  static MedAsrClient connect(ArgParser.Args args, CliContext context) throws UsageException {
    return connect(args, context, DEFAULT_DEADLINE_SECONDS);
  }

  /**
   * A client configured from the parsed options. {@code --deadline} (or {@code defaultDeadlineSeconds} when
   * not given) bounds unary calls; a stream is bounded only by an explicit {@code --deadline}.
   */
  static MedAsrClient connect(ArgParser.Args args, CliContext context, int defaultDeadlineSeconds)
      throws UsageException {
    String server = args.required("--server");
    MedAsrClient.Builder builder = MedAsrClient.builder();
    try {
      builder.target(server);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--server must be HOST:PORT, got '" + server + "'");
    }
    if (context.channel() != null) {
      builder = MedAsrClient.builder().channel(context.channel());
    } else {
      if (args.has("--tls")) {
        builder.useTls(true); // --tls-ca and --tls-cert imply TLS: useTls(false) would contradict them
      }
      args.value("--tls-ca").map(Path::of).ifPresent(builder::trustCertificates);
      if (args.value("--tls-cert").isPresent() != args.value("--tls-key").isPresent()) {
        throw new UsageException("a client certificate needs both --tls-cert and --tls-key");
      }
      if (args.value("--tls-cert").isPresent()) {
        builder.clientCertificate(Path.of(args.required("--tls-cert")), Path.of(args.required("--tls-key")));
      }
    }
    int deadlineSeconds = args.intValue("--deadline", defaultDeadlineSeconds, 1, MAX_DEADLINE_SECONDS);
    builder.deadline(Duration.ofSeconds(deadlineSeconds));
    if (args.value("--deadline").isPresent()) {
      builder.streamDeadline(Duration.ofSeconds(deadlineSeconds));
    }
    try {
      apiKey(args, context).ifPresent(builder::apiKey);
      return builder.build();
    } catch (IllegalArgumentException e) {
      // an API key with spaces or control characters, or an unreadable certificate file
      throw new UsageException(e.getMessage());
    }
  }

  /** The environment variable that holds the API key when no option gives one. */
  static final String API_KEY_VARIABLE = "MEDASR_API_KEY";

  private static Optional<String> apiKey(ArgParser.Args args, CliContext context) throws UsageException {
    Optional<String> file = args.value("--api-key-file");
    if (file.isEmpty()) {
      return args.value("--api-key")
          .or(() -> Optional.ofNullable(context.environment().get(API_KEY_VARIABLE)).filter(key -> !key.isBlank()));
    }
    if (args.value("--api-key").isPresent()) {
      throw new UsageException("give --api-key or --api-key-file, not both");
    }
    try {
      List<String> lines = Files.readAllLines(Path.of(file.get()), StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new UsageException("--api-key-file " + file.get() + " is empty");
      }
      return Optional.of(lines.get(0).strip());
    } catch (IOException e) {
      throw new UsageException("cannot read --api-key-file " + file.get() + ": " + e.getMessage());
    }
  }
}
