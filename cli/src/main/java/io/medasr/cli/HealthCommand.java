package io.medasr.cli;

import io.medasr.client.HealthStatus;
import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import java.util.List;

/** {@code medasr health}: the standard gRPC health check of the server as a whole. */
final class HealthCommand implements Command {
  private static final int DEFAULT_DEADLINE_SECONDS = 10;

  static final String USAGE = """
      usage: medasr health --server HOST:PORT [options]

      Asks the server's standard gRPC health service (service name "") and prints SERVING, NOT_SERVING or
      UNKNOWN. Exit status 0 only when SERVING; 1 otherwise, including when the server cannot be reached.

      Options:
      """ + ServerOptions.USAGE + " (default " + DEFAULT_DEADLINE_SECONDS + ")\n";

  @Override
  public int run(List<String> arguments, CliContext context) throws UsageException {
    ArgParser.Args args = ServerOptions.declare(new ArgParser()).parse(arguments);
    if (args.helpRequested()) {
      context.out().print(USAGE);
      return 0;
    }
    if (!args.positionals().isEmpty()) {
      throw new UsageException("health takes no arguments, got '" + args.positionals().get(0) + "'");
    }
    try (MedAsrClient client = ServerOptions.connect(args, context, DEFAULT_DEADLINE_SECONDS)) {
      HealthStatus status = client.health();
      context.out().println(status);
      return status == HealthStatus.SERVING ? 0 : 1;
    } catch (MedAsrException e) {
      context.error("health check of " + args.required("--server") + " failed: " + Failures.describe(e));
      return 1;
    }
  }
}
