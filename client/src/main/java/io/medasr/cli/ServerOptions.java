package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import java.nio.file.Path;
import java.time.Duration;

/** The options every command that talks to a server shares: where it is, TLS, API key, deadline. */
final class ServerOptions {
  static final String USAGE = """
        --server HOST:PORT   the MedASR server (required)
        --tls                connect with TLS, trusting the system's certificate authorities
        --tls-ca PEM         connect with TLS, trusting the CA certificates in this PEM file
        --api-key KEY        API key, sent as the header "authorization: Bearer KEY"
        --deadline SECONDS   time limit of each call\
      """;

  /** Unary deadline when a command sets none: long enough for an hour of audio on a CPU. */
  static final int DEFAULT_DEADLINE_SECONDS = 300;

  private static final int MAX_DEADLINE_SECONDS = 24 * 3600;

  private ServerOptions() {}

  /** Declares the shared options on a command's parser. */
  static ArgParser declare(ArgParser parser) {
    return parser.flag("--tls").option("--server").option("--tls-ca").option("--api-key").option("--deadline");
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
      builder.useTls(args.has("--tls"));
      args.value("--tls-ca").map(Path::of).ifPresent(builder::trustCertificates);
    }
    int deadlineSeconds = args.intValue("--deadline", defaultDeadlineSeconds, 1, MAX_DEADLINE_SECONDS);
    builder.deadline(Duration.ofSeconds(deadlineSeconds));
    if (args.value("--deadline").isPresent()) {
      builder.streamDeadline(Duration.ofSeconds(deadlineSeconds));
    }
    try {
      args.value("--api-key").ifPresent(builder::apiKey);
      return builder.build();
    } catch (IllegalArgumentException e) {
      // an API key with spaces or control characters, or an unreadable --tls-ca file
      throw new UsageException(e.getMessage());
    }
  }
}
