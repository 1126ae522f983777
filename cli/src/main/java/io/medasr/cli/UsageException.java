package io.medasr.cli;

/** The command line was wrong: the command prints the message and exits with status 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
