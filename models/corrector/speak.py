"""Speech for part of the clean sentences, so that the noisy side of the pairs can be what our own recognizer
hears: Festival (Debian `festival`, `festvox-us-slt-hts`, `festvox-kallpc16k`, `festvox-kdlpc16k`) reads each
chosen sentence's spoken form in one of three voices, none of them a voice of the evaluation set.

Writes 16 kHz mono WAVs and a manifest in the layout `medasr eval` reads ({id, audio, text, voice}; text is the
written form). Resumable: sentences whose WAV exists are not spoken again.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys

VOICES = ("cmu_us_slt_arctic_hts", "kal_diphone", "ked_diphone")
SAMPLE_RATE = 16000
BATCH = 40  # sentences per Festival process: one voice load for many sentences


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def speak(batch: list[dict], voice: str, wav_dir: str) -> None:
    """One Festival process speaks the batch in one voice."""
    script = [f"(voice_{voice})"]
    for sentence in batch:
        path = os.path.join(wav_dir, sentence["id"] + ".wav")
        script += [f"(set! utt (utt.synth (Utterance Text {_scheme_string(sentence['spoken'])})))",
                   f"(utt.wave.resample utt {SAMPLE_RATE})",
                   f"(utt.save.wave utt {_scheme_string(path)} 'riff)"]
    subprocess.run(["festival", "--pipe"], input="\n".join(script) + "\n", text=True, check=True,
                   stdout=subprocess.DEVNULL)


def choose(sentences: list[dict], per_source: dict[str, int], seed: int) -> list[dict]:
    rng = random.Random(seed)
    chosen = []
    for source, count in per_source.items():
        pool = [s for s in sentences if s["source"] == source]
        chosen += rng.sample(pool, min(count, len(pool)))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", required=True)
    parser.add_argument("--primock", type=int, default=1200, help="PriMock57 sentences to speak")
    parser.add_argument("--lexicon", type=int, default=2400, help="lexicon sentences to speak")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder for wav/ and manifest.jsonl")
    args = parser.parse_args(argv)
    with open(args.sentences, encoding="utf-8") as f:
        sentences = [json.loads(line) for line in f]
    chosen = choose(sentences, {"primock57": args.primock, "lexicon": args.lexicon}, args.seed)
    wav_dir = os.path.join(args.out, "wav")
    os.makedirs(wav_dir, exist_ok=True)
    todo = {voice: [] for voice in VOICES}
    for i, sentence in enumerate(chosen):
        sentence["voice"] = VOICES[i % len(VOICES)]
        if not os.path.isfile(os.path.join(wav_dir, sentence["id"] + ".wav")):
            todo[sentence["voice"]].append(sentence)
    total, done = sum(map(len, todo.values())), 0
    for voice, pending in todo.items():
        for start in range(0, len(pending), BATCH):
            speak(pending[start:start + BATCH], voice, wav_dir)
            done += len(pending[start:start + BATCH])
            print(f"\rspeaking: {done}/{total}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with open(os.path.join(args.out, "manifest.jsonl"), "w", encoding="utf-8") as f:
        for s in chosen:
            f.write(json.dumps({"id": s["id"], "audio": f"wav/{s['id']}.wav", "text": s["written"],
                                "voice": s["voice"], "source": s["source"]}, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} sentences spoken ({total} new) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
