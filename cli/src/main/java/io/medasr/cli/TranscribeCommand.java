package io.medasr.cli;

import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.TranscriptResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code medasr transcribe}: one call per file, through {@code MedAsrClient.recognize(Path)}. */
@Command(name = "transcribe", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"transcribe audio files, one call per file", "",
        "Transcribes each file in one call and prints \"FILE: transcript\": a Recognize call up to 8 MiB, a "
            + "stream for longer files. The encoding is taken from the WAV header, or from the extension for .flac, "
            + ".ogg/.opus and .mp3. A file that fails is reported and the others are still transcribed; the exit "
            + "status is then 1."},
    customSynopsis = "medasr transcribe --server HOST:PORT [options] FILE...")
final class TranscribeCommand implements Callable<Integer> {
  @ParentCommand private Main main;
  @Mixin private RecognitionFlags recognition;
  @Mixin private ServerOptions server;

  @Option(names = "--json", order = 1,
      description = "print one JSON object per file and line: file, transcript, words (word, start, end, "
          + "confidence, from_vocabulary), corrections, duration (seconds of audio), elapsed_ms; or file and error "
          + "(code, message) for a file that failed")
  private boolean json;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "audio files")
  private List<String> files;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    RecognitionOptions options = recognition.options().wordTimes(true).build();
    int failures = 0;
    try (MedAsrClient client = server.connect(context)) {
      for (String file : files) {
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
