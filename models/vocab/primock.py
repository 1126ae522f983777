"""The PriMock57 signal: which lexicon terms occur in 57 mock primary-care consultations (CC BY 4.0, Babylon
Health; text only). It is the only usage evidence available offline, and it is independent of the evaluation
set (medical-synth), which this builder never reads. Only presence is used, to raise a priority; no PriMock57
text goes into the lexicon.
"""
from __future__ import annotations

import json
import os
import re

from .terms import normalise

MAX_GRAM = 6


class PriMock:
    """Word n-grams (normalised, up to MAX_GRAM words) of the consultation transcripts and clinician notes, and
    the exact tokens of the notes (for abbreviations, which are written in notes, not said in full)."""

    def __init__(self, directory: str | None):
        self.grams: set[str] = set()
        self.note_tokens: set[str] = set()
        self.found = False
        self.files: list[str] = []
        if not directory:
            return
        for name in ("utterances.jsonl", "notes.jsonl"):
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                self.files.append(name)
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            self._add(json.loads(line))
        self.found = bool(self.files)

    def _add(self, record: dict) -> None:
        texts = [record.get("text_clean", ""), record.get("note", ""), record.get("presenting_complaint", "")]
        texts += record.get("highlights", []) or []
        for text in texts:
            words = normalise(text).split()
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + MAX_GRAM) + 1):
                    self.grams.add(" ".join(words[i:j]))
        for text in (record.get("note", ""), " ".join(record.get("highlights", []) or [])):
            self.note_tokens.update(re.findall(r"[A-Za-z][A-Za-z0-9]*", text))

    def has_term(self, term: str) -> bool:
        """A term occurs when its normalised words occur in a row in any transcript or note."""
        return normalise(term) in self.grams

    def has_abbreviation(self, written: str) -> bool:
        """An abbreviation occurs when a note writes it with the same letters and case ('SOB', 'PMH'), or, for a
        dotted Latin one ('b.i.d.'), with the same letters in any case ('BD' does not count for 'b.i.d.')."""
        bare = written.replace(".", "").replace(" ", "")
        if "." in written:
            return any(t.lower() == bare.lower() for t in self.note_tokens)
        return bare in self.note_tokens
