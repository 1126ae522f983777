"""The clean side of the corrector's training pairs: sentences as they should be written, each with the text a
speaker says for it (what the TTS reads).

Two sources:
- PriMock57's consultation utterances (CC BY 4.0, ../shared/data/text/primock57; text only), split into
  sentences of 4-30 words, fillers removed (Whisper does not write them, so a corrector must not learn to add
  them). The patient side of the consultations in asr-pairs is left out: those transcripts are the gate's test.
- dictation built from the lexicon (models/lexicon/lexicon.tsv) with the templates below, written as Whisper
  writes ("a 67-year-old", "25 mg", "HTN") and spoken as a clinician says it ("sixty seven year old",
  "twenty five milligrams", "H T N"). Terms are drawn by priority from each category's most useful rows; the
  evaluation set (medical-synth) is never read.

Output: JSONL rows {id, source, written, spoken, terms}, deterministic for a seed.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
from dataclasses import dataclass

from vocab.terms import number_words

MIN_WORDS, MAX_WORDS = 4, 30
FILLERS = re.compile(r"\b(?:um+|uh+|erm+|er|hmm+|mm+|ah)\b[,.]?\s*", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

# rows per category a template may draw from (the lexicon is sorted by priority within its build)
TOP_TERMS = {"drug": 4000, "diagnosis": 5000, "procedure": 1500, "anatomy": 800, "abbreviation": 400}

UNITS = {"mg": "milligrams", "mcg": "micrograms", "g": "grams", "mL": "milliliters", "units": "units"}
DOSES = ("0.5", "1", "2", "2.5", "4", "5", "10", "12.5", "15", "20", "25", "30", "40", "50", "60", "75", "80",
         "100", "125", "150", "200", "250", "300", "325", "400", "500", "600", "750", "850", "1000")
FREQUENCIES = ("once daily", "twice daily", "three times a day", "every six hours", "every eight hours",
               "at bedtime", "as needed", "every morning", "once weekly", "every twelve hours")
ROUTES = ("by mouth", "orally", "intravenously", "subcutaneously", "intramuscularly")
DURATIONS = ("two days", "three days", "a week", "two weeks", "one month", "six months", "several years")
SIDES = ("left", "right")

# {drug} {dose} {diagnosis} {procedure} {anatomy} {abbrev} {age} {sex} {frequency} {route} {duration} {side}
TEMPLATES = (
    "The patient was started on {drug} {dose} {frequency}.",
    "Continue {drug} {dose} {route} {frequency}.",
    "She takes {drug} {dose} {frequency} and {drug2} {dose2} {frequency2}.",
    "He was switched from {drug} to {drug2} because of side effects.",
    "Discontinue {drug} and start {drug2} {dose} {frequency}.",
    "Home medications include {drug}, {drug2} and {drug3}.",
    "Allergic to {drug}, which causes a rash.",
    "This is a {age} {sex} with a history of {diagnosis} who presents with {diagnosis2}.",
    "Past medical history is significant for {diagnosis}, {diagnosis2} and {abbrev}.",
    "Assessment: {diagnosis}.",
    "The most likely diagnosis is {diagnosis}, but {diagnosis2} should be ruled out.",
    "{age} {sex} with known {abbrev}, admitted for {diagnosis}.",
    "She has had {diagnosis} for {duration}.",
    "Findings are consistent with {diagnosis} of the {side} {anatomy}.",
    "There is tenderness over the {side} {anatomy} without swelling.",
    "Examination of the {anatomy} is unremarkable.",
    "He is scheduled for {procedure} next week.",
    "The patient underwent {procedure} without complications.",
    "Status post {procedure} for {diagnosis}.",
    "Plan: {procedure}, then reassess in {duration}.",
    "We discussed the risks and benefits of {procedure}.",
    "Her {abbrev} is well controlled on {drug}.",
    "Consider {drug} {dose} {route} if symptoms persist.",
    "Give {drug} {dose} {route} now and repeat in {duration}.",
    "No history of {diagnosis} or {diagnosis2}.",
    "Family history of {diagnosis}.",
    "Imaging of the {anatomy} shows no evidence of {diagnosis}.",
    "Refer to the clinic for {diagnosis} and possible {procedure}.",
    "Increase {drug} to {dose} {frequency}.",
    "Follow up in {duration} with repeat {abbrev}.",
)


@dataclass(frozen=True)
class Sentence:
    id: str
    source: str
    written: str
    spoken: str
    terms: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "source": self.source, "written": self.written, "spoken": self.spoken,
                           "terms": list(self.terms)}, ensure_ascii=False)


def primock_sentences(directory: str, held_out: set[str]) -> list[Sentence]:
    """Sentences of the PriMock57 utterances, except the speakers in `held_out` ("consultation/speaker")."""
    seen: set[str] = set()
    out = []
    with open(os.path.join(directory, "utterances.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if f"{record['consultation']}/{record['speaker']}" in held_out:
                continue
            for part in SENTENCE_END.split(record["text_clean"]):
                text = re.sub(r"\s+", " ", FILLERS.sub("", part)).strip(" ,")
                text = text[:1].upper() + text[1:]
                if MIN_WORDS <= len(text.split()) <= MAX_WORDS and text not in seen:
                    seen.add(text)
                    out.append(Sentence(f"primock-{len(out):05d}", "primock57", text, text, ()))
    return out


def asr_pairs_speakers(pairs_file: str) -> set[str]:
    """'consultation/speaker' of each asr-pairs transcript (ids like primock57/day1_consultation02/patient)."""
    with open(pairs_file, encoding="utf-8") as f:
        return {"/".join(json.loads(line)["id"].split("/")[1:]) for line in f if line.strip()}


class Lexicon:
    """The most useful rows of each category, as (written, spoken) with their priorities as draw weights."""

    def __init__(self, path: str):
        self.rows: dict[str, list[tuple[str, str]]] = {c: [] for c in TOP_TERMS}
        self.weights: dict[str, list[float]] = {c: [] for c in TOP_TERMS}
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                category = row["category"]
                if category not in TOP_TERMS or len(self.rows[category]) >= TOP_TERMS[category]:
                    continue
                spoken = _abbreviation_spoken(row) if category == "abbreviation" else row["term"]
                if spoken:
                    self.rows[category].append((row["term"], spoken))
                    self.weights[category].append(float(row["priority"]))

    def draw(self, rng: random.Random, category: str) -> tuple[str, str]:
        return rng.choices(self.rows[category], self.weights[category])[0]


def _abbreviation_spoken(row: dict) -> str | None:
    """Clinical abbreviations written in capitals and said letter by letter ("h t n" -> "H T N"); others
    (units, Latin sig codes, expansions) are left to the dose and frequency slots."""
    term = row["term"]
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", term):
        return None
    letters = [s for s in row["spoken"].split("|") if s.replace(" ", "") == term.lower()]
    return letters[0].upper() if letters else None


def say_number(text: str) -> str:
    """A dose or age as a US clinician says it: 25 -> twenty five, 750 -> seven hundred fifty, 2.5 -> two point five."""
    whole, _, fraction = text.partition(".")
    words = number_words(int(whole)).replace(" and ", " ")
    return words + " point " + " ".join(number_words(int(d)) for d in fraction) if fraction else words


def template_sentences(lexicon: Lexicon, count: int, rng: random.Random) -> list[Sentence]:
    out = []
    for i in range(count):
        template = TEMPLATES[i % len(TEMPLATES)]
        written, spoken, terms = {}, {}, {}

        def term(slot: str, category: str) -> None:
            written[slot], spoken[slot] = lexicon.draw(rng, category)
            terms[slot] = written[slot]

        for n in ("", "2", "3"):
            term("drug" + n, "drug")
            term("diagnosis" + n, "diagnosis")
            amount, unit = rng.choice(DOSES), rng.choice(tuple(UNITS))
            written["dose" + n] = f"{amount} {unit}"
            spoken["dose" + n] = f"{say_number(amount)} {UNITS[unit]}"
            frequency = rng.choice(FREQUENCIES)
            written["frequency" + n] = spoken["frequency" + n] = frequency
        term("procedure", "procedure")
        term("anatomy", "anatomy")
        term("abbrev", "abbreviation")
        age = str(rng.randint(18, 95))
        written["age"], spoken["age"] = f"{age}-year-old", f"{say_number(age)} year old"
        for slot, choices in (("sex", ("male", "female", "man", "woman")), ("route", ROUTES),
                              ("duration", DURATIONS), ("side", SIDES)):
            written[slot] = spoken[slot] = rng.choice(choices)
        used = set(re.findall(r"{(\w+)}", template))
        text = template.format(**written)
        out.append(Sentence(f"lexicon-{i:05d}", "lexicon", text[:1].upper() + text[1:], template.format(**spoken),
                            tuple(t for slot, t in terms.items() if slot in used)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--primock", required=True, help="folder of PriMock57's utterances.jsonl")
    parser.add_argument("--asr-pairs", required=True, help="asr-pairs' pairs.jsonl (its speakers are held out)")
    parser.add_argument("--lexicon", required=True, help="models/lexicon/lexicon.tsv")
    parser.add_argument("--templates", type=int, default=20000, help="lexicon sentences to build")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="sentences JSONL")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    sentences = primock_sentences(args.primock, asr_pairs_speakers(args.asr_pairs))
    primock = len(sentences)
    sentences += template_sentences(Lexicon(args.lexicon), args.templates, rng)
    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(s.to_json() + "\n" for s in sentences)
    print(f"{len(sentences)} sentences ({primock} PriMock57, {len(sentences) - primock} from the lexicon) "
          f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
