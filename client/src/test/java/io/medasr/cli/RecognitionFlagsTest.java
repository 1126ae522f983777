package io.medasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medasr.client.Phrase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecognitionFlagsTest {
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
