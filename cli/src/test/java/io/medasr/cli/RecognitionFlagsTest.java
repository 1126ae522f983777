package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.client.Phrase;
import io.medasr.client.RecognitionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecognitionFlagsTest {
  @Test
  void flagsBecomeRecognitionOptions() throws Exception {
    RecognitionFlags flags = new RecognitionFlags();
    new CommandLine(flags).parseArgs("--model", "whisper-base", "--language", "en", "--specialty", "cardiology",
        "--phrase", "apixaban", "--correct");
    RecognitionOptions options = flags.options().build();
    assertEquals("whisper-base", options.model());
    assertEquals("en", options.language());
    assertEquals("cardiology", options.specialty());
    assertEquals(List.of(new Phrase("apixaban", 0f)), options.phrases());
    assertTrue(options.correction());
  }

  @Test
  void phraseFilesGiveOnePhrasePerLineWithAnOptionalBoost(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("patients.txt");
    Files.writeString(file, "# ward 4\napixaban\nmetoprolol succinate\t4\n\n");
    assertEquals(List.of(new Phrase("apixaban", 0f), new Phrase("metoprolol succinate", 4f)),
        RecognitionFlags.readPhrases(file));
    Files.writeString(file, "apixaban\t-1\n");
    UsageException bad = assertThrows(UsageException.class, () -> RecognitionFlags.readPhrases(file));
    assertTrue(bad.getMessage().startsWith(file + ":1: not a phrase with an optional boost"), bad.getMessage());
  }
}
