"""Shared pieces of the lexicon builder: the row type, the fixed vocabularies of the output format, and the
text helpers every source uses (casing, spoken forms, the priority formula).

The output format is read by the Java server and the WER toolkit, so its vocabularies (categories, specialties)
live here once and every source module draws from them.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

CATEGORIES = ("diagnosis", "drug", "procedure", "anatomy", "abbreviation")
SPECIALTIES = ("general", "cardiology", "oncology", "radiology", "neurology", "orthopedics", "pediatrics",
               "pulmonology", "gastroenterology", "pharmacy")
HEADER = ("term", "category", "specialties", "priority", "spoken", "source")

# A row's priority at or above this is "common across practice" and gets the `general` specialty (README).
GENERAL_PRIORITY = 0.7
# Each word beyond two costs this much priority: long names are dictated less often than short ones.
WORD_PENALTY = 0.03
# Presence in the PriMock57 consultations (evaluation-free) adds this much.
PRIMOCK_BONUS = 0.15
# Centrality in a classification's code titles (diagnoses, procedures, anatomy): see Centrality.
CENTRALITY_STEP = 0.05
CENTRALITY_MAX = 0.15


@dataclass
class Term:
    """One candidate row. `base` is the source tier's priority before the shared length/PriMock adjustments;
    `origin` names the underlying data set (ICD-10-CM, DrugBank, ...) for sources.json and --tiny.
    Rows with the same term (case-insensitively) are merged by the build."""
    term: str
    category: str
    specialties: set[str]
    base: float
    source: str
    origin: str
    spoken: list[str] = field(default_factory=list)
    # abbreviations only: what the abbreviation stands for; the build turns these into spoken forms (README)
    expansions: list[str] = field(default_factory=list)
    # abbreviations only: 'sig' (b.i.d.), 'unit' (mg), 'organism' (E. coli) or 'clinical' (COPD)
    kind: str = ""
    priority: float = 0.0

    def key(self) -> str:
        return self.term.casefold()


# ---- casing --------------------------------------------------------------------------------------------------

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")


def is_acronym(token: str) -> bool:
    """All-capital tokens (HIV, COPD, COVID-19, D in 'vitamin D') keep their case: they are written that way."""
    letters = [c for c in token if c.isalpha()]
    return bool(letters) and _ACRONYM.match(token) is not None


# Prefixes that stay lower case before an eponym ('non-Hodgkin lymphoma').
_PREFIXES = {"non", "anti", "pre", "post", "pseudo", "semi", "sub", "super", "para", "peri", "intra", "extra"}


def lower_keeping(text: str, proper: set[str] = frozenset()) -> str:
    """Lower-cases a name word by word, keeping acronyms, and words known to be proper nouns (eponyms such as
    Alzheimer's, Crohn's, Hodgkin) with their capital: generic names and diagnoses are written in lower case,
    but 'alzheimer's disease' would be wrong. A hyphenated eponym keeps all its names ('Arnold-Chiari')."""
    out = []
    for token in text.split(" "):
        parts = re.split(r"([\-/])", token)
        words = parts[0::2]
        eponym = any(w.strip("()[],.;:").lower() in proper for w in words)
        fixed = []
        for index, part in enumerate(parts):
            bare = part.strip("()[],.;:")
            if index % 2:
                fixed.append(part)
            elif is_acronym(bare) and (len(bare) > 1 or len(words) == 1 or any(c.isdigit() for c in bare)):
                fixed.append(part)
            elif bare and (bare.lower() in proper or (eponym and bare.isalpha() and len(bare) > 2
                                                      and bare.lower() not in _PREFIXES and bare[0].isupper())):
                fixed.append(part[:1].upper() + part[1:].lower())
            else:
                fixed.append(part.lower())
        out.append("".join(fixed))
    return " ".join(out)


def proper_words(texts) -> set[str]:
    """Words a source writes with a capital in the middle of a sentence more often than without one, and
    capitalised possessives anywhere: those are proper nouns (eponyms, places, organisms). Learned from the
    source's own text, not from a hand list."""
    upper: dict[str, int] = {}
    lower: dict[str, int] = {}
    possessive: set[str] = set()
    for text in texts:
        words = re.findall(r"[A-Za-z][A-Za-z']*", text)
        # a capitalised possessive is an eponym wherever it stands ("Crohn's disease", "Bell's palsy")
        possessive.update(w.lower() for w in words if w.endswith("'s") and w[0].isupper() and not w.isupper())
        for word in words[1:]:
            if word.isupper():
                continue
            low = word.lower()
            if word[0].isupper():
                upper[low] = upper.get(low, 0) + 1
            else:
                lower[low] = lower.get(low, 0) + 1
    return {w for w, n in upper.items() if n > lower.get(w, 0) and len(w) > 2} | possessive


# ---- spoken forms --------------------------------------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """0..999999 in words, as a number in a name is read ('type 2' -> 'type two', 'COVID-19' -> 'covid nineteen')."""
    if n >= 1000:
        rest = n % 1000
        return number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + number_words(rest))
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    rest = n % 100
    return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))


