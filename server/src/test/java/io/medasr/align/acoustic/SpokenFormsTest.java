package io.medasr.align.acoustic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a speaker says for the written words of a transcript. */
class SpokenFormsTest {
  private static List<String> said(String written) {
    return SpokenForms.of(written).stream().map(SpokenForms.Spoken::text).toList();
  }

  @Test
  void numbersAreSaidAsWords() {
    assertEquals(List.of("one", "hundred", "twenty", "four"), said(" 124,"));
    assertEquals(List.of("sixty", "seven"), said(" 67"));
    assertEquals(List.of("two", "thousand", "five"), said(" 2,005"));
    assertEquals(List.of("three", "million", "forty", "thousand"), said(" 3040000"));
    assertEquals(List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero"),
        said(" 1234567890"));
    // longer than a long holds: read as a code, not a failure
    assertEquals(25, said(" 1234567890123456789012345").size());
    assertEquals(List.of("nine", "hundred", "ninety", "nine", "million", "nine", "hundred", "ninety", "nine",
        "thousand", "nine", "hundred", "ninety", "nine"), said(" 999,999,999"));
  }

  @Test
  void decimalsOrdinalsAndRatiosAreSaidAsDictated() {
    // Whisper sometimes splits a decimal into two words: " 5" and " .9,"
    assertEquals(List.of("point", "nine"), said(" .9,"));
    assertEquals(List.of("two", "point", "five"), said(" 2.5"));
    assertEquals(List.of("twenty", "first"), said(" 21st"));
    assertEquals(List.of("third"), said(" 3rd"));
    assertEquals(List.of("fortieth"), said(" 40th"));
    assertEquals(List.of("one", "hundred", "twenty", "over", "eighty"), said(" 120/80"));
    assertEquals(List.of("ninety", "eight", "percent"), said(" 98%"));
  }

  @Test
  void unitsAreSaidInFullAndOtherSlashesAsPer() {
    assertEquals(List.of("milligrams"), said(" mg"));
    assertEquals(List.of("milligrams", "per", "deciliter"), said(" mg/dL."));
    assertEquals(List.of("millimeters", "of", "mercury"), said(" mmHg"));
  }

  @Test
  void capitalsAreMarkedSoThatAcronymsCanBeSpelled() {
    assertEquals(List.of(new SpokenForms.Spoken("ekg", true)), SpokenForms.of(" EKG"));
    assertEquals(List.of(new SpokenForms.Spoken("x", false), new SpokenForms.Spoken("ray", false)),
        SpokenForms.of(" X-ray"));
    assertEquals(List.of(new SpokenForms.Spoken("patient's", false)), SpokenForms.of(" patient's"));
  }

  @Test
  void punctuationAloneSaysNothing() {
    assertEquals(List.of(), said(" -"));
    assertEquals(List.of(), said("..."));
  }

  @Test
  void anyWrittenWordIsSaidSomehowWithoutFailing() {
    String alphabet = "0123456789,.%/&+°'-aZ mgLdHéß中";
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder word = new StringBuilder(" ");
      for (int n = random.nextInt(40); n > 0; n--) {
        word.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      for (SpokenForms.Spoken spoken : SpokenForms.of(word.toString())) {
        assertFalse(spoken.text().isEmpty(), word.toString());
      }
    }
  }
}
