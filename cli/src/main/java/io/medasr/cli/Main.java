package io.medasr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code medasr} command line: {@code medasr <command> [options]}. Exit status 0 on success, 1 when the
 * work failed, 2 for a wrong command line. Errors print {@code medasr: <message>} to standard error, never a
 * stack trace.
 */
public final class Main {
  private record Entry(String name, String summary, Command command) {}

  private static final List<Entry> COMMANDS = List.of(
      new Entry("transcribe", "transcribe audio files, one call per file", new TranscribeCommand()),
      new Entry("stream", "stream an audio file and print results as they arrive", new StreamCommand()),
      new Entry("health", "check whether a server is serving", new HealthCommand()),
      new Entry("wer", "score hypotheses against references: WER, CER, medical-term recall",
          (args, context) -> WerCommand.run(args.toArray(String[]::new), context.out(), context.err())),
      new Entry("align", "score hypothesis word times against true ones", new AlignCommand()),
      new Entry("eval", "transcribe a test-set manifest through a server and score it like wer",
          new EvalCommand()),
      new Entry("bench", "stream a manifest K at a time: latencies, lag, streamed vs unary WER, server CPU/RSS",
          new BenchCommand()));

  private Main() {}

  public static void main(String[] args) {
    // Java 17 tells a terminal only through System.console(), which also needs stdin to be one.
    boolean terminal = System.console() != null;
    int columns = columns(System.getenv("COLUMNS"));
    System.exit(run(args, new CliContext(System.out, System.err, terminal, null, columns, System.getenv())));
  }

  /** The launcher exports the terminal's width as COLUMNS; anything unusable falls back to the default. */
  static int columns(String value) {
    try {
      int columns = value == null ? CliContext.DEFAULT_COLUMNS : Integer.parseInt(value.strip());
      return columns >= 2 ? columns : CliContext.DEFAULT_COLUMNS;
    } catch (NumberFormatException e) {
      return CliContext.DEFAULT_COLUMNS;
    }
  }

  /** Runs one command line and returns its exit status. */
  public static int run(String[] args, CliContext context) {
    if (args.length == 0) {
      context.err().print(usage());
      return 2;
    }
    String name = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (name) {
      case "help", "-h", "--help" -> {
        return help(rest, context);
      }
      case "--version", "version" -> {
        context.out().println("medasr " + version());
        return 0;
      }
      default -> { }
    }
    Optional<Entry> entry = command(name);
    if (entry.isEmpty()) {
      context.error("unknown command '" + name + "'");
      context.err().print(usage());
      return 2;
    }
    try {
      return entry.get().command().run(rest, context);
    } catch (UsageException e) {
      context.error(e.getMessage());
      context.err().println("Run 'medasr " + name + " --help' for usage.");
      return 2;
    } catch (RuntimeException e) {
      // A bug, not a user error: still one line, with enough to report it.
      context.error("internal error: " + e);
      return 1;
    }
  }

  private static int help(List<String> topic, CliContext context) {
    if (topic.isEmpty()) {
      context.out().print(usage());
      return 0;
    }
    if (command(topic.get(0)).isEmpty()) {
      context.error("unknown command '" + topic.get(0) + "'");
      context.err().print(usage());
      return 2;
    }
    return run(new String[] {topic.get(0), "--help"}, context);
  }

  private static Optional<Entry> command(String name) {
    return COMMANDS.stream().filter(entry -> entry.name().equals(name)).findFirst();
  }

  static String usage() {
    StringBuilder text = new StringBuilder("usage: medasr <command> [options]\n\nCommands:\n");
    COMMANDS.forEach(entry -> text.append(String.format("  %-12s %s%n", entry.name(), entry.summary())));
    text.append(String.format("  %-12s %s%n", "help", "show this help, or a command's: medasr help COMMAND"))
        .append("\nOptions:\n")
        .append(String.format("  %-12s %s%n", "--version", "print the version"))
        .append("\nRun 'medasr COMMAND --help' for a command's options.\n")
        .append("The server is started with 'medasr serve' (the launcher script runs the server jar for it).\n");
    return text.toString();
  }

  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
