package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptFilesTest {
  @TempDir Path dir;

  @Test
  void plainTextKeepsBlankLinesForAlignmentAndDropsTheFinalNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("hyp.txt"), "\uFEFFfirst line\r\n\r\nthird line\n");
    assertEquals(List.of(new Transcript("1", "first line"), new Transcript("2", ""), new Transcript("3", "third line")),
        TranscriptFiles.read(file));
  }

  @Test
  void jsonLinesByContentWithExtraFieldsAndBlankLines() throws Exception {
    Path file = Files.writeString(dir.resolve("manifest"),
        "{\"id\": \"u1\", \"audio\": \"a.wav\", \"text\": \"Hello\"}\n\n{\"id\": 7, \"text\": \"x\"}\n");
    assertEquals(List.of(new Transcript("u1", "Hello"), new Transcript("7", "x")), TranscriptFiles.read(file));
  }

  @Test
  void malformedJsonLinesNameFileAndLine() throws IOException {
    Path noText = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": \"u1\", \"text\": \"ok\"}\n{\"id\": \"u2\"}\n");
    WerInputException e = assertThrows(WerInputException.class, () -> TranscriptFiles.read(noText));
    assertEquals(noText + ":2: missing string field \"text\"", e.getMessage());
    Path broken = Files.writeString(dir.resolve("b.jsonl"), "{\"id\": \"u1\", \"text\": \n");
    assertTrue(assertThrows(WerInputException.class, () -> TranscriptFiles.read(broken)).getMessage()
        .startsWith(broken + ":1: not valid JSON"));
  }

  @Test
  void rejectsNonUtf8() throws IOException {
    Path latin1 = Files.write(dir.resolve("l.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + ": not UTF-8 text",
        assertThrows(WerInputException.class, () -> TranscriptFiles.read(latin1)).getMessage());
  }
}
