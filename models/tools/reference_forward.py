"""Plain numpy forward pass of Whisper over HF-named weights, written independently of whisper_graph.py
(float64, no cache) to check the ONNX graphs. Follows HF modeling_whisper.py / openai model.py."""
from __future__ import annotations

import numpy as np
from math import erf, sqrt

_erf = np.vectorize(erf)


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / sqrt(2.0)))


def _layer_norm(x, w, b, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _conv1d(x, w, b, stride):
    """x [C_in, T], w [C_out, C_in, 3], padding 1."""
    padded = np.pad(x, ((0, 0), (1, 1)))
    t_out = (x.shape[1] + 2 - 3) // stride + 1
    cols = np.stack([padded[:, k: k + stride * (t_out - 1) + 1: stride] for k in range(3)], axis=-1)  # [C_in, T_out, 3]
    return np.einsum("itk,oik->ot", cols, w) + b[:, None]


def _attention(w, prefix, x_q, x_kv, heads, causal):
    def proj(x, name, bias=True):
        y = x @ w[f"{prefix}.{name}.weight"].T
        return y + w[f"{prefix}.{name}.bias"] if bias else y

    d = x_q.shape[-1]
    hd = d // heads
    q = proj(x_q, "q_proj").reshape(len(x_q), heads, hd).transpose(1, 0, 2)
    k = proj(x_kv, "k_proj", bias=False).reshape(len(x_kv), heads, hd).transpose(1, 0, 2)
    v = proj(x_kv, "v_proj").reshape(len(x_kv), heads, hd).transpose(1, 0, 2)
    scores = q @ k.transpose(0, 2, 1) / sqrt(hd)
    if causal:
        scores = scores + np.triu(np.full((len(x_q), len(x_kv)), -np.inf), 1)
    scores = scores - scores.max(-1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(-1, keepdims=True)
    out = (probs @ v).transpose(1, 0, 2).reshape(len(x_q), d)
    return proj(out, "out_proj"), probs


def _mlp(w, prefix, x):
    h = _layer_norm(x, w[f"{prefix}.final_layer_norm.weight"], w[f"{prefix}.final_layer_norm.bias"])
    h = _gelu(h @ w[f"{prefix}.fc1.weight"].T + w[f"{prefix}.fc1.bias"])
    return x + h @ w[f"{prefix}.fc2.weight"].T + w[f"{prefix}.fc2.bias"]


def encode(w: dict, mel: np.ndarray, heads: int) -> np.ndarray:
    """mel [n_mels, 3000] -> [1500, d]"""
    w = {k: v.astype(np.float64) for k, v in w.items()}
    x = _gelu(_conv1d(mel.astype(np.float64), w["model.encoder.conv1.weight"], w["model.encoder.conv1.bias"], 1))
    x = _gelu(_conv1d(x, w["model.encoder.conv2.weight"], w["model.encoder.conv2.bias"], 2)).T
    x = x + w["model.encoder.embed_positions.weight"]
    i = 0
    while f"model.encoder.layers.{i}.fc1.weight" in w:
        p = f"model.encoder.layers.{i}"
        h = _layer_norm(x, w[f"{p}.self_attn_layer_norm.weight"], w[f"{p}.self_attn_layer_norm.bias"])
        x = x + _attention(w, f"{p}.self_attn", h, h, heads, causal=False)[0]
        x = _mlp(w, p, x)
        i += 1
    return _layer_norm(x, w["model.encoder.layer_norm.weight"], w["model.encoder.layer_norm.bias"])


def decode(w: dict, tokens: list[int], encoder_states: np.ndarray, heads: int):
    """Full (no-cache) decoder pass; returns logits [T, V] and cross-attention probabilities per layer [H, T, S]."""
    w = {k: v.astype(np.float64) for k, v in w.items()}
    embed = w["model.decoder.embed_tokens.weight"]
    x = embed[tokens] + w["model.decoder.embed_positions.weight"][: len(tokens)]
    enc = encoder_states.astype(np.float64)
    cross = []
    i = 0
    while f"model.decoder.layers.{i}.fc1.weight" in w:
        p = f"model.decoder.layers.{i}"
        h = _layer_norm(x, w[f"{p}.self_attn_layer_norm.weight"], w[f"{p}.self_attn_layer_norm.bias"])
        x = x + _attention(w, f"{p}.self_attn", h, h, heads, causal=True)[0]
        h = _layer_norm(x, w[f"{p}.encoder_attn_layer_norm.weight"], w[f"{p}.encoder_attn_layer_norm.bias"])
        out, probs = _attention(w, f"{p}.encoder_attn", h, enc, heads, causal=False)
        cross.append(probs)
        x = _mlp(w, p, x + out)
        i += 1
    x = _layer_norm(x, w["model.decoder.layer_norm.weight"], w["model.decoder.layer_norm.bias"])
    return x @ embed.T, cross
