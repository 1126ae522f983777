package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
      "transcribe --server h:1                       | no FILE given",
      "transcribe a.wav                              | --server is required",
      "transcribe --server localhost a.wav           | --server must be HOST:PORT, got 'localhost'",
      "transcribe --server localhost:99999 a.wav     | --server must be HOST:PORT, got 'localhost:99999'",
      "transcribe --server                           | --server needs a value",
      "transcribe --server --json a.wav              | --server needs a value",
      "transcribe --bogus --server h:1 a.wav         | unknown option --bogus",
      "transcribe --json=yes --server h:1 a.wav      | --json takes no value",
      "transcribe --deadline 0 --server h:1 a.wav    | --deadline must be a whole number from 1 to 86400, got '0'",
      "transcribe --phrase ' ' --server h:1 a.wav    | --phrase must not be blank",
      "transcribe --api-key 'a b' --server h:1 a.wav | API key must be non-empty printable ASCII without spaces",
      "stream --server h:1                           | stream takes exactly one FILE, got 0",
      "stream --server h:1 a.wav b.wav               | stream takes exactly one FILE, got 2",
      "stream --chunk-ms 5 --server h:1 a.wav        | --chunk-ms must be a whole number from 10 to 5000, got '5'",
      "stream --chunk-ms ten --server h:1 a.wav      | --chunk-ms must be a whole number from 10 to 5000, got 'ten'",
      "bench --server h:1                            | --manifest is required",
      "bench --manifest m                            | --server is required",
      "bench --concurrency 0 --manifest m --server h:1 | --concurrency must be a whole number from 1 to 64, got '0'",
      "bench --chunk-ms 5 --manifest m --server h:1  | --chunk-ms must be a whole number from 10 to 5000, got '5'",
      "bench --realtime=yes --manifest m --server h:1 | --realtime takes no value",
      "health --server h:1 extra                     | health takes no arguments, got 'extra'",
      "health                                        | --server is required",
      "help frobnicate                               | unknown command 'frobnicate'",
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
    assertTrue(run.err().startsWith("usage: medasr <command>"), run.err());
  }

  @Test
  void usageListsEveryCommand() {
    CliRun run = CliRun.run(null, "help");
    assertEquals(0, run.exitCode());
    for (String command : new String[] {"transcribe", "stream", "health", "wer", "bench", "help", "--version"}) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " missing from:\n" + run.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "stream", "health", "bench"})
  void everyCommandHasHelp(String command) {
    CliRun viaFlag = CliRun.run(null, command, "--help");
    assertEquals(0, viaFlag.exitCode());
    assertTrue(viaFlag.out().startsWith("usage: medasr " + command + " --server HOST:PORT"), viaFlag.out());
    assertTrue(viaFlag.out().contains("--server HOST:PORT   the MedASR server (required)"), viaFlag.out());
    assertEquals(viaFlag, CliRun.run(null, "help", command));
  }

  @Test
  void werIsDispatchedToTheWerCommand() {
    CliRun run = CliRun.run(null, "wer", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("usage: medasr wer --ref REF --hyp HYP"), run.out());
    assertEquals(run, CliRun.run(null, "help", "wer"));
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun run = CliRun.run(null, "--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().matches("medasr \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), run.out());
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
