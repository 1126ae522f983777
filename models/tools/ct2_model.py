"""Reads a CTranslate2 Whisper model directory (faster-whisper format) into HF-named float32 weights.

model.bin layout (CTranslate2 python/ctranslate2/specs/model_spec.py, binary version 6): see
whisper-onnx.md §6.1. Variable names map to the HF state dict as in §6.2: fused QKV / KV projections
are split; their key-bias slices are dropped (Whisper's key projection has no bias; a constant key
bias would not change the softmax anyway).
"""
from __future__ import annotations

import json
import os
import struct

import numpy as np

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}  # 5 = bfloat16, handled below


def read_model_bin(path: str) -> dict[str, np.ndarray]:
    """All variables of a CTranslate2 model.bin, aliases resolved, as stored (no dequantisation)."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def string() -> str:
        nonlocal pos
        (length,) = take("H")
        text = data[pos: pos + length - 1].decode("utf-8")  # length counts the trailing NUL
        pos += length
        return text

    (version,) = take("I")
    if version not in (5, 6):
        raise ValueError(f"{path}: unsupported CTranslate2 binary version {version}")
    spec = string()
    if spec != "WhisperSpec":
        raise ValueError(f"{path}: not a Whisper model (spec {spec!r})")
    take("I")  # spec revision
    (n_variables,) = take("I")
    variables: dict[str, np.ndarray] = {}
    for _ in range(n_variables):
        name = string()
        (rank,) = take("B")
        shape = take(f"{rank}I") if rank else ()
        (dtype_id,) = take("B")
        (n_bytes,) = take("I")
        if pos + n_bytes > len(data):
            raise ValueError(f"{path} is truncated: variable {name} ({n_variables} in all) ends at byte "
                             f"{pos + n_bytes}, the file has {len(data)}")
        raw = data[pos: pos + n_bytes]
        pos += n_bytes
        if dtype_id == 5:  # bfloat16: the high half of a float32
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype_id in _DTYPES:
            array = np.frombuffer(raw, dtype=np.dtype(_DTYPES[dtype_id]).newbyteorder("<"))
        else:
            raise ValueError(f"{path}: variable {name} has unknown dtype id {dtype_id}")
        variables[name] = array.reshape(shape)
    (n_aliases,) = take("I")
    for _ in range(n_aliases):
        alias, target = string(), string()
        variables[alias] = variables[target]
    if pos != len(data):
        raise ValueError(f"{path}: {len(data) - pos} trailing bytes")
    return variables


def dequantize(variables: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """float32 copies of all float/quantized tensors: int8 per-row (q / scale[row]), int16 global (q / scale),
    float16/bfloat16 widened. Scale variables and scalars are dropped."""
    out = {}
    for name, array in variables.items():
        if name.endswith("_scale") or array.ndim == 0:
            continue
        scale = variables.get(f"{name}_scale")
        if scale is not None:
            scale = np.asarray(scale, dtype=np.float32)
            if scale.ndim == 1:
                scale = scale.reshape((-1,) + (1,) * (array.ndim - 1))
            out[name] = array.astype(np.float32) / scale
        elif np.issubdtype(array.dtype, np.floating):
            out[name] = array.astype(np.float32)
    return out


def to_hf(ct2: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """CT2 WhisperSpec names -> HF WhisperForConditionalGeneration state-dict names (float32)."""
    w: dict[str, np.ndarray] = {}
    d = ct2["decoder/embeddings/weight"].shape[1]

    def ln(hf: str, c: str) -> None:
        w[f"{hf}.weight"], w[f"{hf}.bias"] = ct2[f"{c}/gamma"], ct2[f"{c}/beta"]

    def lin(hf: str, c: str, rows: slice = slice(None), bias: bool = True) -> None:
        w[f"{hf}.weight"] = ct2[f"{c}/weight"][rows]
        if bias:
            w[f"{hf}.bias"] = ct2[f"{c}/bias"][rows]

    def self_attention(hf: str, c: str) -> None:
        lin(f"{hf}.q_proj", f"{c}/linear_0", slice(0, d))
        lin(f"{hf}.k_proj", f"{c}/linear_0", slice(d, 2 * d), bias=False)
        lin(f"{hf}.v_proj", f"{c}/linear_0", slice(2 * d, 3 * d))
        lin(f"{hf}.out_proj", f"{c}/linear_1")

    def ffn(hf: str, c: str) -> None:
        ln(f"{hf}.final_layer_norm", f"{c}/ffn/layer_norm")
        lin(f"{hf}.fc1", f"{c}/ffn/linear_0")
        lin(f"{hf}.fc2", f"{c}/ffn/linear_1")

    for conv in ("conv1", "conv2"):
        lin(f"model.encoder.{conv}", f"encoder/{conv}")
    w["model.encoder.embed_positions.weight"] = ct2["encoder/position_encodings/encodings"]
    i = 0
    while f"encoder/layer_{i}/ffn/linear_0/weight" in ct2:
        hf, c = f"model.encoder.layers.{i}", f"encoder/layer_{i}"
        ln(f"{hf}.self_attn_layer_norm", f"{c}/self_attention/layer_norm")
        self_attention(f"{hf}.self_attn", f"{c}/self_attention")
        ffn(hf, c)
        i += 1
    ln("model.encoder.layer_norm", "encoder/layer_norm")

    w["model.decoder.embed_tokens.weight"] = ct2["decoder/embeddings/weight"]
    w["model.decoder.embed_positions.weight"] = ct2["decoder/position_encodings/encodings"]
    i = 0
    while f"decoder/layer_{i}/ffn/linear_0/weight" in ct2:
        hf, c = f"model.decoder.layers.{i}", f"decoder/layer_{i}"
        ln(f"{hf}.self_attn_layer_norm", f"{c}/self_attention/layer_norm")
        self_attention(f"{hf}.self_attn", f"{c}/self_attention")
        ln(f"{hf}.encoder_attn_layer_norm", f"{c}/attention/layer_norm")
        lin(f"{hf}.encoder_attn.q_proj", f"{c}/attention/linear_0")
        lin(f"{hf}.encoder_attn.k_proj", f"{c}/attention/linear_1", slice(0, d), bias=False)
        lin(f"{hf}.encoder_attn.v_proj", f"{c}/attention/linear_1", slice(d, 2 * d))
        lin(f"{hf}.encoder_attn.out_proj", f"{c}/attention/linear_2")
        ffn(hf, c)
        i += 1
    ln("model.decoder.layer_norm", "decoder/layer_norm")
    projection = ct2.get("decoder/projection/weight")
    if projection is not None and not np.array_equal(projection, w["model.decoder.embed_tokens.weight"]):
        raise ValueError("output projection is not tied to the token embedding; this graph builder assumes it is")
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in w.items()}


def read_ct2_weights(ct2_dir: str) -> tuple[dict[str, np.ndarray], dict]:
    """HF-named float32 weights and {encoder_heads, decoder_heads, stored_dtypes} of a CT2 Whisper dir."""
    variables = read_model_bin(os.path.join(ct2_dir, "model.bin"))
    info = {
        "encoder_heads": int(variables["encoder/num_heads"]),
        "decoder_heads": int(variables["decoder/num_heads"]),
        "stored_dtypes": sorted({str(v.dtype) for v in variables.values() if v.ndim > 0}),
    }
    return to_hf(dequantize(variables)), info


def read_ct2_config(ct2_dir: str) -> dict:
    with open(os.path.join(ct2_dir, "config.json"), encoding="utf-8") as f:
        return json.load(f)
