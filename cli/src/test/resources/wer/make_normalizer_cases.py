"""Builds normalizer_cases.json: input -> expected output of the reference normalizers, for NormalizerCasesTest.

whisper: openai-whisper's EnglishTextNormalizer (whisper/normalizers/english.py), imported without torch.
basic:   jiwer.Compose([ToLowerCase(), RemovePunctuation(), RemoveWhiteSpace(replace_by_space=True),
         RemoveMultipleSpaces(), Strip()]).
Run: pip install jiwer==4.0.0 regex more-itertools && pip install --no-deps openai-whisper==20250625
     python make_normalizer_cases.py > normalizer_cases.json
"""
import importlib.util
import json
import os
import random
import sys
from importlib.metadata import version

import jiwer

# whisper/__init__.py imports torch; load only the normalizers package
_spec = importlib.util.find_spec("whisper")
sys.path.insert(0, os.path.dirname(_spec.origin))
from normalizers import EnglishTextNormalizer  # noqa: E402

HAND_WRITTEN = [
    "Hello, World!",
    "  Mr. Smith   met Dr. Jones at St. Mary's.  ",
    "I won't go, can't go, and let's not.",
    "He's been there; she'd gone; they've done it; we're fine; I'm here; you'll see.",
    "Y'all wanna gotta gonna i'ma imma woulda coulda shoulda ma'am ain't",
    "Uh, um, hmm, mm, mhm, mmm okay",
    "[inaudible] The patient (who was late) arrived <noise> on time",
    "twenty five", "one hundred and twenty three", "two thousand and twenty", "nineteen eighty four",
    "one point five", "zero point two five milligrams", "point five", "three and a half years", "and a half",
    "a half and a half", "twenty first century", "the nineties", "the 1960s", "274th", "32 nd",
    "$20 million", "twenty million dollars", "five dollars and ten cents", "ten cents", "fifty percent",
    "fifty per cent", "5 %", "10% off", "£3.50", "€1,000,000", "1,234,567.89", "minus five degrees",
    "negative two", "plus or minus", "double oh seven", "triple five", "double trouble", "one oh one",
    "I have one apple and ones", "1", "1s and 2s", "one", "it's 1 o'clock", "seven eleven",
    "two hundred thousand", "three hundred fifty thousand", "a million", "millions", "thousands of people",
    "hundredth", "the first second third fourth fifth", "twelfth night", "ninth nineth", "eighth", "zeroth",
    "twenties twentieth", "sixty sixth", "sixes and sevens", "1.0", "0.5 million", "192.168.1.1",
    "3 point 14", "one two three four", "ninety nine point nine nine", "eleven hundred", "oh five hundred",
    "decillion", "one decillion and one", "five quintillion", "nought", "zero", "oh", "o",
    "The colour of the centre was grey; organise the theatre!", "analyse, catalogue, defence, travelled",
    "naïve café résumé Ærø Straße þorn Łódź", "œuvre", "ﬁve ＄5 ½ ²", "Caf\u00e9 vs cafe\u0301",
    "emoji 😀 text ✓ done", "日本語のテキスト", "tab\tseparated\nnew line", "no\u00a0break\u2003space",
    "Patient's BP is 120/80 mm Hg.", "Metoprolol 25 mg b.i.d., aspirin 81mg q.d.", "COVID-19 vaccine",
    "x-ray of the L4-L5 spine", "Hemoglobin A1c 6.5%", "T2DM, HTN & CKD stage 3", "O2 sat 98% on RA",
    "He said: \"stop\" — then left…", "dr who", "st louis", "Col. Sanders, Lt. Dan and Gen. Lee",
    "The U.S.A. and the U.K.", "e.g. i.e. etc.", "It's 3.5 and 4.", "end with a period.", "...",
    "", " ", "'", "don 't", "rock 'n' roll", "the '90s", "1st 2nd 3rd 4th", "1 st", "21 st", "5th",
    "a1 b2 c3", "3a 4b", "100km", "5kg", "covid19", "mp3", "$", "$$5", "5$", "$ 5", "%", "five %",
    "twenty-five", "one-third", "a hundred", "hundred", "the one", "one of the ones", "first of all",
    "forty two point zero", "point", "point point five", "one point", "and", "and and", "five and",
    "double", "double five", "triple oh", "five double oh", "minus", "minus minus five", "positive",
    "dollars", "five dollars", "pound", "two pounds", "euro", "three euros fifty", "cent", "a cent",
    "per", "per cent", "five per", "ten per cent off", "percent", "one hundred percent", "$0.05",
    "$2 and ¢7", "$2 ¢7", "£1 and ¢50", "€0.5", "the year two thousand", "four thousand five hundred",
    "1,000 and 1", "1 000", "1.", "1..2", "one point two point three", "two point five million",
    "fourteen sixty", "nineteen oh five", "sixty five thousand", "five hundred million",
    "zero zero seven", "oh oh seven", "seven oh", "twenty oh", "ninety nine", "ninety nines",
    "millionth", "two millionth", "thousandths", "hundreds", "five hundreds", "1.5 million",
    "THE QUICK BROWN FOX", "İstanbul", "ΣΊΣΥΦΟΣ", "fuß", "Ĳssel", "½ cup", "x²", "٣ and ٤", "٣٤ million",
]

