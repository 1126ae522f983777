"""Builds medical_vectors.json: WER and Medical-WER computed by PyPI medwer 1.0.0, for MedwerVectorsTest.

References are the texts of ../shared/data/speech/medical-synth/manifest.jsonl (plus hand-written edge cases);
hypotheses are the whisper-base transcripts of that set (medical_synth_whisper_base.jsonl: `medasr eval` with the
project's whisper-base model, default settings, 2026-11-30) and deterministic corruptions of the references
(seeded): words dropped, substituted or inserted, terms split, drugs misspelled, whole terms dropped or swapped
for another term, numbers and units rewritten as an ASR writes them. The term list is medical_synth_lexicon.tsv (the manifest's terms with a category each); medwer gets the
normalized terms (its custom lists must be fixed points of its normalizer) and is run once with the whole list
and once per category (the per-category M-WER of the toolkit).

For every vector the file holds medwer's corpus figures (utts, ref_words, med_ref_words, wer, medical_wer) and,
per utterance, medwer's normalized reference and hypothesis, the keep_medical() output of both, and the edit
counts. medwer's normalizer is whisper-normalizer 0.1.12, which adds four replacements to openai-whisper's
EnglishTextNormalizer (kinda, sorta, dunno, cause); each vector says whether openai-whisper 20250625 normalizes
all its texts the same way ("openaiWhisperAgrees").

Run: python3 -m venv /tmp/venv-medwer && /tmp/venv-medwer/bin/pip install medwer==1.0.0
     /tmp/venv-medwer/bin/pip install --no-deps openai-whisper==20250625   # the normalizer only, no torch
     cd cli/src/test/resources/wer
     /tmp/venv-medwer/bin/python make_medical_vectors.py ../../../../../../shared/data/speech/medical-synth/manifest.jsonl \
         > medical_vectors.json
"""
import csv
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version

import medwer
from medwer import Normalizer, Scorer, keep_medical, wer

# whisper/__init__.py imports torch; load only the normalizers package
_spec = importlib.util.find_spec("whisper")
sys.path.insert(0, os.path.dirname(_spec.origin))
from normalizers import EnglishTextNormalizer as OpenAiNormalizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = "medical_synth_lexicon.tsv"
CATEGORIES = ["diagnosis", "drug", "procedure", "anatomy", "abbreviation"]
NORM = Normalizer()
OPENAI = OpenAiNormalizer()


def read_lexicon(path):
    """(raw term, category) rows; the first row of a normalized term wins, as in the toolkit."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = rows[0]
    t, c = header.index("term"), header.index("category")
    seen, out = set(), []
    for row in rows[1:]:
        if not row or not row[t].strip():
            continue
        normalized = " ".join(NORM(row[t]).split())
        if normalized and normalized not in seen:
            seen.add(normalized)
            out.append((row[t].strip(), row[c].strip()))
    return out


def scorer_for(terms):
    """A medwer Scorer over the normalized terms (medwer rejects a custom list that is not normalized)."""
    normalized = sorted({" ".join(NORM(term).split()) for term in terms} - {""})
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("# normalized by medwer's normalizer\n" + "\n".join(normalized) + "\n")
        path = f.name
    try:
        return Scorer(terms_path=path), normalized
    finally:
        os.unlink(path)


def figures(scorer, refs, hyps):
    r = scorer.corpus(refs, hyps)
    return {k: r[k] for k in ("utts", "ref_words", "med_ref_words", "wer", "medical_wer")}


def utterance_details(scorer, refs, hyps):
    out = []
    for ref, hyp in zip(refs, hyps):
        rn, hn = scorer.norm(ref), scorer.norm(hyp)
        rk = keep_medical(rn, scorer.entries, scorer.max_tokens)
        hk = keep_medical(hn, scorer.entries, scorer.max_tokens)
        out.append({"normalized": [rn, hn], "kept": [rk, hk], "edits": wer(rn, hn)[0],
                    "medicalEdits": wer(rk, hk)[0], "skipped": not rn.strip()})
    return out


def vector(name, refs, hyps, lexicon_rows, lexicon_file=None):
    terms = [t for t, _ in lexicon_rows]
    scorer, normalized = scorer_for(terms)
    v = {"name": name, "references": refs, "hypotheses": hyps}
    if lexicon_file:
        v["lexicon"] = lexicon_file
    else:
        v["terms"] = [[t, c] for t, c in lexicon_rows]
    v["medwer"] = figures(scorer, refs, hyps)
    by_category = {}
    for category in CATEGORIES:
        subset = [t for t, c in lexicon_rows if c == category]
        if subset:
            by_category[category] = figures(scorer_for(subset)[0], refs, hyps)
    v["medwerByCategory"] = by_category
    v["utterances"] = utterance_details(scorer, refs, hyps)
    v["openaiWhisperAgrees"] = all(OPENAI(s) == NORM(s) for s in refs + hyps)
    return v


# ---- deterministic corruptions of a raw reference text ---------------------------------------------------

def words_of(text):
    return text.split()


def term_spans(text, terms):
    """Word spans [start, end) of the utterance's terms in the raw text (case-insensitive, punctuation ignored)."""
    words = words_of(text)
    bare = [re.sub(r"[^\w'-]", "", w).lower() for w in words]
    spans = []
    for term in sorted(terms, key=lambda t: -len(t.split())):
        tw = term.lower().split()
        for i in range(len(words) - len(tw) + 1):
            if bare[i:i + len(tw)] == tw and not any(s < i + len(tw) and i < e for s, e in spans):
                spans.append((i, i + len(tw)))
    return sorted(spans)


