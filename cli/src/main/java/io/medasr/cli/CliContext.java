package io.medasr.cli;

import io.grpc.ManagedChannel;
import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes and how it reaches the server.
 *
 * @param out standard output: results
 * @param err standard error: {@code medasr: <message>} lines
 * @param terminal whether {@code out} is an interactive terminal (interim results then redraw one line)
 * @param channel the test seam: when not null, commands talk over this channel instead of connecting to
 *     {@code --server} (which must still be given); the caller keeps ownership. {@link Main#main} passes null.
 * @param columns width of the terminal, so that a redrawn line never wraps (a wrapped line cannot be redrawn)
 * @param environment the process's environment variables ({@code MEDASR_API_KEY}); empty in tests unless given
 */
public record CliContext(PrintStream out, PrintStream err, boolean terminal, ManagedChannel channel, int columns,
    Map<String, String> environment) {
  /** The width assumed when the terminal does not say (no {@code COLUMNS} in the environment). */
  static final int DEFAULT_COLUMNS = 80;

  public CliContext {
    if (columns < 2) {
      throw new IllegalArgumentException("columns must be >= 2, got " + columns);
    }
    environment = Map.copyOf(environment);
  }

  /** A context without environment variables and with the default width. */
  public CliContext(PrintStream out, PrintStream err, boolean terminal, ManagedChannel channel) {
    this(out, err, terminal, channel, DEFAULT_COLUMNS, Map.of());
  }

  /** Prints {@code medasr: <message>} to standard error. */
  void error(String message) {
    err.println("medasr: " + message);
  }
}
