"""The corrector's training pairs (noisy -> clean) from the clean sentences and our recognizer's transcripts of
their speech.

Three kinds of noisy side, each pair tagged with its kind:
- `recognized`: what MedASR (whisper-base) heard in the TTS speech of a sentence (speak.py, `medasr eval`).
  The realest errors, but only for the sentences that were spoken; repeated RECOGNIZED_REPEAT times.
- `confusions`: a clean sentence with the word-span confusions the recognizer made elsewhere (learned from the
  `recognized` pairs: "a trial" for "atrial", "14" for "40"), applied where the same words occur.
- `respelled`: a clean sentence whose medical terms are respelled as a recognizer that does not know them
  writes them: sound-preserving letter swaps, a long word cut into pieces ("levo thyroxine", "Piper Cylin"),
  or an article glued on ("a pixaban").
Plus `copy` pairs (clean -> clean), so the model learns that most text stands.

Sentences are split into train and valid by a hash of their id, so no sentence is on both sides.
"""
from __future__ import annotations

import argparse
import collections
import difflib
import hashlib
import json
import os
import random
import re

RECOGNIZED_REPEAT = 3
VARIANTS = {"confusions": 1, "respelled": 1}
COPY_SHARE = 0.15  # of the sentences, a copy pair each
VALID_SHARE = 0.04
CONFUSION_RATE = 0.35  # chance that a word with a learned confusion takes it

# Sound-preserving rewrites seen in Whisper's spellings of unknown drug and disease names.
RESPELLINGS = (
    ("ph", "f"), ("f", "ph"), ("y", "i"), ("i", "y"), ("c", "k"), ("k", "c"), ("x", "ks"), ("qu", "kw"),
    ("ae", "e"), ("oe", "e"), ("ine", "een"), ("ide", "ied"), ("ol", "al"), ("ol", "ole"), ("an", "en"),
    ("en", "an"), ("ia", "ea"), ("th", "t"), ("ch", "k"), ("z", "s"), ("s", "z"), ("tt", "t"), ("ll", "l"),
    ("mm", "m"), ("pp", "p"), ("a", "e"), ("e", "i"), ("o", "u"), ("u", "o"), ("i", "e"), ("ei", "ee"),
    ("eu", "u"), ("rrh", "r"), ("gh", "g"), ("tion", "shun"), ("cy", "si"), ("ce", "se"),
)
VOWELS = set("aeiouy")


def normalize_word(word: str) -> str:
    return re.sub(r"[^\w'-]", "", word.lower())


