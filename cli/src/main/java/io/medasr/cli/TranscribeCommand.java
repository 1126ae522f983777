package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.TranscriptResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code medasr transcribe}: one call per file, through {@code MedAsrClient.recognize(Path)}. */
final class TranscribeCommand implements Command {
  static final String USAGE = """
      usage: medasr transcribe --server HOST:PORT [options] FILE...

      Transcribes each file in one call and prints "FILE: transcript": a Recognize call up to 8 MiB, a
      stream for longer files. The encoding is taken from the WAV header, or from the extension for .flac,
      .ogg/.opus and .mp3. A file that fails is reported and the others are still transcribed; the exit
      status is then 1.

      Options:
        --json               print one JSON object per file and line: file, transcript, words (word, start,
                             end, confidence, from_vocabulary), corrections, duration (seconds of audio),
                             elapsed_ms; or file and error (code, message) for a file that failed
      """ + RecognitionFlags.USAGE + "\n"
      + ServerOptions.USAGE + " (default " + ServerOptions.DEFAULT_DEADLINE_SECONDS + ")\n";

  @Override
  public int run(List<String> arguments, CliContext context) throws UsageException {
    ArgParser parser = ServerOptions.declare(RecognitionFlags.declare(new ArgParser().flag("--json")));
    ArgParser.Args args = parser.parse(arguments);
    if (args.helpRequested()) {
      context.out().print(USAGE);
      return 0;
    }
    if (args.positionals().isEmpty()) {
      throw new UsageException("no FILE given");
    }
    RecognitionOptions options = RecognitionFlags.options(args).wordTimes(true).build();
    boolean json = args.has("--json");
    int failures = 0;
    try (MedAsrClient client = ServerOptions.connect(args, context)) {
      for (String file : args.positionals()) {
        if (!transcribe(client, file, options, json, context)) {
          failures++;
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** Transcribes one file and prints the outcome; false when it failed. */
  private static boolean transcribe(
      MedAsrClient client, String file, RecognitionOptions options, boolean json, CliContext context) {
    String code;
    String message;
    try {
      long start = System.nanoTime();
      TranscriptResult result = client.recognize(Path.of(file), options);
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      context.out().println(json ? JsonLines.transcribed(file, result, elapsedMillis) : file + ": " + result.text());
      return true;
    } catch (MedAsrException e) {
      code = e.status().name();
      message = json ? Failures.detail(e) : Failures.describe(e);
    } catch (IOException e) {
      code = "IO_ERROR";
      message = Failures.describe(e);
    }
    if (json) {
      context.out().println(JsonLines.failed(file, code, message));
    } else {
      context.error(file + ": " + message);
    }
    return false;
  }
}
