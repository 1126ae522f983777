"""Checks the ONNX graphs against the independent numpy forward pass (tools/reference_forward.py).

For the tiny models (weights regenerated from their seed) and, with --weights-from-ct2, for a model
built from CTranslate2 weights. Checks: encoder output; decoder_model logits, presents and
cross_attentions on a multi-token prompt (batch 2); decoder_with_past and decoder_model_merged (both
branches) step by step against the full no-cache pass. Not part of CI (needs a minute for big models).

usage: python -m tools.verify_graph [--tiny-dir models/tiny] [--model-dir DIR --ct2-dir DIR]
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from . import reference_forward as ref
from .onnx_greedy import BEAM_INDEX, OnnxWhisper, run_all_rows

TOLERANCE_ENCODER = 1e-4
TOLERANCE_LOGITS = 1e-3


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, what: str, got: np.ndarray, want: np.ndarray, tol: float) -> None:
        diff = float(np.max(np.abs(np.asarray(got, np.float64) - np.asarray(want, np.float64))))
        scale = float(np.max(np.abs(want)))
        ok = diff <= tol * max(1.0, scale)
        self.failures += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} {what}: max |diff| {diff:.2e} (max |ref| {scale:.2e})")


def verify(model_dir: str, weights: dict[str, np.ndarray], mel: np.ndarray) -> int:
    report = Report()
    model = OnnxWhisper(model_dir, threads=2)
    heads = model.n_heads
    enc_heads = model.config["encoder_attention_heads"]
    states = model.encode(mel)
    want_states = ref.encode(weights, mel, enc_heads)
    report.check("encoder last_hidden_state", states[0], want_states, TOLERANCE_ENCODER * 10)

    prompt = model.initial_tokens()
    sampled, _ = model.greedy(states, prompt, max_new_tokens=12)
    tokens = prompt + sampled
    want_logits, want_cross = ref.decode(weights, tokens, states[0], heads)

    # decoder_model, batch of two: the sequence and the same sequence on other audio
    other = model.encode(mel[:, ::-1].copy())
    batch_states = np.concatenate([states, other])
    out_names = [o.name for o in model.decoder.get_outputs()]
    out = run_all_rows(model.decoder, out_names, {
        "input_ids": np.array([tokens, tokens], dtype=np.int64), "encoder_hidden_states": batch_states})
    report.check("decoder_model logits [0]", out["logits"][0], want_logits, TOLERANCE_LOGITS)
    other_logits, _ = ref.decode(weights, tokens, other[0], heads)
    report.check("decoder_model logits [1] (other audio)", out["logits"][1], other_logits, TOLERANCE_LOGITS)
    for i, probs in enumerate(want_cross):
        report.check(f"decoder_model cross_attentions.{i}", out[f"cross_attentions.{i}"][0], probs, 1e-4)
    expected_shape = (2, heads, len(tokens), model.head_dim)
    shapes_ok = all(out[f"present.{i}.decoder.{kv}"].shape == expected_shape for i in range(model.n_layers)
                    for kv in ("key", "value"))
    report.failures += not shapes_ok
    print(f"  {'ok  ' if shapes_ok else 'FAIL'} present.*.decoder.* shape {expected_shape}")

    # incremental decoding: prompt in one call, then one token per call, split and merged layouts
    for layout in ("split", "merged"):
        if layout == "merged" and model.merged is None:
            continue
        got = _incremental_logits(model, states, tokens, len(prompt), merged=layout == "merged")
        report.check(f"{layout} incremental logits (positions {len(prompt) - 1}..{len(tokens) - 1})",
                     got, want_logits[len(prompt) - 1:], TOLERANCE_LOGITS)
    if any(i.name == BEAM_INDEX for i in model.decoder_with_past.get_inputs()):
        _check_beam_steps(model, weights, states, tokens, report)
    return report.failures


def _check_beam_steps(model: OnnxWhisper, weights, states, tokens: list[int], report: Report) -> None:
    """decoder_with_past as beam search runs it: three beams continue one sequence, then two beams continue the
    third and the first of them; each row's logits must be those of its own whole sequence."""
    out = run_all_rows(model.decoder, [o.name for o in model.decoder.get_outputs()],
                       {"input_ids": np.array([tokens], dtype=np.int64), "encoder_hidden_states": states})
    encoder_past = model.pasts(out, "encoder")
    sequences = [list(tokens)]
    for step_tokens, sources in (([440, 441, 442], [0, 0, 0]), ([443, 444], [2, 0])):
        feeds = {"input_ids": np.array([[t] for t in step_tokens], dtype=np.int64),
                 BEAM_INDEX: np.array(sources, dtype=np.int64), **encoder_past, **model.pasts(out, "decoder")}
        out = run_all_rows(model.decoder_with_past, [o.name for o in model.decoder_with_past.get_outputs()], feeds)
        sequences = [sequences[source] + [token] for source, token in zip(sources, step_tokens)]
        want = np.stack([ref.decode(weights, seq, states[0], model.n_heads)[0][-1] for seq in sequences])
        report.check(f"decoder_with_past beam step, beam_index {sources}", out["logits"][:, -1], want,
                     TOLERANCE_LOGITS)


def _incremental_logits(model: OnnxWhisper, states, tokens: list[int], n_prompt: int, merged: bool) -> np.ndarray:
    feeds = {"input_ids": np.array([tokens[:n_prompt]], dtype=np.int64), "encoder_hidden_states": states}
    session = model.merged if merged else model.decoder
    if merged:
        feeds.update(model.empty_past())
        feeds["use_cache_branch"] = np.array([False])
    names = [o.name for o in session.get_outputs()]
    out = run_all_rows(session, names, feeds)
    rows = [out["logits"][0, -1]]
    encoder_past = model.pasts(out, "encoder")
    for position in range(n_prompt, len(tokens)):
        feeds = {"input_ids": np.array([[tokens[position]]], dtype=np.int64), **encoder_past,
                 **model.pasts(out, "decoder")}
        if merged:
            feeds["encoder_hidden_states"] = states
            feeds["use_cache_branch"] = np.array([True])
        else:
            session = model.decoder_with_past
            names = [o.name for o in session.get_outputs()]
        out = run_all_rows(session, names, feeds)
        rows.append(out["logits"][0, -1])
    return np.stack(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny-dir", default=os.path.join(os.path.dirname(__file__), "..", "tiny"))
    parser.add_argument("--model-dir", help="a model directory built by build-model.sh")
    parser.add_argument("--ct2-dir", help="the CTranslate2 directory the model was built from")
    args = parser.parse_args(argv)
    failures = 0
    if args.model_dir:
        from .ct2_model import read_ct2_weights
        weights, _ = read_ct2_weights(args.ct2_dir)
        mel = np.fromfile(os.path.join(args.tiny_dir, "reference-mel.f32"), dtype="<f4").reshape(80, -1)
        mel = np.pad(mel, ((0, 0), (0, 3000 - mel.shape[1])))
        print(args.model_dir)
        failures += verify(args.model_dir, weights, mel)
    else:
        from .make_tiny import MODELS, tiny_weights
        rng = np.random.default_rng(7)
        mel = rng.uniform(-1.0, 1.5, size=(80, 3000)).astype(np.float32)
        for name in MODELS:
            print(name)
            failures += verify(os.path.join(args.tiny_dir, name), tiny_weights(name), mel)
    print("all checks passed" if failures == 0 else f"{failures} check(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