def misspell(rng, word):
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 3:
        return word + word[-1:]
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:  # drop a letter
        return word[:i] + word[i + 1:]
    if kind == 1:  # double a letter
        return word[:i] + word[i] + word[i:]
    if kind == 2:  # change a vowel or a letter
        vowels = "aeiou"
        return word[:i] + (rng.choice(vowels.replace(word[i].lower(), "")) if word[i].lower() in vowels
                           else rng.choice("bcdfgklmnprstvz")) + word[i + 1:]
    j = min(i + 1, len(word) - 1)  # swap two letters
    return word[:i] + word[j] + word[i] + word[j + 1:] if j > i else word + "e"


def split_word(rng, word):
    if len(word) < 7:
        return [word]
    cut = rng.randrange(3, len(word) - 2)
    return [word[:cut], word[cut:]]


ASR_REWRITES = [("milligrams", "mg"), ("milligram", "mg"), ("micrograms", "mcg"), ("milliliters", "ml"),
                ("twice daily", "BID"), ("once daily", "daily"), ("intravenous", "IV")]


def corrupt(rng, text, utt_terms, vocabulary, all_terms, rates):
    """One hypothesis: term-level edits first (on the term spans), then word-level edits elsewhere."""
    words = words_of(text)
    spans = term_spans(text, utt_terms)
    in_term = {}
    for s, e in spans:
        for k in range(s, e):
            in_term[k] = (s, e)
    out = []
    i = 0
    while i < len(words):
        if i in in_term and in_term[i][0] == i:
            s, e = in_term[i]
            phrase = words[s:e]
            r = rng.random()
            if r < rates.get("drop_term", 0):
                phrase = []
            elif r < rates.get("drop_term", 0) + rates.get("swap_term", 0):
                phrase = rng.choice(all_terms).split()
            else:
                new = []
                for w in phrase:
                    if rng.random() < rates.get("misspell", 0):
                        new.append(misspell(rng, w))
                    elif rng.random() < rates.get("split", 0):
                        new.extend(split_word(rng, w))
                    elif rng.random() < rates.get("term_word_drop", 0):
                        continue
                    else:
                        new.append(w)
                phrase = new
            out.extend(phrase)
            i = e
            continue
        w = words[i]
        r = rng.random()
        if r < rates.get("drop", 0):
            pass
        elif r < rates.get("drop", 0) + rates.get("substitute", 0):
            out.append(rng.choice(vocabulary))
        else:
            out.append(w)
        if rng.random() < rates.get("insert", 0):
            out.append(rng.choice(vocabulary + all_terms) if rng.random() < 0.5 else rng.choice(all_terms))
        i += 1
    hyp = " ".join(out)
    if rates.get("asr_style"):
        for spoken, written in ASR_REWRITES:
            if rng.random() < rates["asr_style"]:
                hyp = re.sub(r"\b" + spoken + r"\b", written, hyp)
        hyp = hyp.replace(",", "") if rng.random() < 0.5 else hyp
    return hyp


