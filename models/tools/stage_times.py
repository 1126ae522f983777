"""Stage by stage, faster-whisper's CTranslate2 against the ONNX graphs on the same log-mels (issue 13).

For every clip of a manifest (its first 30 s window, openai transcribe() convention): the encoder, then greedy
decoding without timestamps (the prompt run that computes the cross-attention keys and values, then one run per
token); CTranslate2 with `Whisper.encode` and `Whisper.generate` (beam 1, its default suppression), the ONNX side
with `onnx_greedy.OnnxWhisper` in Python onnxruntime (the Java engine runs the same graphs: its own stage times come
from `TranscribeBenchmark`, docs/engine.md). Both run on the same threads, clip after clip, each stage of one
engine right after the other's, for --rounds passes over the set; the first clip runs once untimed for each.
Prints per-stage totals, per window and per token, and the ratios.

usage: python -m tools.stage_times MODEL_DIR CT2_DIR MANIFEST [--precision fp32|int8] [--threads 2] [--rounds 2]
       (from models/, in the venv)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import ctranslate2
import numpy as np

from .mel import first_window, read_wav_16k_mono
from .onnx_greedy import OnnxWhisper

COMPUTE_TYPES = {"fp32": "float32", "int8": "int8"}
SUFFIXES = {"fp32": "", "int8": "_quantized"}


def first_windows(manifest: str) -> list[np.ndarray]:
    """The log-mel of each clip's first 30 s, padded to 3000 frames."""
    folder = os.path.dirname(os.path.abspath(manifest))
    mels = []
    with open(manifest, encoding="utf-8") as lines:
        for line in lines:
            audio = read_wav_16k_mono(os.path.join(folder, json.loads(line)["audio"]))
            mels.append(np.ascontiguousarray(first_window(audio)))
    return mels


class Timer:
    """Seconds spent per stage, summed over calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, stage: str, work):
        started = time.perf_counter()
        result = work()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir")
    parser.add_argument("ct2_dir")
    parser.add_argument("manifest")
    parser.add_argument("--precision", choices=sorted(COMPUTE_TYPES), default="fp32")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    mels = first_windows(args.manifest)
    onnx_model = OnnxWhisper(args.model_dir, threads=args.threads, suffix=SUFFIXES[args.precision])
    ct2 = ctranslate2.models.Whisper(args.ct2_dir, device="cpu", compute_type=COMPUTE_TYPES[args.precision],
                                     intra_threads=args.threads)
    prompt = onnx_model.initial_tokens()
    eot = onnx_model.generation["eos_token_id"]

    def ct2_encode(mel: np.ndarray):
        return ct2.encode(ctranslate2.StorageView.from_array(mel[None]), to_cpu=False)

    def ct2_decode(states) -> list[int]:
        return ct2.generate(states, [prompt], beam_size=1, max_length=448)[0].sequences_ids[0]

    ct2_decode(ct2_encode(mels[0]))
    onnx_model.greedy(onnx_model.encode(mels[0]), prompt)
    timer = Timer()
    tokens = {"ct2": 0, "onnx": 0}
    identical = 0
    for _ in range(args.rounds):
        for mel in mels:
            ct2_states = timer.time("ct2 encoder", lambda: ct2_encode(mel))
            ct2_tokens = timer.time("ct2 decoder", lambda: ct2_decode(ct2_states))
            onnx_states = timer.time("onnx encoder", lambda: onnx_model.encode(mel))
            sampled, _ = timer.time("onnx decoder", lambda: onnx_model.greedy(onnx_states, prompt))
            onnx_tokens = [t for t in sampled if t != eot]
            tokens["ct2"] += len(ct2_tokens) + 1  # and its end of text, which it samples but does not return
            tokens["onnx"] += len(onnx_tokens) + 1
            identical += onnx_tokens == ct2_tokens

    windows = len(mels) * args.rounds
    print(f"{len(mels)} windows x {args.rounds} rounds, {args.precision}, {args.threads} threads; "
          f"identical greedy tokens: {identical}/{windows}")
    print(f"{'stage':<10} {'CTranslate2':>14} {'ONNX Runtime':>14} {'ratio':>7}")
    for stage in ("encoder", "decoder"):
        ct2_ms = 1000 * timer.seconds[f"ct2 {stage}"] / windows
        onnx_ms = 1000 * timer.seconds[f"onnx {stage}"] / windows
        print(f"{stage:<10} {ct2_ms:10.1f} ms {onnx_ms:10.1f} ms {onnx_ms / ct2_ms:7.2f}   (a window)")
    ct2_token = 1000 * timer.seconds["ct2 decoder"] / tokens["ct2"]
    onnx_token = 1000 * timer.seconds["onnx decoder"] / tokens["onnx"]
    print(f"{'per token':<10} {ct2_token:10.2f} ms {onnx_token:10.2f} ms {onnx_token / ct2_token:7.2f}   "
          f"(decoder time over sampled tokens, end of text included: {tokens['ct2']} / {tokens['onnx']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
