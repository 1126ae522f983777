"""Parity of a built ONNX model directory with CTranslate2 running the source CT2 weights.

On one 30 s window (log-mel of a WAV clip, openai transcribe() convention): encoder output, then greedy
decoding without timestamps on both sides (CT2 `Whisper.generate`, beam 1, its default suppression =
the same suppress_tokens / begin-suppress lists) — token sequences and per-step logits.

usage: python -m tools.compare_ct2 --model-dir DIR --ct2-dir DIR --wav FILE [--suffix _quantized]
"""
from __future__ import annotations

import argparse
import sys

import ctranslate2
import numpy as np

from .mel import first_window, read_wav_16k_mono
from .onnx_greedy import OnnxWhisper


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--ct2-dir", required=True)
    parser.add_argument("--wav", required=True)
    parser.add_argument("--suffix", default="")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    mel = first_window(read_wav_16k_mono(args.wav))
    onnx_model = OnnxWhisper(args.model_dir, threads=args.threads, suffix=args.suffix)
    ct2 = ctranslate2.models.Whisper(args.ct2_dir, device="cpu", compute_type="float32", intra_threads=args.threads)

    features = ctranslate2.StorageView.from_array(np.ascontiguousarray(mel[None]))
    ct2_states = np.array(ct2.encode(features, to_cpu=True))
    onnx_states = onnx_model.encode(mel)
    enc_diff = float(np.max(np.abs(ct2_states - onnx_states)))
    relative = float(np.linalg.norm(onnx_states - ct2_states) / np.linalg.norm(ct2_states))
    print(f"encoder: max |onnx - ct2| = {enc_diff:.2e} (max |ct2| {np.max(np.abs(ct2_states)):.2e}), "
          f"relative L2 {relative:.2e}")

    prompt = onnx_model.initial_tokens()
    result = ct2.generate(ctranslate2.StorageView.from_array(ct2_states), [prompt], beam_size=1,
                          return_logits_vocab=True, max_length=448)[0]
    ct2_tokens = result.sequences_ids[0]
    onnx_tokens, onnx_logits = onnx_model.greedy(onnx_states, prompt)
    eot = onnx_model.generation["eos_token_id"]
    onnx_text_tokens = [t for t in onnx_tokens if t != eot]
    same = onnx_text_tokens == ct2_tokens
    print(f"tokens: ct2 {len(ct2_tokens)}, onnx {len(onnx_text_tokens)}, identical: {same}")
    if not same:
        first = next((i for i, (a, b) in enumerate(zip(ct2_tokens, onnx_text_tokens)) if a != b),
                     min(len(ct2_tokens), len(onnx_text_tokens)))
        print(f"  first difference at step {first}: ct2 {ct2_tokens[first:first + 5]} onnx {onnx_text_tokens[first:first + 5]}")

    # CT2 returns the logits after its processors, suppressed ids set to float32 lowest; compare the rest
    worst, steps = 0.0, min(len(result.logits[0]), len(onnx_logits))
    for step in range(steps):
        ct2_row = np.array(result.logits[0][step], dtype=np.float64).ravel()
        kept = ct2_row > -1e30
        suppressed_ours = ~np.isfinite(onnx_model.filter_logits(onnx_logits[step], first=step == 0))
        if not np.array_equal(~kept, suppressed_ours):
            print(f"  step {step}: suppressed sets differ ({(~kept).sum()} ct2 vs {suppressed_ours.sum()} onnx)")
        worst = max(worst, float(np.max(np.abs(ct2_row[kept] - onnx_logits[step][kept]))))
    print(f"logits over {steps} steps: max |onnx - ct2| = {worst:.2e}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
