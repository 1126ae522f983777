"""Unit tests of the lexicon builder's rules (no downloads needed), and a format check of the committed tiny
lexicon. Run: PYTHONPATH=models python3 -m unittest vocab.test_vocab
"""
import os
import re
import unittest

from vocab import src_abbrev, src_drugs, src_icd10cm, src_pcs
from vocab.build_lexicon import sig_variants
from vocab.terms import (CATEGORIES, HEADER, SPECIALTIES, Term, final_priority, lower_keeping, number_words,
                         proper_words, readable, say, spell_letters, spoken_form)

TINY = os.path.join(os.path.dirname(__file__), "..", "tiny", "lexicon.tsv")


class TextRules(unittest.TestCase):
    def test_numbers_and_letters(self):
        self.assertEqual(number_words(19), "nineteen")
        self.assertEqual(number_words(70), "seventy")
        self.assertEqual(number_words(121), "one hundred and twenty one")
        self.assertEqual(number_words(1000), "one thousand")
        self.assertEqual(number_words(2500), "two thousand five hundred")
        self.assertEqual(spell_letters("b.i.d."), "b i d")
        self.assertEqual(spell_letters("B12"), "b twelve")
        self.assertEqual(spell_letters("I&D"), "i and d")

    def test_spoken_form(self):
        self.assertEqual(spoken_form("type 2 diabetes mellitus"), "type two diabetes mellitus")
        self.assertEqual(spoken_form("COVID-19"), "covid nineteen")
        self.assertEqual(spoken_form("HIV disease"), "h i v disease")
        self.assertIsNone(spoken_form("atrial fibrillation"))
        self.assertEqual(say("coronavirus disease 2019"), None)
        self.assertEqual(say("Humulin 70/30"), "humulin seventy thirty")

    def test_readable(self):
        self.assertTrue(readable("vitamin B12"))
        self.assertTrue(readable("interleukin-2"))
        self.assertFalse(readable("AZD1234"))
        self.assertFalse(readable("0.9% sodium chloride"))
        self.assertFalse(readable("abc\tdef"))

    def test_casing(self):
        proper = proper_words(["Dementia in Alzheimer's disease", "Crohn's disease of small intestine",
                               "Type I von Willebrand disease", "Arnold-Chiari syndrome with Chiari malformation"])
        self.assertIn("crohn's", proper)
        self.assertEqual(lower_keeping("Crohn's disease", proper), "Crohn's disease")
        self.assertEqual(lower_keeping("Arnold-Chiari syndrome", proper), "Arnold-Chiari syndrome")
        self.assertEqual(lower_keeping("Non-Hodgkin lymphoma", {"hodgkin"}), "non-Hodgkin lymphoma")
        self.assertEqual(lower_keeping("Vitamin D deficiency"), "vitamin D deficiency")
        self.assertEqual(lower_keeping("Chronic obstructive pulmonary disease"),
                         "chronic obstructive pulmonary disease")

    def test_priority_formula(self):
        row = Term("a b c d", "diagnosis", {"cardiology"}, 0.6, "x==1", "ICD-10-CM")
        self.assertEqual(final_priority(row, False), 0.54)   # two words beyond two: -0.06
        self.assertEqual(final_priority(row, True), 0.69)    # PriMock57: +0.15
        row.base = 1.2
        self.assertEqual(final_priority(row, True), 1.0)


class Icd10CmRules(unittest.TestCase):
    def test_clean_title(self):
        c = src_icd10cm.clean_title
        self.assertEqual(c("Unspecified atrial fibrillation"), "atrial fibrillation")
        self.assertEqual(c("Chronic atrial fibrillation, unspecified"), "Chronic atrial fibrillation")
        self.assertEqual(c("Essential (primary) hypertension"), "Essential hypertension")
        self.assertEqual(c("Persistent atrial fibrillation, NOS"), "Persistent atrial fibrillation")
        self.assertEqual(c("Other persistent atrial fibrillation"), "persistent atrial fibrillation")
        self.assertEqual(c("Type 2 diabetes mellitus without complications"), "Type 2 diabetes mellitus")
        self.assertEqual(c("Left ventricular failure, unspecified"), "Left ventricular failure")
        self.assertIsNone(c("Displaced fracture of shaft of right femur, initial encounter"))
        self.assertIsNone(c("Fracture of left femur"))
        self.assertIsNone(c("NIHSS score 31"))
        self.assertIsNone(c("HR-"))

    def test_plain_name_and_specialties(self):
        self.assertTrue(src_icd10cm.is_plain_name("Unspecified atrial fibrillation"))
        self.assertFalse(src_icd10cm.is_plain_name("Other persistent atrial fibrillation"))
        self.assertEqual(src_icd10cm.code_specialties("I48.91", 9), {"cardiology"})
        self.assertEqual(src_icd10cm.code_specialties("I63.9", 9), {"cardiology", "neurology"})
        self.assertEqual(src_icd10cm.code_specialties("R10.9", 18), {"gastroenterology"})
        self.assertEqual(src_icd10cm.code_specialties("E11.9", 4), set())


