"""Generates the tiny random-weight Whisper test models (real architecture, tiny dimensions) and their
reference vectors. Deterministic: a fixed seed per model, a BPE learned from the committed corpus.

usage: python -m tools.make_tiny OUT_DIR [--shared-data DIR]
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from . import model_dir
from .mel import log_mel_spectrogram, pad_or_trim_frames, read_wav_16k_mono
from .onnx_greedy import OnnxWhisper
from .quantize import SUFFIX, quantize_model_dir
from .tokenizer_files import (ByteLevelBpe, SpecialIds, bpe_vocab, bytes_to_unicode, non_speech_tokens,
                              tokenizer_json, train_bpe)
from .whisper_config import default_suppress, write_compact_json, write_json
from .whisper_graph import N_AUDIO_CTX, WhisperDims, sinusoids

N_MERGES_EN = 256  # .en: 512 BPE tokens, eot = 512; multilingual: one merge more, eot = 513 (as 50256 vs 50257)
D_MODEL, HEADS, LAYERS, N_MELS = 32, 2, 2, 80
REFERENCE_WAV = "speech/librispeech-sample/wav/1089-134686-0000.wav"
REFERENCE_SAMPLES = 5 * 16000
MEL_FILE = "reference-mel.f32"
SPECIAL_TOKEN_SCALE = 0.6  # embedding scale of specials and timestamps (eot excluded)
POSITION_SCALE = 3.0  # std of the learned decoder positions
EOT_RAMP_START, EOT_RAMP_SLOPE = 30, 0.1  # positions past 30 add (p - 30) * 0.1 * E[eot]

MODELS = {
    # name: (multilingual, seed, with int8 *_quantized.onnx variant, decoders with the logits_rows and beam_index
    # inputs)
    "whisper-tiny-random": (True, 1234, True, True),
    # without them, as optimum exports and models built before 2026-11-30: tests cover both layouts
    "whisper-tiny-random.en": (False, 4321, False, False),
}


def random_weights(dims: WhisperDims, n_text: int, seed: int) -> dict[str, np.ndarray]:
    """Random weights with Whisper's parameter set. Scales keep activations O(1) and make attention and
    the argmax depend on audio and position (so greedy output is not one repeated token)."""
    rng = np.random.default_rng(seed)
    d, f = dims.d_model, dims.ffn_dim
    w: dict[str, np.ndarray] = {}

    def normal(name: str, shape, std: float) -> None:
        w[name] = (rng.standard_normal(shape) * std).astype(np.float32)

    def layer_norm(name: str) -> None:
        w[f"{name}.weight"] = (1.0 + 0.1 * rng.standard_normal(d)).astype(np.float32)
        w[f"{name}.bias"] = (0.1 * rng.standard_normal(d)).astype(np.float32)

    def linear(name: str, n_in: int, n_out: int, bias: bool = True, gain: float = 1.0) -> None:
        normal(f"{name}.weight", (n_out, n_in), gain / np.sqrt(n_in))
        if bias:
            normal(f"{name}.bias", (n_out,), 0.1)

    def attention(name: str) -> None:
        linear(f"{name}.q_proj", d, d, gain=2.0)
        linear(f"{name}.k_proj", d, d, bias=False, gain=2.0)
        linear(f"{name}.v_proj", d, d)
        linear(f"{name}.out_proj", d, d)

    normal("model.encoder.conv1.weight", (d, dims.n_mels, 3), 1 / np.sqrt(3 * dims.n_mels))
    normal("model.encoder.conv1.bias", (d,), 0.1)
    normal("model.encoder.conv2.weight", (d, d, 3), 1 / np.sqrt(3 * d))
    normal("model.encoder.conv2.bias", (d,), 0.1)
    w["model.encoder.embed_positions.weight"] = sinusoids(N_AUDIO_CTX, d)
    for i in range(dims.encoder_layers):
        p = f"model.encoder.layers.{i}"
        layer_norm(f"{p}.self_attn_layer_norm")
        attention(f"{p}.self_attn")
        layer_norm(f"{p}.final_layer_norm")
        linear(f"{p}.fc1", d, f)
        linear(f"{p}.fc2", f, d)
    layer_norm("model.encoder.layer_norm")

    # text tokens outweigh specials/timestamps, and positions outweigh the input token (a token whose
    # own embedding dominates the residual stream would be predicted again and again)
    normal("model.decoder.embed_tokens.weight", (dims.vocab_size, d), 1.0)
    w["model.decoder.embed_tokens.weight"][n_text + 1:] *= SPECIAL_TOKEN_SCALE
    normal("model.decoder.embed_positions.weight", (dims.max_target_positions, d), POSITION_SCALE)
    # later positions lean more and more towards eot, so greedy decoding ends on eot after some text
    ramp = np.maximum(0, np.arange(dims.max_target_positions) - EOT_RAMP_START) * EOT_RAMP_SLOPE
    w["model.decoder.embed_positions.weight"] += (ramp[:, None] * w["model.decoder.embed_tokens.weight"][n_text]).astype(np.float32)
    for i in range(dims.decoder_layers):
        p = f"model.decoder.layers.{i}"
        layer_norm(f"{p}.self_attn_layer_norm")
        attention(f"{p}.self_attn")
        layer_norm(f"{p}.encoder_attn_layer_norm")
        attention(f"{p}.encoder_attn")
        layer_norm(f"{p}.final_layer_norm")
        linear(f"{p}.fc1", d, f)
        linear(f"{p}.fc2", f, d)
    layer_norm("model.decoder.layer_norm")
    return w


def tokenizer(multilingual: bool) -> tuple[dict[str, int], list, SpecialIds, ByteLevelBpe]:
    with open(os.path.join(os.path.dirname(__file__), "bpe_corpus.txt"), encoding="utf-8") as f:
        corpus = f.read()
    merges = train_bpe(corpus, N_MERGES_EN + (1 if multilingual else 0))
    vocab = bpe_vocab(merges)
    return vocab, merges, SpecialIds.after(len(vocab)), ByteLevelBpe(vocab, merges)


def decode_text(tokens: list[int], vocab: dict[str, int], eot: int) -> str:
    by_id = {i: s for s, i in vocab.items()}
    byte_of = {c: b for b, c in bytes_to_unicode().items()}
    data = bytes(byte_of[c] for t in tokens if t < eot for c in by_id[t])
    return data.decode("utf-8", errors="replace")


def reference_mel(shared_data: str) -> np.ndarray:
    """openai transcribe() convention: log-mel of the clip + 30 s of zeros (global max), first window sliced
    to the real frames; the caller zero-pads (0.0) to 3000 frames."""
    audio = read_wav_16k_mono(os.path.join(shared_data, REFERENCE_WAV))[:REFERENCE_SAMPLES]
    return log_mel_spectrogram(audio, N_MELS, padding=480000)[:, : REFERENCE_SAMPLES // 160]


def _greedy_both_layouts(model: OnnxWhisper, mel: np.ndarray):
    states = model.encode(pad_or_trim_frames(mel))
    initial = model.initial_tokens()
    tokens, logits = model.greedy(states, initial)
    tokens_merged, _ = model.greedy(states, initial, use_merged=True)
    if tokens != tokens_merged:
        raise AssertionError(f"merged decoder disagrees: {tokens} vs {tokens_merged}")
    return states, initial, tokens, logits


def write_reference(out_dir: str, mel: np.ndarray, vocab, ids: SpecialIds, quantized: bool) -> dict:
    states, initial, tokens, logits = _greedy_both_layouts(OnnxWhisper(out_dir), mel)
    reference = {
        "description": "Greedy decoding of this model on a fixed log-mel input, without timestamps, "
                       "with generation_config suppress_tokens every step and begin_suppress_tokens at the "
                       "first sampled position; stops at eot or 224 sampled tokens. Made by tools/make_tiny.py.",
        "mel": {
            "file": f"../{MEL_FILE}",
            "format": "float32 little-endian, row-major [n_mels, frames]",
            "shape": list(mel.shape),
            "pad_to_frames": 3000,
            "pad_value": 0.0,
            "source": f"<shared data>/{REFERENCE_WAV}, first {REFERENCE_SAMPLES} samples",
            "recipe": "log_mel_spectrogram(clip, n_mels=80, padding=480000) (openai audio.py: periodic Hann, "
                      "reflect-centred STFT, last frame dropped, Slaney mel, log10 clamp at global max - 8, "
                      "(x+4)/4), then frames [0, 500)",
        },
        "encoder": {
            "last_hidden_state_shape": list(states.shape),
            "first_frame_first_8": [round(float(v), 6) for v in states[0, 0, :8]],
            "last_frame_first_8": [round(float(v), 6) for v in states[0, -1, :8]],
            "mean": round(float(states.mean()), 6),
            "mean_abs": round(float(np.abs(states).mean()), 6),
        },
        "initial_tokens": initial,
        "sampled_tokens": tokens,
        "ends_with_eot": tokens[-1] == ids.eot,
        "text": decode_text(tokens, vocab, ids.eot),
        "first_step_logits": {
            "argmax_unfiltered": int(np.argmax(logits[0])),
            "first_8": [round(float(v), 5) for v in logits[0][:8]],
            "eot": round(float(logits[0][ids.eot]), 5),
        },
        "tolerance": {"encoder": 1e-4, "logits": 1e-3},
    }
    if quantized:
        reference["sampled_tokens_quantized"] = _greedy_both_layouts(OnnxWhisper(out_dir, suffix=SUFFIX), mel)[2]
    write_json(os.path.join(out_dir, "reference.json"), reference)
    return reference


def tiny_dims(ids: SpecialIds) -> WhisperDims:
    return WhisperDims(n_mels=N_MELS, d_model=D_MODEL, encoder_layers=LAYERS, encoder_heads=HEADS,
                       decoder_layers=LAYERS, decoder_heads=HEADS, ffn_dim=4 * D_MODEL, vocab_size=ids.vocab_size())


def tiny_weights(name: str) -> dict[str, np.ndarray]:
    """The weights of one tiny model, regenerated from its seed."""
    multilingual, seed, *_ = MODELS[name]
    ids = tokenizer(multilingual)[2]
    return random_weights(tiny_dims(ids), ids.eot, seed)


def make_model(root: str, name: str, multilingual: bool, seed: int, quantized: bool, medasr_inputs: bool,
               mel: np.ndarray | None) -> None:
    out_dir = os.path.join(root, name)
    os.makedirs(out_dir, exist_ok=True)
    vocab, merges, ids, bpe = tokenizer(multilingual)
    dims = tiny_dims(ids)
    weights = random_weights(dims, ids.eot, seed)
    # our builds' inputs and fused encoder in one model, optimum's standard layout in the other: tests cover both
    model_dir.write_onnx(weights, dims, out_dir, medasr_inputs=medasr_inputs, fused=medasr_inputs)
    suppress = default_suppress(non_speech_tokens(bpe), ids)
    begin_suppress = bpe.encode(" ") + [ids.eot]
    heads = [[l, h] for l in range(LAYERS // 2, LAYERS) for h in range(HEADS)]
    model_dir.write_configs(out_dir, dims, ids, multilingual, suppress, begin_suppress, heads, name)
    write_compact_json(os.path.join(out_dir, "tokenizer.json"), tokenizer_json(vocab, merges, ids))
    if quantized:
        quantize_model_dir(out_dir)
    if mel is not None:
        ref = write_reference(out_dir, mel, vocab, ids, quantized)
        print(f"  {name}: {len(ref['sampled_tokens'])} tokens, eot={ref['ends_with_eot']}: {ref['text']!r}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--shared-data", default=None,
                        help="folder holding speech/librispeech-sample (default: <repo>/../shared/data)")
    args = parser.parse_args(argv)
    shared = args.shared_data or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    mel_path = os.path.join(args.out_dir, MEL_FILE)
    if os.path.exists(os.path.join(shared, REFERENCE_WAV)):
        mel = reference_mel(shared)
        os.makedirs(args.out_dir, exist_ok=True)
        mel.astype("<f4").tofile(mel_path)
    elif os.path.exists(mel_path):
        print(f"{REFERENCE_WAV} not found; reusing the committed {mel_path}")
        mel = np.fromfile(mel_path, dtype="<f4").reshape(N_MELS, -1)
    else:
        print(f"{REFERENCE_WAV} not found; writing models without reference vectors")
        mel = None
    for name, (multilingual, seed, quantized, medasr_inputs) in MODELS.items():
        print(f"model {name}")
        make_model(args.out_dir, name, multilingual, seed, quantized, medasr_inputs, mel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
