package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermListReaderTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("terms"), content, StandardCharsets.UTF_8);
  }

  @Test
  void aPlainListIsOneTermPerLine() throws Exception {
    TermList list = TermList.read(file("# cardiology\n  atrial fibrillation \n\nmetoprolol\n"));
    assertEquals(List.of(new MedicalTerm("atrial fibrillation", null), new MedicalTerm("metoprolol", null)),
        list.entries());
  }

  @Test
  void aLexiconIsRecognizedByItsHeaderAndReadByColumnName() throws Exception {
    TermList list = TermList.read(file("\uFEFFterm\tcategory\tspecialties\tpriority\tspoken\tsource\r\n"
        + "apixaban\tdrug\tcardiology\t1\ta pix a ban\tDPD\r\n"
        + "# a comment\n"
        + "\n"
        + "Atrial fibrillation\tdiagnosis\tcardiology\t2\t\tICD-10-CM\n"
        + "CT\tabbreviation\n"));
    assertEquals(List.of(new MedicalTerm("apixaban", TermCategory.DRUG),
        new MedicalTerm("Atrial fibrillation", TermCategory.DIAGNOSIS),
        new MedicalTerm("CT", TermCategory.ABBREVIATION)), list.entries());
    TermList reordered = TermList.read(file("source\tcategory\tterm\nx\tanatomy\tleft arm\n"));
    assertEquals(List.of(new MedicalTerm("left arm", TermCategory.ANATOMY)), reordered.entries());
  }

  @Test
  void aMalformedLexiconRowIsNamedByFileAndLine() throws Exception {
    Path unknown = file("term\tcategory\nheparin\tdrug\naspirin\tmedication\n");
    WerInputException e = assertThrows(WerInputException.class, () -> TermList.read(unknown));
    assertEquals(unknown + ":3: unknown category 'medication' (expected diagnosis, drug, procedure, anatomy or "
        + "abbreviation)", e.getMessage());
    Path shortRow = file("term\tspoken\tcategory\nheparin\n");
    assertEquals(shortRow + ":2: expected the columns of the header (tab-separated), got 1",
        assertThrows(WerInputException.class, () -> TermList.read(shortRow)).getMessage());
    Path emptyTerm = file("term\tcategory\n \tdrug\n");
    assertEquals(emptyTerm + ":2: empty term",
        assertThrows(WerInputException.class, () -> TermList.read(emptyTerm)).getMessage());
    assertEquals(dir.resolve("absent") + ": no such file",
        assertThrows(WerInputException.class, () -> TermList.read(dir.resolve("absent"))).getMessage());
  }
}
