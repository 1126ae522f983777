package io.medasr.cli;

import io.medasr.client.HealthStatus;
import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code medasr health}: the standard gRPC health check of the server as a whole. */
@Command(name = "health", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"check whether a server is serving", "",
        "Asks the server's standard gRPC health service (service name \"\") and prints SERVING, NOT_SERVING or "
            + "UNKNOWN. Exit status 0 only when SERVING; 1 otherwise, including when the server cannot be reached."},
    customSynopsis = "medasr health --server HOST:PORT [options]")
final class HealthCommand implements Callable<Integer> {
  private static final int DEFAULT_DEADLINE_SECONDS = 10;

  @ParentCommand private Main main;
  @Mixin private ServerOptions server;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    try (MedAsrClient client = server.connect(context, DEFAULT_DEADLINE_SECONDS)) {
      HealthStatus status = client.health();
      context.out().println(status);
      return status == HealthStatus.SERVING ? 0 : 1;
    } catch (MedAsrException e) {
      context.error("health check of " + server.server() + " failed: " + Failures.describe(e));
      return 1;
    }
  }
}