def main():
    manifest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "../../../../../../shared/data/speech/medical-synth/manifest.jsonl")
    with open(manifest, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    lexicon = read_lexicon(os.path.join(HERE, LEXICON))
    all_terms = [t for t, _ in lexicon]
    drugs = {t for t, c in lexicon if c == "drug"}
    refs = [it["text"] for it in items]
    vocabulary = sorted({re.sub(r"[^\w'-]", "", w).lower() for r in refs for w in r.split()} - {""})
    cases = []

    def add(name, seed, rates, subset=None):
        rng = random.Random(seed)
        chosen = subset if subset is not None else list(range(len(items)))
        rs = [items[k]["text"] for k in chosen]
        hs = []
        for k in chosen:
            utt_terms = items[k]["terms"]
            r = dict(rates)
            if "misspell_drugs" in r:  # misspell drug terms only
                utt_terms_drug = [t for t in utt_terms if t in drugs]
                hs.append(corrupt(rng, items[k]["text"], utt_terms_drug, vocabulary, all_terms,
                                  {"misspell": r["misspell_drugs"]}))
            else:
                hs.append(corrupt(rng, items[k]["text"], utt_terms, vocabulary, all_terms, r))
        cases.append(vector(name, rs, hs, lexicon, LEXICON))

    with open(os.path.join(HERE, "medical_synth_whisper_base.jsonl"), encoding="utf-8") as f:
        transcripts = {t["id"]: t["text"] for t in map(json.loads, filter(str.strip, f))}
    cases.append(vector("medical-synth whisper-base transcripts", refs, [transcripts[it["id"]] for it in items],
                        lexicon, LEXICON))
    add("medical-synth identical", 1, {})
    add("medical-synth asr style units and numbers", 2, {"asr_style": 1.0})
    add("medical-synth words dropped 10%", 3, {"drop": 0.1})
    add("medical-synth words substituted 10%", 4, {"substitute": 0.1})
    add("medical-synth words inserted 10% (terms among them)", 5, {"insert": 0.1})
    add("medical-synth term words split 50%", 6, {"split": 0.5})
    add("medical-synth drugs misspelled 70%", 7, {"misspell_drugs": 0.7})
    add("medical-synth whole terms dropped 30%", 8, {"drop_term": 0.3})
    add("medical-synth terms swapped 30%", 9, {"swap_term": 0.3})
    add("medical-synth term words dropped 30%", 10, {"term_word_drop": 0.3})
    add("medical-synth everything 5%", 11, {"drop": 0.05, "substitute": 0.05, "insert": 0.05, "split": 0.1,
                                             "misspell": 0.1, "drop_term": 0.05, "swap_term": 0.05,
                                             "term_word_drop": 0.05, "asr_style": 0.5})
    for seed in range(20):
        rng = random.Random(1000 + seed)
        subset = sorted(rng.sample(range(len(items)), rng.randint(3, 25)))
        rates = {key: rng.choice([0, 0.05, 0.15, 0.3]) for key in
                 ("drop", "substitute", "insert", "split", "misspell", "drop_term", "swap_term", "term_word_drop")}
        rates["asr_style"] = rng.choice([0, 0.5, 1.0])
        add(f"random subset {seed}", 2000 + seed, rates, subset)

    small = [("atrial fibrillation", "diagnosis"), ("atrial", "anatomy"), ("chest pain", "diagnosis"),
             ("chest", "anatomy"), ("metoprolol", "drug"), ("metoprolol succinate", "drug"), ("IV", "abbreviation"),
             ("type two diabetes mellitus", "diagnosis"), ("CT", "abbreviation"), ("cause", "diagnosis"),
             ("because", "diagnosis")]
    hand = [
        ("a missed phrase counts once", ["history of atrial fibrillation on metoprolol succinate"],
         ["history of a trial fibrillation on metoprolol"]),
        ("longest match first, no overlap", ["chest pain and atrial fibrillation, chest atrial"],
         ["chest pain and atrial fibrillation chest atrial fibrillation"]),
        ("empty and non-speech references are skipped",
         ["", "[noise]", "metoprolol given", "(inaudible) uh um"],
         ["metoprolol", "chest pain", "metoprolol given", "atrial fibrillation"]),
        ("reference without terms, hypothesis with terms",
         ["the patient is resting", "vitals are stable"], ["the patient is resting metoprolol", "CT stable"]),
        ("every reference empty", ["", "[music]"], ["chest pain", ""]),
        ("empty hypotheses", ["chest pain on metoprolol", "type 2 diabetes mellitus"], ["", ""]),
        ("numbers folded on both sides", ["type two diabetes mellitus, metoprolol twenty five milligrams IV"],
         ["Type 2 diabetes mellitus; metoprolol 25 mg i.v."]),
        ("repeated terms", ["metoprolol metoprolol chest pain chest pain chest"],
         ["metoprolol chest pain metoprolol chest chest chest pain"]),
        ("whisper-normalizer extras: cause, kinda, sorta, dunno",
         ["the cause of the chest pain is kinda unclear", "we sorta know, 'cause of metoprolol"],
         ["because of the chest pain it is kind of unclear", "I dunno cause metoprolol"]),
    ]
    for name, rs, hs in hand:
        cases.append(vector(name, rs, hs, small))

    # medwer's own CLI on one vector: the Scorer used above is what the command runs
    with tempfile.TemporaryDirectory() as d:
        v = cases[0]
        for side, texts in (("refs", v["references"]), ("hyps", v["hypotheses"])):
            with open(os.path.join(d, side + ".jsonl"), "w", encoding="utf-8") as f:
                for k, t in enumerate(texts):
                    f.write(json.dumps({"id": str(k), "text": t}) + "\n")
        _, normalized = scorer_for([t for t, _ in lexicon])
        with open(os.path.join(d, "terms.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(normalized) + "\n")
        cli = subprocess.run([sys.executable, "-m", "medwer.cli", "score", "--refs", os.path.join(d, "refs.jsonl"),
                              "--hyps", os.path.join(d, "hyps.jsonl"), "--terms", os.path.join(d, "terms.txt")],
                             capture_output=True, text=True, check=True)
        assert json.loads(cli.stdout) == v["medwer"], (cli.stdout, v["medwer"])

    disagreeing = [c["name"] for c in cases if not c["openaiWhisperAgrees"]]
    print(f"{len(cases)} vectors; openai-whisper normalizes differently in: {disagreeing}", file=sys.stderr)
    json.dump({"generator": "make_medical_vectors.py",
               "medwer": medwer.__version__, "whisper_normalizer": version("whisper-normalizer"),
               "openai_whisper": version("openai-whisper"), "python": sys.version.split()[0],
               "cases": cases}, sys.stdout, ensure_ascii=False, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
