"""Builds BART ONNX graphs in the Hugging Face / optimum export layout from HF-named numpy weights.

Weights are keyed like BartForConditionalGeneration's state dict (`model.shared.weight`,
`model.encoder.layers.0.self_attn.q_proj.weight`, ..., `final_logits_bias`; Linear weights [out, in]).
whisper_graph.py's _Graph and _Layers do the node bookkeeping and the blocks the two models share
(projections, LayerNorm, GELU, heads, masked attention), so both kinds of graph store weights the same
way: Linear weights transposed (name suffix `.T`) and the shared token embedding once, transposed
([d, V]), for the input lookups and the tied lm_head.

Math (HF modeling_bart.py, facebook/bart-base config): post-LN blocks (residual add, then LayerNorm,
eps 1e-5), `layernorm_embedding` after token + position embeddings, no embedding scale, learned
positions with BART's offset 2 (position p reads row p + 2), q/k/v/out projections with bias, q scaled
by head_dim^-0.5 after its bias, exact (erf) GELU, source positions whose mask is 0 hidden from encoder
self-attention and decoder cross-attention, lm_head = hidden @ shared^T + final_logits_bias.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper

from .whisper_graph import _finish_outputs, _Graph, _Layers, _model

POSITION_OFFSET = 2  # BartLearnedPositionalEmbedding: the first two rows of each position table are never read
SHARED_T = "model.shared.weight.T"


@dataclass(frozen=True)
class BartDims:
    d_model: int
    encoder_layers: int
    encoder_heads: int
    decoder_layers: int
    decoder_heads: int
    ffn_dim: int
    vocab_size: int
    max_position_embeddings: int

    @property
    def head_dim(self) -> int:
        return self.d_model // self.decoder_heads


def _embed(g: _Graph, L: _Layers, ids: str, positions: str, part: str) -> str:
    """layernorm_embedding(shared[ids] + embed_positions[positions + 2]) -> [B, T, d]; positions int64 [T]."""
    embed_t = g.weight(SHARED_T, L.w["model.shared.weight"].T)
    tokens = g.op("Transpose", [g.op("Gather", [embed_t, ids], "embed", axis=1)], perm=[1, 2, 0])
    table = g.weight(f"model.{part}.embed_positions.weight", L.w[f"model.{part}.embed_positions.weight"])
    rows = g.op("Add", [positions, g.const(POSITION_OFFSET)], "position_rows")
    x = g.op("Add", [tokens, g.op("Gather", [table, rows], "pos_embed", axis=0)], "embedded")
    return L.layer_norm(x, f"model.{part}.layernorm_embedding")


def _padding(g: _Graph, mask: str) -> str:
    """attention mask int64 [B, S] -> bool [B, 1, 1, S], true at the positions (mask 0) no query may see."""
    return g.op("Equal", [g.op("Unsqueeze", [mask, g.const([1, 2])]), g.const(0)], "padding")


def _keys_values(L: _Layers, x: str, name: str, heads: int) -> tuple[str, str]:
    return (L.split_heads(L.linear(x, f"{name}.k_proj"), heads),
            L.split_heads(L.linear(x, f"{name}.v_proj"), heads))


def _add_norm(g: _Graph, L: _Layers, x: str, delta: str, norm: str) -> str:
    """The post-LN residual step: LayerNorm(x + delta)."""
    return L.layer_norm(g.op("Add", [x, delta], "residual"), norm)


def _ffn(g: _Graph, L: _Layers, x: str, name: str) -> str:
    delta = L.linear(L.gelu(L.linear(x, f"{name}.fc1")), f"{name}.fc2")
    return _add_norm(g, L, x, delta, f"{name}.final_layer_norm")


def _range(g: _Graph, start: str, end: str, hint: str) -> str:
    """int64 [end - start] from two int64 [1] values."""
    axis0 = g.const([0])
    return g.op("Range", [g.op("Squeeze", [start, axis0]), g.op("Squeeze", [end, axis0]), g.const(1)], hint)


def build_encoder(w: dict[str, np.ndarray], dims: BartDims) -> onnx.ModelProto:
    """encoder_model.onnx: input_ids, attention_mask int64 [B, S] -> last_hidden_state f32 [B, S, d]."""
    g = _Graph({})
    L = _Layers(g, w, dims)
    H = dims.encoder_heads
    positions = _range(g, g.const([0]), g.op("Shape", ["input_ids"], "n_tokens", start=1, end=2), "positions")
    x = _embed(g, L, "input_ids", positions, "encoder")
    padding = _padding(g, "attention_mask")
    for i in range(dims.encoder_layers):
        name = f"model.encoder.layers.{i}"
        k, v = _keys_values(L, x, f"{name}.self_attn", H)
        attn, _ = L.attend(L.query(x, f"{name}.self_attn", H), k, v, f"{name}.self_attn", mask=padding)
        x = _ffn(g, L, _add_norm(g, L, x, attn, f"{name}.self_attn_layer_norm"), name)
    _finish_outputs(g, {"last_hidden_state": x}, ["last_hidden_state"])
    graph = helper.make_graph(
        g.nodes, "bart_encoder",
        [_ids_input("input_ids", "encoder_sequence_length"), _ids_input("attention_mask", "encoder_sequence_length")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch_size", "encoder_sequence_length", dims.d_model])],
        initializer=list(g.initializers.values()))
    return _model(graph, "encoder")


def _decoder_body(g: _Graph, w: dict[str, np.ndarray], dims: BartDims, with_past: bool) -> dict[str, str]:
    """Decoder nodes over the outer inputs; returns {output name: value name}."""
    L = _Layers(g, w, dims)
    H = dims.decoder_heads
    outputs: dict[str, str] = {}
    n_tokens = g.op("Shape", ["input_ids"], "n_tokens", start=1, end=2)
    n_past = (g.op("Shape", ["past_key_values.0.decoder.key"], "n_past", start=2, end=3) if with_past
              else g.const([0]))
    n_total = g.op("Add", [n_past, n_tokens], "n_total")
    positions = _range(g, n_past, n_total, "positions")
    key_positions = _range(g, g.const([0]), n_total, "key_positions")
    # causal mask [T, P+T]: the query at position p may not see keys after p (new tokens among themselves too)
    future = g.op("Greater", [g.op("Unsqueeze", [key_positions, g.const([0])]),
                              g.op("Unsqueeze", [positions, g.const([1])])], "future")
    padding = _padding(g, "encoder_attention_mask")
    x = _embed(g, L, "input_ids", positions, "decoder")

    for i in range(dims.decoder_layers):
        name = f"model.decoder.layers.{i}"
        k, v = _keys_values(L, x, f"{name}.self_attn", H)
        if with_past:
            k = g.op("Concat", [f"past_key_values.{i}.decoder.key", k], "self_key", axis=2)
            v = g.op("Concat", [f"past_key_values.{i}.decoder.value", v], "self_value", axis=2)
        outputs[f"present.{i}.decoder.key"], outputs[f"present.{i}.decoder.value"] = k, v
        attn, _ = L.attend(L.query(x, f"{name}.self_attn", H), k, v, f"{name}.self_attn", mask=future)
        x = _add_norm(g, L, x, attn, f"{name}.self_attn_layer_norm")

        if with_past:
            ck, cv = f"past_key_values.{i}.encoder.key", f"past_key_values.{i}.encoder.value"
        else:
            ck, cv = _keys_values(L, "encoder_hidden_states", f"{name}.encoder_attn", H)
            outputs[f"present.{i}.encoder.key"], outputs[f"present.{i}.encoder.value"] = ck, cv
        attn, _ = L.attend(L.query(x, f"{name}.encoder_attn", H), ck, cv, f"{name}.encoder_attn", mask=padding)
        x = _ffn(g, L, _add_norm(g, L, x, attn, f"{name}.encoder_attn_layer_norm"), name)

    logits = g.op("MatMul", [x, g.weight(SHARED_T, w["model.shared.weight"].T)], "lm_head")
    outputs["logits"] = g.op("Add", [logits, g.weight("final_logits_bias", w["final_logits_bias"])], "logits")
    return outputs


def _ids_input(name: str, axis: str) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", axis])


def _kv_names(dims: BartDims, prefix: str, parts: tuple[str, ...]) -> list[str]:
    return [f"{prefix}.{i}.{part}.{kv}" for i in range(dims.decoder_layers)
            for part in parts for kv in ("key", "value")]


def _float_infos(dims: BartDims, names: list[str], decoder_axis: str) -> list[onnx.ValueInfoProto]:
    """logits [B, T, V]; decoder keys/values [B, H, decoder_axis, hd]; encoder ones [B, H, S, hd]."""
    infos = []
    for name in names:
        if name == "logits":
            shape = ["batch_size", "decoder_sequence_length", dims.vocab_size]
        else:
            axis = "encoder_sequence_length_out" if ".encoder." in name else decoder_axis
            shape = ["batch_size", dims.decoder_heads, axis, dims.head_dim]
        infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
    return infos


def build_decoder(w: dict[str, np.ndarray], dims: BartDims) -> onnx.ModelProto:
    """decoder_model.onnx: encoder_attention_mask, input_ids, encoder_hidden_states -> logits, then per layer
    present.{i}.decoder.key/value and present.{i}.encoder.key/value."""
    g = _Graph({})
    produced = _decoder_body(g, w, dims, with_past=False)
    names = ["logits"] + _kv_names(dims, "present", ("decoder", "encoder"))
    _finish_outputs(g, produced, names)
    inputs = [_ids_input("encoder_attention_mask", "encoder_sequence_length"),
              _ids_input("input_ids", "decoder_sequence_length"),
              helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT,
                                            ["batch_size", "encoder_sequence_length", dims.d_model])]
    graph = helper.make_graph(g.nodes, "bart_decoder", inputs, _float_infos(dims, names, "decoder_sequence_length"),
                              initializer=list(g.initializers.values()))
    return _model(graph, "decoder")


def build_decoder_with_past(w: dict[str, np.ndarray], dims: BartDims) -> onnx.ModelProto:
    """decoder_with_past_model.onnx: encoder_attention_mask, input_ids, past_key_values.* -> logits and
    present.{i}.decoder.key/value (optimum's with-past BART does not re-emit the encoder ones)."""
    g = _Graph({})
    produced = _decoder_body(g, w, dims, with_past=True)
    names = ["logits"] + _kv_names(dims, "present", ("decoder",))
    _finish_outputs(g, produced, names)
    inputs = [_ids_input("encoder_attention_mask", "encoder_sequence_length"),
              _ids_input("input_ids", "decoder_sequence_length")]
    inputs += _float_infos(dims, _kv_names(dims, "past_key_values", ("decoder", "encoder")),
                           "past_decoder_sequence_length")
    total = "past_decoder_sequence_length + decoder_sequence_length"
    graph = helper.make_graph(g.nodes, "bart_decoder_with_past", inputs, _float_infos(dims, names, total),
                              initializer=list(g.initializers.values()))
    return _model(graph, "decoder_with_past")
