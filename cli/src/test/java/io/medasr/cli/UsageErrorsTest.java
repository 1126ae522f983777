package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Wrong command lines exit with status 2 and one clear message; no server is needed to find out. */
class UsageErrorsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "frobnicate                                    | unknown command 'frobnicate'",
      "transcribe --server h:1                       | Missing required parameter: 'FILE'",
      "transcribe a.wav                              | --server is required (or the environment variable MEDASR_SERVER)",
      "transcribe --server localhost a.wav           | --server must be HOST:PORT, got 'localhost'",
      "transcribe --server localhost:99999 a.wav     | --server must be HOST:PORT, got 'localhost:99999'",
      "transcribe --server                           | Missing required parameter for option '--server' (HOST:PORT)",
      "transcribe --server --json a.wav              | Expected parameter for option '--server' but found '--json'",
      "transcribe --bogus --server h:1 a.wav         | Unknown option: '--bogus'",
      "transcribe --json=yes --server h:1 a.wav      | Invalid value for option '--json': 'yes' is not a boolean",
      "transcribe --deadline 0 --server h:1 a.wav    | --deadline must be a whole number from 1 to 86400, got 0",
      "transcribe --phrase ' ' --server h:1 a.wav    | --phrase must not be blank",
      "transcribe --api-key 'a b' --server h:1 a.wav | API key must be non-empty printable ASCII without spaces",
      "stream --server h:1                           | Missing required parameter: 'FILE'",
      "stream --server h:1 a.wav b.wav               | Unmatched argument at index 4: 'b.wav'",
      "stream --chunk-ms 5 --server h:1 a.wav        | --chunk-ms must be a whole number from 10 to 5000, got 5",
      "stream --chunk-ms ten --server h:1 a.wav      | Invalid value for option '--chunk-ms': 'ten' is not an int",
      "bench --server h:1                            | Missing required option: '--manifest=M'",
      "bench --manifest m                            | --server is required (or the environment variable MEDASR_SERVER)",
      "bench --concurrency 0 --manifest m --server h:1 | --concurrency must be a whole number from 1 to 64, got 0",
      "bench --chunk-ms 5 --manifest m --server h:1  | --chunk-ms must be a whole number from 10 to 5000, got 5",
      "bench --realtime=yes --manifest m --server h:1 | Invalid value for option '--realtime': 'yes' is not a boolean",
      "health --server h:1 extra                     | Unmatched argument at index 3: 'extra'",
      "health                                        | --server is required (or the environment variable MEDASR_SERVER)",
      "help frobnicate                               | Unknown subcommand 'frobnicate'.",
  })
  void wrongCommandLineExitsTwoWithAMessage(String commandLine, String message) {
    CliRun run = CliRun.run(null, split(commandLine));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("medasr: " + message + "\n"), run.err());
    assertEquals("", run.out());
    assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
  }

  @Test
  void noArgumentsPrintsTheUsageAndExitsTwo() {
    CliRun run = CliRun.run(null);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Usage: medasr [-hV] COMMAND"), run.err());
  }

  @Test
  void usageListsEveryCommand() {
    CliRun run = CliRun.run(null, "help");
    assertEquals(0, run.exitCode());
    for (String command : new String[] {"transcribe", "stream", "health", "wer", "align", "eval", "bench", "help",
        "generate-completion", "-V, --version"}) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " missing from:\n" + run.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "stream", "health", "bench"})
  void everyCommandHasHelp(String command) {
    CliRun viaFlag = CliRun.run(null, command, "--help");
    assertEquals(0, viaFlag.exitCode());
    assertTrue(viaFlag.out().startsWith("Usage: medasr " + command + " --server HOST:PORT"), viaFlag.out());
    assertTrue(viaFlag.out().contains("\n      --server=HOST:PORT    the MedASR server (required; env: MEDASR_SERVER)\n"),
        viaFlag.out());
    assertEquals(viaFlag, CliRun.run(null, "help", command));
  }

  @Test
  void werIsDispatchedToTheWerCommand() {
    CliRun run = CliRun.run(null, "wer", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("Usage: medasr wer --ref REF --hyp HYP"), run.out());
    assertEquals(run, CliRun.run(null, "help", "wer"));
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun run = CliRun.run(null, "--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().matches("medasr \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), run.out());
  }

  @Test
  void theServerComesFromTheEnvironmentUnlessTheCommandLineGivesIt() {
    CliRun fromEnvironment = CliRun.run(null, false, Map.of("MEDASR_SERVER", "from-env"), "health");
    assertEquals("medasr: --server must be HOST:PORT, got 'from-env'\nRun 'medasr health --help' for usage.\n",
        fromEnvironment.err());
    CliRun flagWins = CliRun.run(null, false, Map.of("MEDASR_SERVER", "from-env"), "health", "--server", "flag");
    assertEquals("medasr: --server must be HOST:PORT, got 'flag'\nRun 'medasr health --help' for usage.\n",
        flagWins.err());
    CliRun blank = CliRun.run(null, false, Map.of("MEDASR_SERVER", " "), "health");
    assertTrue(blank.err().startsWith("medasr: --server is required"), blank.err());
  }

  @Test
  void theVariableOfAnOptionIsItsNameInCapitals() {
    assertEquals("MEDASR_TLS_CA", EnvironmentDefaults.variable("--tls-ca"));
    assertEquals("MEDASR_SERVER", EnvironmentDefaults.variable("--server"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "stream", "health", "wer", "align", "eval", "bench"})
  void everyCommandPrintsTheVersion(String command) {
    assertEquals(CliRun.run(null, "--version"), CliRun.run(null, command, "--version"));
  }

  @Test
  void completionCoversEveryCommandAndItsOptions() {
    CliRun run = CliRun.run(null, "generate-completion");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\ncomplete -F _complete_medasr "), run.out());
    for (String function : new String[] {"transcribe", "stream", "health", "wer", "align", "eval", "bench"}) {
      assertTrue(run.out().contains("function _picocli_medasr_" + function + "()"), function);
    }
    assertTrue(run.out().contains("'--phrase-list'"), "eval's options are completed");
  }

  /** Splits on spaces, keeping 'single-quoted' words together. */
  private static String[] split(String commandLine) {
    List<String> words = new ArrayList<>();
    Matcher matcher = Pattern.compile("'([^']*)'|(\\S+)").matcher(commandLine.strip());
    while (matcher.find()) {
      words.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return words.toArray(String[]::new);
  }
}
