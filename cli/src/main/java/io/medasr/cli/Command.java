package io.medasr.cli;

import java.util.List;

/** One {@code medasr} subcommand. Implementations are stateless. */
interface Command {
  /**
   * Runs the command with the arguments after its name.
   *
   * @return the exit status: 0 on success, 1 when the work failed
   * @throws UsageException when the arguments are wrong (exit status 2)
   */
  int run(List<String> args, CliContext context) throws UsageException;
}