def word_confusions(pairs: list[tuple[str, str]]) -> dict[tuple[str, ...], collections.Counter]:
    """Clean word spans (normalized) -> the noisy spans the recognizer wrote for them, with counts."""
    table: dict[tuple[str, ...], collections.Counter] = collections.defaultdict(collections.Counter)
    for noisy, clean in pairs:
        clean_words, noisy_words = clean.split(), noisy.split()
        matcher = difflib.SequenceMatcher(a=[normalize_word(w) for w in clean_words],
                                          b=[normalize_word(w) for w in noisy_words], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "replace" and i2 - i1 <= 3 and j2 - j1 <= 4:
                table[tuple(matcher.a[i1:i2])][" ".join(noisy_words[j1:j2])] += 1
    return table


def apply_confusions(sentence: str, table: dict, rng: random.Random) -> str:
    words, out, i = sentence.split(), [], 0
    keys = [normalize_word(w) for w in words]
    while i < len(words):
        for n in (3, 2, 1):
            options = table.get(tuple(keys[i:i + n])) if i + n <= len(words) else None
            if options and rng.random() < CONFUSION_RATE:
                noisy = rng.choices(list(options), list(options.values()))[0]
                out.append(noisy.rstrip(".,;:?!") + _trailing_punctuation(words[i + n - 1]))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _trailing_punctuation(word: str) -> str:
    return re.search(r"[.,;:?!]*$", word).group()


def respell_word(word: str, rng: random.Random) -> str:
    """A term word as a recognizer that does not know it might write it."""
    lower = word.lower()
    for _ in range(rng.randint(1, 2)):
        options = [(a, b) for a, b in RESPELLINGS if a in lower]
        if not options:
            break
        a, b = rng.choice(options)
        spots = [m.start() for m in re.finditer(re.escape(a), lower)]
        at = rng.choice(spots)
        lower = lower[:at] + b + lower[at + len(a):]
    roll = rng.random()
    if roll < 0.35 and len(lower) >= 7:
        lower = " ".join(_cut(lower, rng))
        if rng.random() < 0.5:
            lower = lower.title()
    elif roll < 0.5 and lower.startswith("a") and len(lower) > 4:
        lower = "a " + lower[1:]
    return lower[:1].upper() + lower[1:] if word[:1].isupper() else lower


def _cut(word: str, rng: random.Random) -> list[str]:
    """Cuts a word into 2 or 3 pieces after vowels (syllable-like), each at least 3 letters long."""
    cuts = [i for i in range(3, len(word) - 2) if word[i - 1] in VOWELS and word[i] not in VOWELS]
    chosen = sorted(rng.sample(cuts, min(len(cuts), rng.randint(1, 2)))) if cuts else []
    pieces, start = [], 0
    for cut in chosen:
        if cut - start >= 3:
            pieces.append(word[start:cut])
            start = cut
    return pieces + [word[start:]]


def respell_terms(sentence: str, terms: list[str], rng: random.Random) -> str:
    """Respells one or more of the sentence's terms (each word of a chosen term with a chance)."""
    chosen = [t for t in terms if rng.random() < 0.7] or terms[:1]
    for term in chosen:
        noisy = " ".join(respell_word(w, rng) if len(w) > 3 and rng.random() < 0.8 else w for w in term.split())
        sentence = sentence.replace(term, noisy, 1)
    return sentence


def is_valid(sentence_id: str) -> bool:
    digest = hashlib.sha256(sentence_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2 ** 32 < VALID_SHARE


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build(sentences: list[dict], hypotheses: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    by_id = {s["id"]: s for s in sentences}
    recognized = [(h["text"], by_id[h["id"]]["written"], h["id"]) for h in hypotheses if h["id"] in by_id]
    table = word_confusions([(noisy, clean) for noisy, clean, sid in recognized if not is_valid(sid)])
    pairs = []

    def add(kind: str, sentence_id: str, noisy: str, clean: str) -> None:
        pairs.append({"kind": kind, "sentence": sentence_id, "noisy": noisy, "clean": clean})

    for noisy, clean, sentence_id in recognized:
        for _ in range(RECOGNIZED_REPEAT):
            add("recognized", sentence_id, noisy, clean)
    for s in sentences:
        clean = s["written"]
        for _ in range(VARIANTS["confusions"]):
            noisy = apply_confusions(clean, table, rng)
            if noisy != clean:
                add("confusions", s["id"], noisy, clean)
        if s["terms"]:
            for _ in range(VARIANTS["respelled"]):
                noisy = respell_terms(clean, s["terms"], rng)
                if noisy != clean:
                    add("respelled", s["id"], noisy, clean)
        if rng.random() < COPY_SHARE:
            add("copy", s["id"], clean, clean)
    rng.shuffle(pairs)
    return pairs


SOURCES = {
    "primock57": {"what": "PriMock57 consultation transcripts (Babylon Health): clean sentences",
                  "licence": "CC BY 4.0"},
    "lexicon": {"what": "sentences built from MedASR's medical lexicon (models/lexicon/sources.json lists its "
                        "registry packages and their licences) with templates written here",
                "licence": "as the lexicon's sources"},
    "speech": {"what": "Festival (Debian festival) voices cmu_us_slt_arctic_hts, kal_diphone, ked_diphone; "
                       "transcribed by MedASR with whisper-base int8",
               "licence": "voices: free (BSD-style); the audio is not kept with the model"},
}


def manifest(sentences: list[dict], hypotheses: list[dict], counts: dict, seed: int) -> dict:
    by_source = collections.Counter(s["source"] for s in sentences)
    return {"seed": seed, "sources": SOURCES,
            "sentences": dict(sorted(by_source.items())), "spoken_sentences": len(hypotheses),
            "pairs": {split: dict(sorted(c.items())) for split, c in counts.items()},
            "valid_share": VALID_SHARE, "recognized_repeat": RECOGNIZED_REPEAT}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", required=True)
    parser.add_argument("--hypotheses", required=True, help="medasr eval --hyp-out of the spoken sentences")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder for train.jsonl, valid.jsonl, pairs.json")
    args = parser.parse_args(argv)
    sentences, hypotheses = read_jsonl(args.sentences), read_jsonl(args.hypotheses)
    pairs = build(sentences, hypotheses, args.seed)
    os.makedirs(args.out, exist_ok=True)
    counts: dict[str, collections.Counter] = {"train": collections.Counter(), "valid": collections.Counter()}
    with open(os.path.join(args.out, "train.jsonl"), "w", encoding="utf-8") as train, \
            open(os.path.join(args.out, "valid.jsonl"), "w", encoding="utf-8") as valid:
        for pair in pairs:
            split = "valid" if is_valid(pair["sentence"]) else "train"
            (valid if split == "valid" else train).write(json.dumps(pair, ensure_ascii=False) + "\n")
            counts[split][pair["kind"]] += 1
    summary = manifest(sentences, hypotheses, counts, args.seed)
    with open(os.path.join(args.out, "pairs.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    print(f"pairs -> {args.out}: {json.dumps(summary['pairs'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
