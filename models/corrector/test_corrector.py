"""Unit tests of the pair builder's rules (no speech, no training). Run: PYTHONPATH=models python3 -m unittest
corrector.test_corrector
"""
import random
import unittest

from corrector.pairs import apply_confusions, is_valid, respell_terms, respell_word, word_confusions
from corrector.sentences import FILLERS, say_number


class Sentences(unittest.TestCase):
    def test_numbers_are_said_as_a_clinician_says_them(self):
        self.assertEqual(say_number("25"), "twenty five")
        self.assertEqual(say_number("2.5"), "two point five")
        self.assertEqual(say_number("12.5"), "twelve point five")
        self.assertEqual(say_number("1000"), "one thousand")
        self.assertEqual(say_number("750"), "seven hundred fifty")

    def test_fillers_are_removed(self):
        self.assertEqual(FILLERS.sub("", "Um, I have, uh, a cough."), "I have, a cough.")
        self.assertEqual(FILLERS.sub("", "I'm sure, mm, it hurts."), "I'm sure, it hurts.")
        self.assertEqual(FILLERS.sub("", "Summer umbrella"), "Summer umbrella")


class Pairs(unittest.TestCase):
    def test_confusions_are_learned_from_what_the_recognizer_wrote(self):
        table = word_confusions([("History of a trial fibrillation.", "History of atrial fibrillation."),
                                 ("Take 14 mg.", "Take 40 mg.")])
        self.assertEqual(dict(table[("atrial",)]), {"a trial": 1})
        self.assertEqual(dict(table[("40",)]), {"14": 1})
        self.assertNotIn(("history",), table)

    def test_confusions_keep_the_punctuation_of_the_words_they_replace(self):
        table = word_confusions([("a trial. fibrillation", "atrial fibrillation")])
        rng = random.Random(0)
        noisy = {apply_confusions("Known atrial, stable.", table, rng) for _ in range(20)}
        self.assertEqual(noisy, {"Known atrial, stable.", "Known a trial, stable."})

    def test_a_respelled_term_keeps_its_place_and_its_first_capital(self):
        rng = random.Random(3)
        for _ in range(50):
            word = respell_word("Metoprolol", rng)
            self.assertTrue(word[0].isupper(), word)
            self.assertNotEqual(word, "")
        sentences = [respell_terms("Start metoprolol 25 mg daily.", ["metoprolol"], rng) for _ in range(50)]
        for sentence in sentences:
            self.assertTrue(sentence.startswith("Start ") and sentence.endswith(" 25 mg daily."), sentence)
        changed = [s for s in sentences if "metoprolol" not in s]
        self.assertGreater(len(changed), 30)

    def test_the_split_is_by_sentence_and_stable(self):
        ids = [f"lexicon-{i:05d}" for i in range(2000)]
        valid = [i for i in ids if is_valid(i)]
        self.assertEqual(valid, [i for i in ids if is_valid(i)])
        self.assertTrue(40 <= len(valid) <= 120, len(valid))


if __name__ == "__main__":
    unittest.main()