class DrugRules(unittest.TestCase):
    def test_stems_and_uninvert(self):
        self.assertEqual(src_drugs.stem_specialties("apixaban"), {"cardiology"})
        self.assertEqual(src_drugs.stem_specialties("imatinib"), {"oncology"})
        self.assertEqual(src_drugs.stem_specialties("Anticonvulsants"), {"neurology"})
        self.assertEqual(src_drugs.uninvert("Analgesics, Opioid"), "Opioid Analgesics")
        self.assertIsNone(src_drugs.uninvert("Receptors, Serotonin, 5-HT4"))

    def test_wikipedia_list(self):
        text = ("Wikipedia link,Common name,Synonyms\n"
                "https://x,Aspirin,Bayer Aspirin\nhttps://y,Foo (medication),Bar|Baz\n")
        self.assertEqual(src_drugs.read_wikipedia(text), {"aspirin", "bayer aspirin", "foo", "bar", "baz"})

    def test_unpickler_refuses_objects(self):
        import io
        import pickle
        data = pickle.dumps(Term("x", "drug", set(), 0.0, "s", "o"))
        with self.assertRaises(pickle.UnpicklingError):
            src_drugs._NoObjects(io.BytesIO(data)).load()


class PcsRules(unittest.TestCase):
    def test_body_parts(self):
        self.assertEqual(src_pcs.body_part_name("Atrium, Right"), "Atrium")
        self.assertEqual(src_pcs.body_part_name("Epidural Space, Intracranial"), "Intracranial Epidural Space")
        self.assertEqual(src_pcs.body_part_name("Coronary Artery, Two Arteries"), "Coronary Artery")
        self.assertEqual(src_pcs.lateral_name("Ventricle, Left"), "Left Ventricle")
        self.assertIsNone(src_pcs.lateral_name("Coronary Artery, Two Arteries"))

    def test_index_terms(self):
        self.assertEqual(src_pcs.clean_index_term("PTCA (percutaneous transluminal coronary angioplasty) "),
                         ("percutaneous transluminal coronary angioplasty", "PTCA"))
        self.assertEqual(src_pcs.clean_index_term("Plasmapheresis, therapeutic "), ("Plasmapheresis", None))
        self.assertEqual(src_pcs.clean_index_term("Bard(R) Ventralex(tm) hernia patch "), (None, None))
        self.assertEqual(src_pcs.specialties_of_codes("see Excision, Penis **0VBS**"), set())
        self.assertEqual(src_pcs.specialties_of_codes("see Ultrasonography, Heart **B24**"), {"radiology"})
        self.assertEqual(src_pcs.specialties_of_codes("**5A1955Z**"), {"pulmonology"})
        self.assertTrue(src_pcs.procedure_name_ok("Cholecystectomy"))
        self.assertFalse(src_pcs.procedure_name_ok("Control"))

    def test_first_letter_repair(self):
        vocabulary = {"laparoscopic", "other", "hip", "lip"}
        self.assertEqual(src_pcs.repair_first_letter("aparoscopic cholecystectomy", vocabulary),
                         "Laparoscopic cholecystectomy")
        self.assertIsNone(src_pcs.repair_first_letter("ip bearing surface", vocabulary))  # hip or lip


class AbbreviationRules(unittest.TestCase):
    def test_kinds(self):
        self.assertEqual(src_abbrev.kind_of("BID", ["twice daily"]), "sig")
        self.assertEqual(src_abbrev.kind_of("mg", ["milligram"]), "unit")
        self.assertEqual(src_abbrev.kind_of("COPD", ["chronic obstructive pulmonary disease"]), "clinical")
        self.assertEqual(src_abbrev.kind_of("E. Coli", ["escherichia coli"]), "organism")
        self.assertIsNone(src_abbrev.kind_of("fx", ["fracture"]))
        self.assertIsNone(src_abbrev.kind_of("QXH", ["every x hours"]))

    def test_written_and_spoken(self):
        self.assertEqual(src_abbrev.sig_written("BID"), "b.i.d.")
        self.assertEqual(src_abbrev.sig_written("Q4H"), "q.4h.")
        self.assertEqual(src_abbrev.sig_written("mane"), "mane")
        self.assertEqual(src_abbrev.unit_spoken(["milligram"]), ["milligram", "milligrams"])
        self.assertEqual(src_abbrev.unit_spoken(["millimeter of mercury"]), ["millimeters of mercury"])
        self.assertEqual(src_abbrev.meanings_of(["pro re nata (as needed)", "by mouth/oral"]),
                         ["pro re nata", "as needed", "by mouth", "oral"])
        self.assertEqual(sig_variants("twice daily"), ["twice daily", "twice a day"])


class TinyLexiconFormat(unittest.TestCase):
    """The committed test lexicon is in the exact format the Java server and the WER toolkit read."""

    def test_format(self):
        with open(TINY, encoding="utf-8") as f:
            lines = f.read().split("\n")
        self.assertEqual(lines[0], "\t".join(HEADER))
        self.assertEqual(lines[-1], "")
        rows = [line.split("\t") for line in lines[1:-1]]
        self.assertGreaterEqual(len(rows), 50)
        seen, keys = set(), []
        for term, category, specialties, priority, spoken, source in rows:
            self.assertNotIn(term.casefold(), seen)
            seen.add(term.casefold())
            self.assertIn(category, CATEGORIES)
            self.assertTrue(set(specialties.split(",")) <= set(SPECIALTIES))
            self.assertRegex(priority, r"^(0\.\d{3}|1\.000)$")
            self.assertTrue(spoken == "" or all(re.fullmatch(r"[a-z][a-z' ]*", s) for s in spoken.split("|")))
            self.assertRegex(source, r"^[a-z0-9\-]+==[0-9.]+$")
            keys.append(-float(priority))
        self.assertEqual(keys, sorted(keys))
        self.assertEqual({r[1] for r in rows}, set(CATEGORIES))
        self.assertEqual({s for r in rows for s in r[2].split(",")}, set(SPECIALTIES))


if __name__ == "__main__":
    unittest.main()
