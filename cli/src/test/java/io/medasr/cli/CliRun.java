package io.medasr.cli;

import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the command line with captured output. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code args} over {@code channel} (null: connect to --server for real), as on a pipe or a terminal. */
  static CliRun run(ManagedChannel channel, boolean terminal, String... args) {
    return run(channel, terminal, Map.of(), args);
  }

  /** As {@link #run(ManagedChannel, boolean, String...)}, with these environment variables. */
  static CliRun run(ManagedChannel channel, boolean terminal, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = Main.run(args,
          new CliContext(outStream, errStream, terminal, channel, CliContext.DEFAULT_COLUMNS, environment));
    }
    return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CliRun run(ManagedChannel channel, String... args) {
    return run(channel, false, args);
  }
}