def spell_letters(token: str) -> str:
    """'IV' -> 'i v', 'b.i.d.' -> 'b i d', 'B12' -> 'b twelve': how an initialism is said letter by letter."""
    out = []
    for chunk in re.findall(r"[A-Za-z]|\d+|&", token):
        if chunk == "&":
            out.append("and")  # 'I&D' -> 'i and d'
        else:
            out.append(number_words(int(chunk)) if chunk.isdigit() and int(chunk) < 1000 else chunk.lower())
    return " ".join(out)


def said_as_word(acronym: str) -> bool:
    """Whether an all-capital token is read as a word (COVID, AIDS, NASH) rather than letter by letter (HIV,
    COPD): four or more letters with a vowel after the first. A heuristic; the other reading is the fallback."""
    letters = re.sub(r"[^A-Za-z]", "", acronym)
    return len(letters) >= 4 and re.search(r"[AEIOU]", letters[1:]) is not None and not letters[1:].isdigit()


_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d\s]")


def spoken_form(term: str) -> str | None:
    """The way a written term with digits or initialisms is read aloud, or None when it is read as written (no
    spoken column needed) or cannot be read reliably (decimals, long numbers, codes: the caller drops such terms).
    Hyphens and slashes between parts become spaces ('COVID-19' -> 'covid nineteen', '70/30' -> 'seventy thirty')."""
    if not re.search(r"\d|[A-Z]{2}", term) or re.search(r"\d[.,]\d|\d{4,}", term):
        return None
    words = []
    for token in term.replace("-", " ").replace("/", " ").split():
        for piece in re.findall(r"[A-Za-z']+|\d+", token):
            if piece.isdigit():
                words.append(number_words(int(piece)))
            elif piece.isupper() and len(piece) > 1 and not said_as_word(piece):
                words.append(spell_letters(piece))
            else:
                words.append(piece.lower())
    said = " ".join(words)
    return None if said == term.lower() else said


def say(text: str) -> str | None:
    """A spoken form as the lexicon stores it: lower case words, numbers up to 999 in words, initialisms read
    as spoken_form reads them; None when something is left that cannot be said (a long number, a symbol)."""
    said = spoken_form(text) or text.lower()
    said = re.sub(r"\d+", lambda m: number_words(int(m.group(0))) if int(m.group(0)) < 1000 else m.group(0), said)
    said = " ".join(said.replace("-", " ").replace("/", " ").split())
    return said if re.fullmatch(r"[a-z][a-z' ]*", said) else None


def readable(term: str) -> bool:
    """True when a term can be written in a transcript and read back: letters, digits only where spoken_form can
    read them, and a little punctuation (hyphen, apostrophe, slash, dot, space) that does not end the term
    ('HR-', receptor negative, is a code, not a name)."""
    if not term or len(term) > 60 or not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9 '\-/.]*[A-Za-z0-9.'])?", term):
        return False
    if re.search(r"\d", term):
        if re.search(r"\d[.,]\d|\d{4,}", term):
            return False
        # a code-like token (letters and digits run together beyond a short prefix: 'AZD1234', 'g17dt') is not said
        for token in re.split(r"[ \-/]", term):
            if re.search(r"\d", token) and not re.fullmatch(r"[A-Za-z]{0,2}\d{1,3}|\d{1,3}[A-Za-z]?", token):
                return False
    return True


# ---- priority ------------------------------------------------------------------------------------------------

class Centrality:
    """How central a name is to a classification: in how many code titles its words occur in a row (a common
    condition or body part is elaborated by many codes: 'atrial fibrillation' heads a dozen ICD-10-CM codes, a
    rare syndrome one). Bonus: CENTRALITY_STEP * log10(1 + titles), at most CENTRALITY_MAX."""

    def __init__(self, titles):
        self.counts: Counter[str] = Counter()
        for title in titles:
            words = normalise(title).split()
            self.counts.update({" ".join(words[i:j]) for i in range(len(words))
                                for j in range(i + 1, min(len(words), i + 6) + 1)})

    def bonus(self, term: str) -> float:
        return min(CENTRALITY_MAX, CENTRALITY_STEP * math.log10(1 + self.counts.get(normalise(term), 0)))


def word_counts(texts) -> Counter:
    """How often each word (exact case, letters/digits/hyphens) is written in a source's text."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(re.findall(r"[A-Za-z0-9][A-Za-z0-9\-]*", text))
    return counts


def final_priority(term: Term, in_primock: bool) -> float:
    """The shared formula (README): tier base, minus WORD_PENALTY per word beyond two, plus PRIMOCK_BONUS when
    the term occurs in the PriMock57 consultations, clamped to [0, 1] and rounded to 3 decimals."""
    words = len(term.term.split())
    value = term.base - WORD_PENALTY * max(0, words - 2) + (PRIMOCK_BONUS if in_primock else 0.0)
    return round(min(1.0, max(0.0, value)), 3)


def normalise(text: str) -> str:
    """Lower case, every run of characters other than letters, digits and apostrophes to one space: the form in
    which terms are compared with the PriMock57 text and with each other."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower()).split())