VOCABULARY = (
    "zero oh o one two three four five six seven eight nine ten eleven twelve thirteen fifteen nineteen "
    "twenty thirty forty ninety hundred thousand million billion first second third fifth twelfth ninth "
    "eighth twentieth thirties hundreds thousandth and a half point double triple minus plus negative "
    "dollars dollar cents cent pounds euros per cent percent the mg patient 1 2 10 25 1.5 0.5 3.14 $5 £2 "
    "€3 1960s 21st"
).split()


# a rougher mix for fuzzing: contractions, titles, fillers, symbols, brackets, unicode, odd spacing, upper case
FUZZ_PIECES = (
    "zero oh o one two three five six nine ten eleven twelve nineteen twenty forty ninety hundred thousand "
    "million decillion first second third fifth eighth ninth nineth twentieth sixties hundreds thousandth and a "
    "half point double triple minus plus negative positive dollars dollar cents cent pound pounds euro euros per "
    "cent percent the mg won't can't he's I'd they'll mr mrs dr st prof colour theatre analyse um uh hmm mm "
    "1 2 10 25 1.5 0.5 3.14 $5 £2 €3 ¢7 1960s 21st 1,000 1.000 5% 10 % 2nd 3rd x2 a1 1a ( ) [ ] < > . , ! ? ' \" - – "
    "café naïve Æ ß ½ ² ٣ 😀 \t \n \u00a0 Mr. Dr. St. U.S. e.g. 1. .5 5. .."
).split(" ")


def fuzz(rng):
    separators = [" ", " ", " ", "", "  "]
    text = "".join(rng.choice(FUZZ_PIECES) + rng.choice(separators) for _ in range(rng.randint(1, 10)))
    return text.upper() if rng.random() < 0.3 else text


def main():
    rng = random.Random(2026)
    inputs = list(HAND_WRITTEN)
    for _ in range(400):
        inputs.append(" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 8))))
    for _ in range(600):
        inputs.append(fuzz(rng))
    whisper = EnglishTextNormalizer()
    basic = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(),
                           jiwer.RemoveWhiteSpace(replace_by_space=True), jiwer.RemoveMultipleSpaces(),
                           jiwer.Strip()])
    seen = set()
    whisper_cases, basic_cases = [], []
    for text in inputs:
        if text in seen:
            continue
        seen.add(text)
        whisper_cases.append({"input": text, "expected": whisper(text)})
        basic_cases.append({"input": text, "expected": basic(text)})
    print(json.dumps({"openai-whisper": version("openai-whisper"), "jiwer": version("jiwer"),
                      "whisper": whisper_cases, "basic": basic_cases}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
