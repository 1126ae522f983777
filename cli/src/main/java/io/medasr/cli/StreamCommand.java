package io.medasr.cli;

import io.medasr.client.AudioEncoding;
import io.medasr.client.InvalidArgumentException;
import io.medasr.client.MedAsrClient;
import io.medasr.client.MedAsrException;
import io.medasr.client.RecognitionListener;
import io.medasr.client.RecognitionOptions;
import io.medasr.client.Result;
import io.medasr.client.StreamingRecognition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code medasr stream}: streams one file's bytes and prints results as they arrive. */
@Command(name = "stream", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"stream an audio file and print results as they arrive", "",
        "Streams the file as a dictation client would and prints final results one per line. On a terminal the "
            + "interim results redraw the current line; otherwise only finals are printed. WAV files are sent as "
            + "they are, cut into chunks of --chunk-ms of audio; .flac, .ogg/.opus and .mp3 files in chunks of 16 KiB."},
    customSynopsis = "medasr stream --server HOST:PORT [options] FILE")
final class StreamCommand implements Callable<Integer> {
  private static final int CONTAINER_CHUNK_BYTES = 16 * 1024;
  private static final String CLEAR_LINE = "\r\033[2K";

  @ParentCommand private Main main;
  @Mixin private RecognitionFlags recognition;
  @Mixin private ServerOptions server;

  @Option(names = "--realtime", order = 1, description = "send the chunks at the pace of speech (WAV files only)")
  private boolean realtime;

  @Option(names = "--chunk-ms", paramLabel = "MS", order = 2, defaultValue = "100",
      description = "audio per chunk for WAV files, 10 to 5000 (default ${DEFAULT-VALUE})")
  private int chunkMillis;

  @Option(names = "--endpoint-ms", paramLabel = "MS", order = 3,
      description = "silence that ends an utterance, 100 to 5000 (default: the server's, 500)")
  private Integer endpointMillis;

  @Option(names = "--json", order = 4,
      description = "print every result, interim and final, as a JSON object per line: is_final, transcript, "
          + "stability, start, end, words, corrections")
  private boolean json;

  @Parameters(paramLabel = "FILE", description = "the audio file")
  private Path file;

  @Override
  public Integer call() throws UsageException {
    CliContext context = main.context();
    Ranges.check("--chunk-ms", chunkMillis, 10, 5000);
    RecognitionOptions.Builder options = recognition.options().wordTimes(true)
        .endpointSilenceMillis(endpointMillis == null ? 0 : Ranges.check("--endpoint-ms", endpointMillis, 100, 5000));
    Printer printer = new Printer(context, json);
    try (MedAsrClient client = server.connect(context)) {
      byte[] audio = Files.readAllBytes(file);
      AudioEncoding encoding = AudioEncoding.detect(file, audio).orElseThrow(() -> new InvalidArgumentException(
          "cannot tell the encoding: not a WAV file, and the extension is not .flac, .ogg, .opus or .mp3", null));
      if (realtime && encoding != AudioEncoding.WAV) {
        throw new UsageException("--realtime needs a WAV file: its pace comes from the WAV header");
      }
      int chunkBytes = encoding == AudioEncoding.WAV
          ? WavFormat.read(audio).bytesFor(chunkMillis)
          : CONTAINER_CHUNK_BYTES;
      StreamingRecognition stream = client.stream(options.encoding(encoding).build(), printer);
      PacedSender.send(stream, audio, chunkBytes, realtime ? chunkMillis : 0, System.nanoTime());
      stream.halfClose();
      stream.awaitCompletion();
      return 0;
    } catch (IOException e) {
      context.error(file + ": " + Failures.describe(e));
      return 1;
    } catch (MedAsrException e) {
      context.error(file + ": " + Failures.describe(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.error("interrupted");
      return 1;
    }
  }

  /**
   * The end of {@code text} that fits in one terminal line, the last column left free so the cursor never wraps:
   * the newest words are the ones the speaker is waiting to see.
   */
  static String fitToWidth(String text, int columns) {
    int room = columns - 1;
    if (text.codePointCount(0, text.length()) <= room) {
      return text;
    }
    int start = text.offsetByCodePoints(text.length(), -(room - 1));
    return "…" + text.substring(start);
  }

  /** Prints results as they arrive; called by one gRPC thread at a time. */
  private static final class Printer implements RecognitionListener {
    private final CliContext context;
    private final boolean json;
    private boolean interimShown;

    Printer(CliContext context, boolean json) {
      this.context = context;
      this.json = json;
    }

    @Override
    public void onInterim(Result result) {
      if (json) {
        context.out().println(JsonLines.streamed(result));
      } else if (context.terminal()) {
        context.out().print(CLEAR_LINE + fitToWidth(result.text().strip(), context.columns()));
        context.out().flush();
        interimShown = true;
      }
    }

    @Override
    public void onFinal(Result result) {
      if (json) {
        context.out().println(JsonLines.streamed(result));
        return;
      }
      if (interimShown) {
        context.out().print(CLEAR_LINE);
        interimShown = false;
      }
      context.out().println(result.text().strip());
    }

    @Override
    public void onError(MedAsrException error) {
      endInterimLine();
    }

    @Override
    public void onComplete() {
      endInterimLine();
    }

    /** Keeps an interim that no final replaced on its own line, ahead of any error message. */
    private void endInterimLine() {
      if (interimShown) {
        context.out().println();
        interimShown = false;
      }
      context.out().flush();
    }
  }
}
