"""Whisper tokenizer files: byte-level BPE training, encoding and the Hugging Face tokenizer.json layout.

Special-token order follows openai/whisper tokenizer.py `get_encoding`: after the BPE ranks come
eot, sot, one token per language, translate, transcribe, startoflm, startofprev, nospeech,
notimestamps, then the 1501 timestamps <|0.00|> .. <|30.00|>.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Language codes in Whisper's LANGUAGES order (the first 99; large-v3 adds "yue").
LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg "
    "lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so "
    "af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()
assert len(LANGUAGES) == 99

N_TIMESTAMPS = 1501  # 0.00 .. 30.00 s in steps of 0.02 s

# GPT-2 pre-tokenizer. \p{L} / \p{N} approximated with Python's Unicode-aware classes; only used to
# train the tiny BPE and to compute suppress lists, never at run time.
_PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map; its order is also the id order of the 256 byte tokens."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1))
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


def byte_tokens() -> list[str]:
    """The 256 single-byte tokens in id order (printable bytes first, as in GPT-2's vocab; " " gets id 220)."""
    mapping = bytes_to_unicode()
    printable = [b for b in range(256) if mapping[b] == chr(b)]
    others = [b for b in range(256) if mapping[b] != chr(b)]
    return [mapping[b] for b in printable + others]


def _words(text: str) -> list[str]:
    mapping = bytes_to_unicode()
    return ["".join(mapping[b] for b in piece.encode("utf-8")) for piece in _PRETOKENIZE.findall(text)]


def train_bpe(text: str, n_merges: int) -> list[tuple[str, str]]:
    """Learns merges greedily by pair frequency; ties go to the lexicographically smallest pair (deterministic)."""
    word_counts = Counter(tuple(w) for w in _words(text))
    known = set(byte_tokens())
    merges: list[tuple[str, str]] = []
    while len(merges) < n_merges:
        pairs: Counter = Counter()
        for word, count in word_counts.items():
            for a, b in zip(word, word[1:]):
                if a + b not in known:
                    pairs[(a, b)] += count
        if not pairs:
            raise ValueError(f"corpus too small for {n_merges} merges (got {len(merges)})")
        best_count = max(pairs.values())
        best = min(p for p, c in pairs.items() if c == best_count)
        merges.append(best)
        known.add(best[0] + best[1])
        word_counts = Counter({_merge_pair(w, best): c for w, c in word_counts.items()})
    return merges


def _merge_pair(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


@dataclass(frozen=True)
class SpecialIds:
    eot: int
    sot: int
    languages: dict[str, int]
    translate: int
    transcribe: int
    startoflm: int
    startofprev: int
    nospeech: int
    notimestamps: int
    timestamp_begin: int

    @staticmethod
    def after(n_bpe: int) -> "SpecialIds":
        """Ids when the specials follow a BPE vocabulary of n_bpe tokens (n_bpe = eot)."""
        langs = {code: n_bpe + 2 + i for i, code in enumerate(LANGUAGES)}
        tail = n_bpe + 2 + len(LANGUAGES)
        return SpecialIds(eot=n_bpe, sot=n_bpe + 1, languages=langs, translate=tail, transcribe=tail + 1,
                          startoflm=tail + 2, startofprev=tail + 3, nospeech=tail + 4, notimestamps=tail + 5,
                          timestamp_begin=tail + 6)

    @staticmethod
    def from_tokenizer(tokenizer: dict) -> "SpecialIds":
        """Ids read from a tokenizer.json's added tokens (works for .en, multilingual and v3 layouts)."""
        by_name = {t["content"]: t["id"] for t in tokenizer["added_tokens"]}
        nospeech = by_name.get("<|nospeech|>", by_name.get("<|nocaptions|>"))
        sot, translate = by_name["<|startoftranscript|>"], by_name["<|translate|>"]
        by_id = {i: name for name, i in by_name.items()}
        languages = {by_id[i][2:-2]: i for i in range(sot + 1, translate)}
        ids = SpecialIds(eot=by_name["<|endoftext|>"], sot=sot, languages=languages, translate=translate,
                         transcribe=by_name["<|transcribe|>"], startoflm=by_name["<|startoflm|>"],
                         startofprev=by_name["<|startofprev|>"], nospeech=nospeech,
                         notimestamps=by_name["<|notimestamps|>"], timestamp_begin=by_name["<|0.00|>"])
        if by_name.get("<|30.00|>") != ids.timestamp_begin + N_TIMESTAMPS - 1:
            raise ValueError("tokenizer.json lacks the 1501 timestamp tokens")
        return ids

    def vocab_size(self) -> int:
        return self.timestamp_begin + N_TIMESTAMPS

    def special_tokens(self) -> list[tuple[int, str]]:
        named = [(self.eot, "<|endoftext|>"), (self.sot, "<|startoftranscript|>")]
        named += [(i, f"<|{code}|>") for code, i in self.languages.items()]
        named += [(self.translate, "<|translate|>"), (self.transcribe, "<|transcribe|>"),
                  (self.startoflm, "<|startoflm|>"), (self.startofprev, "<|startofprev|>"),
                  (self.nospeech, "<|nospeech|>"), (self.notimestamps, "<|notimestamps|>")]
        return named

    def timestamp_tokens(self) -> list[tuple[int, str]]:
        return [(self.timestamp_begin + i, "<|%.2f|>" % (i * 0.02)) for i in range(N_TIMESTAMPS)]


class ByteLevelBpe:
    """Encoder over a vocab + ranked merges (the tokenizer.json model); used for suppress lists and tests."""

    def __init__(self, vocab: dict[str, int], merges: list[tuple[str, str]]):
        self.vocab = vocab
        self.ranks = {pair: r for r, pair in enumerate(merges)}

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in _words(text):
            symbols = list(word)
            while len(symbols) > 1:
                ranked = [(self.ranks.get((a, b)), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
                ranked = [(r, i) for r, i in ranked if r is not None]
                if not ranked:
                    break
                _, i = min(ranked)
                symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
            ids.extend(self.vocab[s] for s in symbols)
        return ids


def bpe_vocab(merges: list[tuple[str, str]]) -> dict[str, int]:
    vocab = {tok: i for i, tok in enumerate(byte_tokens())}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    return vocab


def non_speech_tokens(bpe: ByteLevelBpe) -> list[int]:
    """openai/whisper Tokenizer.non_speech_tokens: symbols that encode to one token (with or without a
    leading space), the first token of each musical symbol, and the tokens of " -" and " '"."""
    symbols = list('"#()*+/:;<=>@[\\]^_`{|}~「」『』')
    symbols += "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".split()
    miscellaneous = set("♩♪♫♬♭♮♯")
    result = {bpe.encode(" -")[0], bpe.encode(" '")[0]}
    for symbol in symbols + list(miscellaneous):
        for tokens in (bpe.encode(symbol), bpe.encode(" " + symbol)):
            if len(tokens) == 1 or symbol in miscellaneous:
                result.add(tokens[0])
    return sorted(result)


def _added_token(i: int, content: str, special: bool) -> dict:
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": not special, "special": special}


def with_timestamp_tokens(tokenizer: dict) -> tuple[dict, bool]:
    """The tokenizer.json with the 1501 timestamp tokens after <|notimestamps|>, and whether they had to be
    added. Older HF exports (e.g. whisper-tiny.en's, as shipped in CT2 conversions) list only the specials
    although the model's vocabulary has the timestamp rows; current HF files list them as added tokens."""
    added = tokenizer["added_tokens"]
    if any(t["content"] == "<|0.00|>" for t in added):
        return tokenizer, False
    notimestamps = next(t["id"] for t in added if t["content"] == "<|notimestamps|>")
    if max(t["id"] for t in added) != notimestamps:
        raise ValueError("tokenizer.json has added tokens after <|notimestamps|> but no timestamps")
    timestamps = [(notimestamps + 1 + i, "<|%.2f|>" % (i * 0.02)) for i in range(N_TIMESTAMPS)]
    completed = dict(tokenizer, added_tokens=added + [_added_token(i, c, False) for i, c in timestamps])
    return completed, True


def tokenizer_json(vocab: dict[str, int], merges: list[tuple[str, str]], ids: SpecialIds) -> dict:
    """The Hugging Face tokenizers JSON of a Whisper tokenizer (same fields as the HF/CT2 Whisper files)."""
    added_tokens = [_added_token(i, c, True) for i, c in ids.special_tokens()]
    added_tokens += [_added_token(i, c, False) for i, c in ids.timestamp_tokens()]

    def special(name: str, i: int) -> dict:
        return {"id": name, "ids": [i], "tokens": [name]}

    def tok(name: str, type_id: int = 0) -> dict:
        return {"SpecialToken": {"id": name, "type_id": type_id}}

    sot, nots, eot = "<|startoftranscript|>", "<|notimestamps|>", "<|endoftext|>"
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added_tokens,
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [tok(sot), tok(nots), {"Sequence": {"id": "A", "type_id": 0}}, tok(eot)],
            "pair": [tok(sot), tok(nots), {"Sequence": {"id": "A", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}}, tok(eot, 1)],
            "special_tokens": {eot: special(eot, ids.eot), nots: special(nots, ids.notimestamps),
                               sot: special(sot, ids.sot)},
        },
        "decoder": dict(byte_level, add_prefix_space=True),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [[a, b] for a, b in merges]},
    }
