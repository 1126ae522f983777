package io.medasr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code medasr} command line: {@code medasr <command> [options]}, parsed by picocli. Exit status 0 on
 * success, 1 when the work failed, 2 for a wrong command line. Errors print {@code medasr: <message>} to standard
 * error, never a stack trace.
 */
@Command(name = "medasr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "MedASR's client: transcription, streaming, health checks and evaluation against a server.",
    subcommands = {TranscribeCommand.class, StreamCommand.class, HealthCommand.class, WerCommand.class,
        AlignCommand.class, EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"", "Run 'medasr COMMAND --help' for a command's options; 'source <(medasr generate-completion)' "
        + "adds bash or zsh completion.",
        "The server is started with 'medasr serve' (the launcher script runs the server jar for it)."})
public final class Main implements Callable<Integer> {
  /** Width of the help text: picocli wraps the option descriptions to it. */
  private static final int USAGE_WIDTH = 110;

  private final CliContext context;
  @Spec private CommandSpec spec;

  private Main(CliContext context) {
    this.context = context;
  }

  /** The context of the run, for the subcommands (they reach it through {@code @ParentCommand}). */
  CliContext context() {
    return context;
  }

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
    CommandLine line = new CommandLine(new Main(context));
    line.setOut(new PrintWriter(context.out(), true));
    line.setErr(new PrintWriter(context.err(), true));
    line.setUsageHelpWidth(USAGE_WIDTH);
    layOut(line);
    line.setDefaultValueProvider(new EnvironmentDefaults(context.environment()));
    line.setParameterExceptionHandler((error, arguments) -> usageError(error.getCommandLine(), message(error), context));
    line.setExecutionExceptionHandler((error, commandLine, parsed) -> {
      if (error instanceof UsageException) {
        return usageError(commandLine, error.getMessage(), context);
      }
      // A bug, not a user error: still one line, with enough to report it.
      context.error("internal error: " + error);
      return 1;
    });
    return line.execute(args);
  }

  /** One layout for every command's help: options in the order they are declared, under headings. */
  private static void layOut(CommandLine command) {
    command.getCommandSpec().usageMessage().sortOptions(false).parameterListHeading("%nArguments:%n")
        .optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n");
    command.getSubcommands().values().forEach(Main::layOut);
  }

  /** No command: the list of commands, on standard error since the command line was incomplete. */
  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return 2;
  }

  /** picocli's message, but an unknown first word is named for what it is. */
  private static String message(ParameterException error) {
    boolean atTop = error.getCommandLine().getCommandSpec().parent() == null;
    if (atTop && error instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    return error.getMessage();
  }

  private static int usageError(CommandLine command, String message, CliContext context) {
    context.error(message);
    String name = command.getCommandSpec().qualifiedName(" ");
    context.err().println("Run '" + name + " --help' for usage.");
    return 2;
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

  /** {@code --version} of every command. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"medasr " + version()};
    }
  }

}
