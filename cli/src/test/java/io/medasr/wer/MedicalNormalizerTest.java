package io.medasr.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --normalize medical}: every fold of {@link DoseNotation}, as written in a transcript. */
class MedicalNormalizerTest {
  private final Normalizer medical = Normalizer.named("medical");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # units, after a number
      five milligrams | 5 mg
      1 milligram | one mg
      5mg | 5 mg
      5 MG | 5 mg
      5 mgs | 5 mg
      fifty micrograms | 50 mcg
      1 microgram | one mcg
      50 mcg | 50 mcg
      50 mcgs | 50 mcg
      50 µg | 50 mcg
      50 μg | 50 mcg
      two grams | 2 g
      one gram | one g
      1 g | one g
      1 gm | one g
      2 gms | 2 g
      seventy kilograms | 70 kg
      1 kilogram | one kg
      70 kgs | 70 kg
      thirty milliliters | 30 ml
      1 milliliter | one ml
      5 mL | 5 ml
      5 mls | 5 ml
      30 millilitres | 30 ml
      two liters | 2 l
      1 liter | one l
      2L | 2 l
      twenty milliequivalents | 20 meq
      1 milliequivalent | one meq
      20 mEq | 20 meq
      two millimoles | 2 mmol
      1 millimole | one mmol
      2 mmol | 2 mmol
      two centimeters | 2 cm
      1 centimeter | one cm
      2 cm | 2 cm
      ten units | 10 units
      1 unit | one units
      one point five milligrams | one.5 mg
      0.5 mg | 0.5 mg
      .5 mg | .5 mg
      # rates: spoken per or written slash
      twenty milligrams per kilogram | 20 mg per kg
      20 mg/kg | 20 mg per kg
      20 mg per kg | 20 mg per kg
      twelve micrograms per minute | 12 mcg per min
      12 mcg/min | 12 mcg per min
      12 mcg per min | 12 mcg per min
      2.5 mcg/kg/min | 2.5 mcg per kg per min
      ten units per hour | 10 units per hr
      10 units/hr | 10 units per hr
      10 units per hr | 10 units per hr
      5 mL/h | 5 ml per hr
      5 ml per h | 5 ml per hr
      2 liters per minute | 2 l per min
      # frequencies
      twice a day | bid
      twice daily | bid
      two times a day | bid
      two times daily | bid
      b.i.d. | bid
      BID | bid
      three times a day | tid
      three times daily | tid
      t.i.d. | tid
      TID | tid
      four times a day | qid
      four times daily | qid
      q.i.d. | qid
      QID | qid
      once a day | daily
      once daily | daily
      q.d. | daily
      QD | daily
      daily | daily
      at bedtime | qhs
      q.h.s. | qhs
      QHS | qhs
      as needed | prn
      p.r.n. | prn
      PRN | prn
      # routes
      by mouth | po
      orally | po
      p.o. | po
      p. o. | po
      PO | po
      intravenous | iv
      intravenously | iv
      I.V. | iv
      IV | iv
      intramuscular | im
      intramuscularly | im
      I.M. | im
      IM | im
      subcutaneous | subcut
      subcutaneously | subcut
      sub q | subcut
      subQ | subcut
      subcut | subcut
      # percent: Whisper's own rule already writes both ways as %
      eleven point three percent | 11.3%
      11.3% | 11.3%
      # whole doses
      Metoprolol twenty five milligrams by mouth twice daily. | metoprolol 25 mg po bid
      metoprolol 25 mg p.o. b.i.d. | metoprolol 25 mg po bid
      Ceftriaxone one gram IV daily | ceftriaxone one g iv daily
      ceftriaxone 1 g intravenously once daily | ceftriaxone one g iv daily
      insulin glargine eighteen units at bedtime | insulin glargine 18 units qhs
      ondansetron 4 mg IV q6h p.r.n. | ondansetron 4 mg iv q 6 h prn
      """)
  void folds(String text, String expected) {
    assertEquals(expected, medical.normalize(text));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # units stay words where they are no units: not after a number
      gram positive cocci | gram positive cocci
      how many milligrams | how many milligrams
      a unit of blood | a unit of blood
      intensive care unit | intensive care unit
      l 3 l 4 | l 3 l 4
      # rate words stay where no unit comes before
      every 8 hours | every 8 hours
      per protocol | per protocol
      per minute | per minute
      q8h | q 8 h
      # spelled letters after a number are not a route: G1P0
      G1P0 | g one p 0
      stage 2 i v | stage 2 i v
      # not folded: other meanings or no exact equivalent
      nightly | nightly
      every day | every day
      once | once
      5 cc | 5 cc
      5 IU | 5 iu
      9 mm | 9
      twice | twice
      """)
  void leaves(String text, String expected) {
    assertEquals(expected, medical.normalize(text));
  }

  /** Every row of the table, in the context it asks for, so that a new row cannot go untested. */
  @Test
  void everyVariantOfTheTableFoldsInItsContext() {
    for (DoseNotation.Rule rule : DoseNotation.RULES) {
      String before = switch (rule.context()) {
        case AFTER_NUMBER -> "5 ";
        case AFTER_UNIT -> "5 mg ";
        case ANYWHERE, NOT_AFTER_NUMBER -> "give ";
      };
      for (String variant : rule.variants()) {
        assertEquals(before + rule.canonical(), DoseNotation.fold(before + variant), variant);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      kinda | kind of
      sorta | sort of
      dunno | do not know
      the cause of it | the because of it
      'cause | because
      """)
  void medwerModeAddsWhisperNormalizerPackageReplacements(String text, String expected) {
    assertEquals(expected, Normalizer.named("medwer").normalize(text).strip());
    assertEquals(text.replace("'", "").strip(), Normalizer.named("whisper").normalize(text).strip());
  }
}
