"""Builds Whisper ONNX graphs in the Hugging Face / optimum export layout from HF-named numpy weights.

Weights come as a dict keyed like the HF state dict (`model.encoder.conv1.weight`, ...; Linear weights
[out, in]). Graph initializers keep those names; Linear weights are stored transposed ([in, out], name
suffix `.T`) so every projection is a plain MatMul that onnxruntime's dynamic quantizer can rewrite.
The decoder's self-attention query, key and value projections are stored side by side as one
(`qkv_proj`, key bias zero). The token embedding is stored once, transposed ([d, V]), and serves both
the input lookup (Gather on axis 1) and the tied output projection.

Math (openai/whisper model.py, HF modeling_whisper.py): pre-LN blocks, LayerNorm eps 1e-5, exact (erf)
GELU, key projections without bias, attention scores q.k^T / sqrt(head_dim) with the scale applied to
the projected query (bias included), folded into the query projection's weights and bias (suffix
`.scaled`): for 64-wide heads the scale is 1/8, so the floats are the same. Sinusoidal encoder positions
stored as data, learned decoder positions.

Every node runs on every decoder step (onnxruntime does not skip nodes whose outputs were not asked for),
so the decoders are written with as few nodes as give the same floats.

Standard ONNX operators throughout, except the encoder's self-attention, which is by default onnxruntime's
com.microsoft.MultiHeadAttention (it applies the same scale to the scores).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8  # the IR version that goes with opset 17; loadable by older onnxruntime builds too
N_AUDIO_CTX = 1500
CONTRIB_DOMAIN = "com.microsoft"  # onnxruntime's contrib operators


@dataclass(frozen=True)
class WhisperDims:
    n_mels: int
    d_model: int
    encoder_layers: int
    encoder_heads: int
    decoder_layers: int
    decoder_heads: int
    ffn_dim: int
    vocab_size: int
    max_target_positions: int = 448

    @property
    def head_dim(self) -> int:
        return self.d_model // self.decoder_heads

    @staticmethod
    def from_weights(w: dict[str, np.ndarray], encoder_heads: int, decoder_heads: int) -> "WhisperDims":
        def count(prefix: str) -> int:
            return len({k.split(".")[3] for k in w if k.startswith(prefix)})

        vocab, d = w["model.decoder.embed_tokens.weight"].shape
        return WhisperDims(
            n_mels=w["model.encoder.conv1.weight"].shape[1], d_model=d,
            encoder_layers=count("model.encoder.layers."), encoder_heads=encoder_heads,
            decoder_layers=count("model.decoder.layers."), decoder_heads=decoder_heads,
            ffn_dim=w["model.encoder.layers.0.fc1.weight"].shape[0], vocab_size=vocab,
            max_target_positions=w["model.decoder.embed_positions.weight"].shape[0])


class _Graph:
    """Accumulates the nodes and initializers of one graph."""

    def __init__(self, initializers: dict[str, TensorProto]):
        self.nodes: list[onnx.NodeProto] = []
        self.initializers = initializers
        self._count = 0

    def op(self, op_type: str, inputs: list[str], hint: str = "", n_out: int = 1, out: str | None = None,
           **attrs):
        self._count += 1
        base = f"{hint or op_type}_{self._count}"
        outputs = [out] if out else [base if n_out == 1 else f"{base}_{k}" for k in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=f"{base}_node", **attrs))
        return outputs[0] if n_out == 1 else outputs

    def weight(self, name: str, array: np.ndarray) -> str:
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name)
        return name

    def const(self, values, dtype=np.int64) -> str:
        array = np.asarray(values, dtype=dtype)
        name = f"const_{np.dtype(dtype).name}_{'_'.join(str(v) for v in array.ravel()) or 'empty'}"
        if array.ndim == 0:
            name += "_scalar"
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(array, name)
        return name


class _Layers:
    """The Whisper building blocks over one _Graph."""

    def __init__(self, g: _Graph, w: dict[str, np.ndarray], dims: WhisperDims):
        self.g, self.w, self.dims = g, w, dims
        self._sequence_shape: str | None = None  # attend_shared's, made by its first call

    def linear(self, x: str, name: str, bias: bool = True, scale: float = 1.0) -> str:
        """x W^T + b, with W and b multiplied by scale (stored under their own names when it is not 1)."""
        suffix = "" if scale == 1.0 else ".scaled"
        y = self.g.op("MatMul", [x, self.g.weight(f"{name}.weight.T{suffix}", self.w[f"{name}.weight"].T * scale)],
                      "matmul")
        if bias:
            y = self.g.op("Add", [y, self.g.weight(f"{name}.bias{suffix}", self.w[f"{name}.bias"] * scale)], "bias")
        return y

    def layer_norm(self, x: str, name: str) -> str:
        return self.g.op("LayerNormalization", [x, self.g.weight(f"{name}.weight", self.w[f"{name}.weight"]),
                                                self.g.weight(f"{name}.bias", self.w[f"{name}.bias"])],
                         "layernorm", axis=-1, epsilon=1e-5)

    def gelu(self, x: str) -> str:
        g = self.g
        erf = g.op("Erf", [g.op("Div", [x, g.const(math.sqrt(2.0), np.float32)])])
        return g.op("Mul", [g.op("Mul", [x, g.op("Add", [erf, g.const(1.0, np.float32)])]),
                            g.const(0.5, np.float32)], "gelu")

    def split_heads(self, x: str, heads: int) -> str:
        """[B, T, d] -> [B, H, T, hd]"""
        shaped = self.g.op("Reshape", [x, self.g.const([0, 0, heads, self.dims.d_model // heads])])
        return self.g.op("Transpose", [shaped], perm=[0, 2, 1, 3])

    def merge_heads(self, x: str) -> str:
        """[B, H, T, hd] -> [B, T, d]"""
        t = self.g.op("Transpose", [x], perm=[0, 2, 1, 3])
        return self.g.op("Reshape", [t, self.g.const([0, 0, self.dims.d_model])])

    def query_projection(self, h: str, name: str, heads: int) -> str:
        """The query projection [B, T, d] with Whisper's scale 1/sqrt(head_dim) folded into its weights and bias: for
        64-wide heads the scale is 1/8, a power of two, so this gives the same floats as scaling the projection."""
        return self.linear(h, f"{name}.q_proj", scale=(self.dims.d_model // heads) ** -0.5)

    def query(self, h: str, name: str, heads: int) -> str:
        return self.split_heads(self.query_projection(h, name, heads), heads)

    def attend(self, q: str, k: str, v: str, name: str, mask: str | None = None) -> tuple[str, str]:
        """softmax(q k^T [masked]) v, then out_proj; returns (output [B, T, d], probabilities [B, H, T, S])."""
        g = self.g
        scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])], "scores")
        if mask is not None:
            scores = g.op("Where", [mask, g.const(-np.inf, np.float32), scores], "masked")
        probs = g.op("Softmax", [scores], "probs", axis=-1)
        context = self.merge_heads(g.op("MatMul", [probs, v], "context"))
        return self.linear(context, f"{name}.out_proj"), probs

    def attend_shared(self, q: str, k: str, v: str, name: str) -> tuple[str, str]:
        """attend() for the queries of several sequences, q = the query projection [B, T, d], against keys and values
        of one [1, H, S, hd]: the B * T queries become the rows of one product per head, so the keys and values are
        read once per run, not once per sequence. Returns the output [B, T, d] and the probabilities
        [1, H, B * T, S] (for B = 1, the layout of attend()'s)."""
        g = self.g
        H = self.dims.decoder_heads
        if self._sequence_shape is None:  # [B, T, d], the same for every layer
            self._sequence_shape = g.op("Concat", [g.op("Shape", [q], "sequences_shape", end=2),
                                                   g.const([self.dims.d_model])], "sequence_shape", axis=0)
        rows = g.op("Transpose", [g.op("Reshape", [q, g.const([1, -1, H, self.dims.head_dim])])], "query_rows",
                    perm=[0, 2, 1, 3])  # [1, H, B * T, hd]
        scores = g.op("MatMul", [rows, g.op("Transpose", [k], perm=[0, 1, 3, 2])], "scores")
        probs = g.op("Softmax", [scores], "probs", axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v], "context")], perm=[0, 2, 1, 3])  # [1, B * T, H, hd]
        context = g.op("Reshape", [context, self._sequence_shape], "context_rows")
        return self.linear(context, f"{name}.out_proj"), probs

    def self_projections(self, h: str, name: str, heads: int) -> tuple[str, str, str]:
        """The scaled query, key and value of h [B, T, d] as [B, H, T, hd] each, from one product with the three
        projections side by side (the key's bias is zero): one weight read and a third of the nodes of three."""
        scale = (self.dims.d_model // heads) ** -0.5  # folded as in query_projection
        w, d, hd = self.w, self.dims.d_model, self.dims.d_model // heads
        weight = np.concatenate([w[f"{name}.q_proj.weight"].T * scale, w[f"{name}.k_proj.weight"].T,
                                 w[f"{name}.v_proj.weight"].T], axis=1)
        bias = np.concatenate([w[f"{name}.q_proj.bias"] * scale, np.zeros(d, np.float32), w[f"{name}.v_proj.bias"]])
        g = self.g
        qkv = g.op("Add", [g.op("MatMul", [h, g.weight(f"{name}.qkv_proj.weight.T", weight)], "matmul"),
                           g.weight(f"{name}.qkv_proj.bias", bias)], "bias")
        heads_qkv = g.op("Transpose", [g.op("Reshape", [qkv, g.const([0, 0, 3 * heads, hd])])], perm=[0, 2, 1, 3])
        return tuple(g.op("Split", [heads_qkv, g.const([heads, heads, heads])], "qkv", n_out=3, axis=1))

    def fused_self_attention(self, h: str, name: str, heads: int) -> str:
        """attend() over the projections of h as one com.microsoft.MultiHeadAttention node: onnxruntime's CPU
        kernel computes softmax(q k^T / sqrt(head_dim)) v block by block (flash attention), so the [B, H, T, T]
        scores are never written out, and its default scale is Whisper's."""
        q = self.linear(h, f"{name}.q_proj")
        k = self.linear(h, f"{name}.k_proj", bias=False)
        v = self.linear(h, f"{name}.v_proj")
        context = self.g.op("MultiHeadAttention", [q, k, v], "attention", domain=CONTRIB_DOMAIN, num_heads=heads)
        return self.linear(context, f"{name}.out_proj")

    def mlp(self, x: str, name: str) -> str:
        h = self.layer_norm(x, f"{name}.final_layer_norm")
        h = self.linear(self.gelu(self.linear(h, f"{name}.fc1")), f"{name}.fc2")
        return self.g.op("Add", [x, h], "residual")


def _model(graph: onnx.GraphProto, producer: str) -> onnx.ModelProto:
    opsets = [helper.make_opsetid("", OPSET)]
    if any(node.domain == CONTRIB_DOMAIN for node in graph.node):
        opsets.append(helper.make_opsetid(CONTRIB_DOMAIN, 1))
    model = helper.make_model(graph, opset_imports=opsets, producer_name="medasr-models", producer_version=producer)
    model.ir_version = IR_VERSION
    return model


def build_encoder(w: dict[str, np.ndarray], dims: WhisperDims, fused: bool = True) -> onnx.ModelProto:
    """input_features f32 [B, n_mels, F] -> last_hidden_state f32 [B, F / 2, d].

    fused: self-attention as onnxruntime's MultiHeadAttention contrib operator (see
    _Layers.fused_self_attention); False writes standard ONNX operators only, for runtimes without onnxruntime's
    contrib operators. The two agree to float rounding (models/tools/verify_graph.py checks both).

    F is 3000 (30 s) for Whisper's own decoding. A shorter F (even, at most 3000) encodes a shortened audio
    context, as whisper.cpp's `audio_ctx` does: the positional embedding is sliced to the frames there are, so
    the first F / 2 outputs of a 3000-frame input are computed the same way (not the same values: attention sees
    fewer frames). With F = 3000 the graph computes exactly what a fixed-size one does.
    """
    inits: dict[str, TensorProto] = {}
    g = _Graph(inits)
    L = _Layers(g, w, dims)
    H = dims.encoder_heads

    def conv(x: str, name: str, stride: int) -> str:
        return g.op("Conv", [x, g.weight(f"{name}.weight", w[f"{name}.weight"]), g.weight(f"{name}.bias", w[f"{name}.bias"])],
                    "conv", kernel_shape=[3], pads=[1, 1], strides=[stride])

    x = L.gelu(conv("input_features", "model.encoder.conv1", 1))
    x = L.gelu(conv(x, "model.encoder.conv2", 2))
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    frames = g.op("Shape", [x], "frames", start=1, end=2)
    positions = g.op("Slice", [g.weight("model.encoder.embed_positions.weight", w["model.encoder.embed_positions.weight"]),
                               g.const([0]), frames, g.const([0])], "positions_used")
    x = g.op("Add", [x, positions], "positions")
    for i in range(dims.encoder_layers):
        name = f"model.encoder.layers.{i}"
        h = L.layer_norm(x, f"{name}.self_attn_layer_norm")
        if fused:
            attn = L.fused_self_attention(h, f"{name}.self_attn", H)
        else:
            q = L.query(h, f"{name}.self_attn", H)
            k = L.split_heads(L.linear(h, f"{name}.self_attn.k_proj", bias=False), H)
            v = L.split_heads(L.linear(h, f"{name}.self_attn.v_proj"), H)
            attn, _ = L.attend(q, k, v, f"{name}.self_attn")
        x = L.mlp(g.op("Add", [x, attn], "residual"), name)
    g.op("LayerNormalization", [x, g.weight("model.encoder.layer_norm.weight", w["model.encoder.layer_norm.weight"]),
                                g.weight("model.encoder.layer_norm.bias", w["model.encoder.layer_norm.bias"])],
         out="last_hidden_state", axis=-1, epsilon=1e-5)
    graph = helper.make_graph(
        g.nodes, "whisper_encoder",
        [helper.make_tensor_value_info("input_features", TensorProto.FLOAT, ["batch_size", dims.n_mels, "n_frames"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "n_audio_ctx", dims.d_model])],
        initializer=list(inits.values()))
    return _model(graph, "encoder")


def _decoder_body(g: _Graph, w: dict[str, np.ndarray], dims: WhisperDims, with_past: bool,
                  encoder_hidden_states: str | None, logits_rows: bool, beam_index: bool = False) -> dict[str, str]:
    """Decoder nodes over the outer inputs; returns {output name: value name}.

    With beam_index (with-past graphs only) the run continues several sequences at once, one per input_ids row:
    row b extends the past sequence beam_index[b] (its self-attention keys and values are gathered from that row of
    the pasts), and every row attends to the one window's cross-attention keys and values (batch 1, read once for all
    rows), so a beam search step reads the weights and the cross-attention cache once for all its beams."""
    L = _Layers(g, w, dims)
    H = dims.decoder_heads
    outputs: dict[str, str] = {}
    n_tokens = g.op("Shape", ["input_ids"], "n_tokens", start=1, end=2)
    if with_past:
        n_past = g.op("Shape", ["past_key_values.0.decoder.key"], "n_past", start=2, end=3)
    else:
        n_past = g.const([0])
    n_total = g.op("Add", [n_past, n_tokens], "n_total")
    axis0 = g.const([0])
    positions = g.op("Range", [g.op("Squeeze", [n_past, axis0]), g.op("Squeeze", [n_total, axis0]), g.const(1)],
                     "positions")
    key_positions = g.op("Range", [g.const(0), g.op("Squeeze", [n_total, axis0]), g.const(1)], "key_positions")
    # causal mask [T, P+T]: query at position p may not see keys after p
    future = g.op("Greater", [g.op("Unsqueeze", [key_positions, axis0]), g.op("Unsqueeze", [positions, g.const([1])])],
                  "future")

    embed_t = g.weight("model.decoder.embed_tokens.weight.T", w["model.decoder.embed_tokens.weight"].T)
    tokens = g.op("Transpose", [g.op("Gather", [embed_t, "input_ids"], "embed", axis=1)], perm=[1, 2, 0])
    pos = g.op("Gather", [g.weight("model.decoder.embed_positions.weight", w["model.decoder.embed_positions.weight"]),
                          positions], "pos_embed", axis=0)
    x = g.op("Add", [tokens, pos], "embedded")

    for i in range(dims.decoder_layers):
        name = f"model.decoder.layers.{i}"
        h = L.layer_norm(x, f"{name}.self_attn_layer_norm")
        q, k, v = L.self_projections(h, f"{name}.self_attn", H)
        if with_past:
            past_k, past_v = f"past_key_values.{i}.decoder.key", f"past_key_values.{i}.decoder.value"
            if beam_index:
                past_k = g.op("Gather", [past_k, BEAM_INDEX], "beam_key", axis=0)
                past_v = g.op("Gather", [past_v, BEAM_INDEX], "beam_value", axis=0)
            k = g.op("Concat", [past_k, k], "self_key", axis=2)
            v = g.op("Concat", [past_v, v], "self_value", axis=2)
        outputs[f"present.{i}.decoder.key"] = k
        outputs[f"present.{i}.decoder.value"] = v
        attn, _ = L.attend(q, k, v, f"{name}.self_attn", mask=future)
        x = g.op("Add", [x, attn], "residual")

        h = L.layer_norm(x, f"{name}.encoder_attn_layer_norm")
        if with_past:
            ck, cv = f"past_key_values.{i}.encoder.key", f"past_key_values.{i}.encoder.value"
        else:
            ck = L.split_heads(L.linear(encoder_hidden_states, f"{name}.encoder_attn.k_proj", bias=False), H)
            cv = L.split_heads(L.linear(encoder_hidden_states, f"{name}.encoder_attn.v_proj"), H)
            outputs[f"present.{i}.encoder.key"] = ck
            outputs[f"present.{i}.encoder.value"] = cv
        if beam_index:
            attn, probs = L.attend_shared(L.query_projection(h, f"{name}.encoder_attn", H), ck, cv,
                                          f"{name}.encoder_attn")
        else:
            attn, probs = L.attend(L.query(h, f"{name}.encoder_attn", H), ck, cv, f"{name}.encoder_attn")
        outputs[f"cross_attentions.{i}"] = probs
        x = L.mlp(g.op("Add", [x, attn], "residual"), name)

    if logits_rows:
        # only the rows the caller reads: the 51865-wide projection of every prompt row is most of a prompt's cost
        x = g.op("Gather", [x, LOGITS_ROWS], "logits_rows_kept", axis=1)
    x = L.layer_norm(x, "model.decoder.layer_norm")
    outputs["logits"] = g.op("MatMul", [x, embed_t], "logits")
    return outputs


def _decoder_output_names(dims: WhisperDims, encoder_presents: bool) -> list[str]:
    names = ["logits"]
    for i in range(dims.decoder_layers):
        names += [f"present.{i}.decoder.key", f"present.{i}.decoder.value"]
        if encoder_presents:
            names += [f"present.{i}.encoder.key", f"present.{i}.encoder.value"]
    return names + [f"cross_attentions.{i}" for i in range(dims.decoder_layers)]


def _value_infos(dims: WhisperDims, names: list[str], past_axis: str, self_axis: str,
                 logits_rows: bool = False) -> list[onnx.ValueInfoProto]:
    hd, H = dims.head_dim, dims.decoder_heads
    infos = []
    for name in names:
        if name == "logits":
            shape = ["batch_size", "logits_rows_length" if logits_rows else "decoder_sequence_length", dims.vocab_size]
        elif name.startswith("cross_attentions."):
            shape = ["batch_size", H, "decoder_sequence_length", "encoder_sequence_length_out"]
        elif name.endswith((".encoder.key", ".encoder.value")):
            shape = ["batch_size", H, "encoder_sequence_length_out", hd]
        else:
            shape = ["batch_size", H, past_axis if name.startswith("past_") else self_axis, hd]
        infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
    return infos


def _past_input_names(dims: WhisperDims) -> list[str]:
    return [f"past_key_values.{i}.{part}.{kv}" for i in range(dims.decoder_layers)
            for part in ("decoder", "encoder") for kv in ("key", "value")]


_INPUT_IDS = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"])
LOGITS_ROWS = "logits_rows"
BEAM_INDEX = "beam_index"


def _past_inputs(dims: WhisperDims, beam_index: bool) -> list[onnx.ValueInfoProto]:
    """The past_key_values.* inputs; with beam_index their batch is that of the past sequences (decoder) and 1
    (encoder), not the run's."""
    infos = _value_infos(dims, _past_input_names(dims), "past_decoder_sequence_length", "")
    if beam_index:
        for info in infos:
            encoder = info.name.endswith((".encoder.key", ".encoder.value"))
            info.type.tensor_type.shape.dim[0].dim_param = "encoder_batch_size" if encoder else "past_batch_size"
    return infos


def _beam_index_input() -> onnx.ValueInfoProto:
    """int64 [batch]: for each row of input_ids, the row of the past self-attention keys and values it extends."""
    return helper.make_tensor_value_info(BEAM_INDEX, TensorProto.INT64, ["batch_size"])


def _token_inputs(logits_rows: bool) -> list[onnx.ValueInfoProto]:
    """input_ids, and with logits_rows the positions of input_ids (int64 [R]) whose logits the graph computes."""
    rows = [helper.make_tensor_value_info(LOGITS_ROWS, TensorProto.INT64, ["logits_rows_length"])]
    return [_INPUT_IDS] + (rows if logits_rows else [])


def _encoder_states_input(dims: WhisperDims) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT,
                                         ["batch_size", "encoder_sequence_length_out", dims.d_model])


def _finish_outputs(g: _Graph, produced: dict[str, str], names: list[str]) -> None:
    """Binds produced values to the graph's output names: a value that a node of the graph makes for one output
    only is renamed (onnxruntime runs every node, an Identity included, on every run); others get an Identity."""
    made = {out for node in g.nodes for out in node.output}
    uses = Counter(produced[name] for name in names)
    renames = {produced[n]: n for n in names if produced[n] in made and uses[produced[n]] == 1}
    for node in g.nodes:
        node.input[:] = [renames.get(v, v) for v in node.input]
        node.output[:] = [renames.get(v, v) for v in node.output]
    for name in names:
        if produced[name] not in renames:
            g.op("Identity", [produced[name]], out=name)


def build_decoder(w: dict[str, np.ndarray], dims: WhisperDims, logits_rows: bool = True) -> onnx.ModelProto:
    """decoder_model.onnx: input_ids, logits_rows, encoder_hidden_states -> logits, present.*, cross_attentions.*

    Without logits_rows (the optimum layout, and models built before 2026-11-30) logits has a row per input id."""
    inits: dict[str, TensorProto] = {}
    g = _Graph(inits)
    produced = _decoder_body(g, w, dims, with_past=False, encoder_hidden_states="encoder_hidden_states",
                             logits_rows=logits_rows)
    names = _decoder_output_names(dims, encoder_presents=True)
    _finish_outputs(g, produced, names)
    graph = helper.make_graph(g.nodes, "whisper_decoder", _token_inputs(logits_rows) + [_encoder_states_input(dims)],
                              _value_infos(dims, names, "", "decoder_sequence_length", logits_rows),
                              initializer=list(inits.values()))
    return _model(graph, "decoder")


def build_decoder_with_past(w: dict[str, np.ndarray], dims: WhisperDims, logits_rows: bool = True,
                            beam_index: bool = True) -> onnx.ModelProto:
    """decoder_with_past_model.onnx: input_ids, logits_rows, beam_index, past_key_values.* -> logits,
    present.*.decoder.*, cross_attentions.*

    Without beam_index (the optimum layout, and models built before 2026-12-02) each row of input_ids extends the
    same row of the pasts. With it, cross_attentions.* are [1, H, batch_size * decoder_sequence_length, S] (rows in
    input_ids order; since 2026-12-03, [batch_size, H, decoder_sequence_length, S] before): the same layout for one
    sequence, and no reordering nodes in every step."""
    inits: dict[str, TensorProto] = {}
    g = _Graph(inits)
    produced = _decoder_body(g, w, dims, with_past=True, encoder_hidden_states=None, logits_rows=logits_rows,
                             beam_index=beam_index)
    names = _decoder_output_names(dims, encoder_presents=False)
    _finish_outputs(g, produced, names)
    total = "past_decoder_sequence_length + decoder_sequence_length"
    outputs = _value_infos(dims, names, "", total, logits_rows)
    if beam_index:
        for info in outputs:
            if info.name.startswith("cross_attentions."):
                rows, sequences = info.type.tensor_type.shape.dim[2], info.type.tensor_type.shape.dim[0]
                rows.dim_param = "batch_size * decoder_sequence_length"
                sequences.dim_value = 1
    graph = helper.make_graph(
        g.nodes, "whisper_decoder_with_past",
        _token_inputs(logits_rows) + ([_beam_index_input()] if beam_index else []) + _past_inputs(dims, beam_index),
        outputs, initializer=list(inits.values()))
    return _model(graph, "decoder_with_past")


def build_decoder_merged(w: dict[str, np.ndarray], dims: WhisperDims, logits_rows: bool = True,
                         beam_index: bool = True) -> onnx.ModelProto:
    return merge_decoders(build_decoder(w, dims, logits_rows),
                          build_decoder_with_past(w, dims, logits_rows, beam_index))


def merge_decoders(no_past: onnx.ModelProto, with_past: onnx.ModelProto) -> onnx.ModelProto:
    """decoder_model_merged.onnx as optimum's merge_decoders makes it: one If on use_cache_branch (bool [1]),
    then = the with-past graph, else = the no-past graph, initializers shared in the outer graph. In the
    cache branch the encoder presents are constant empty tensors [0, H, 1, hd]: callers keep the step-0
    encoder presents. Works on fp32 and on quantized decoders alike."""
    outputs = list(no_past.graph.output)
    names = [o.name for o in outputs]
    known = {i.name for i in no_past.graph.input}
    cache_only = [i for i in with_past.graph.input if i.name not in known]  # past_key_values.*, beam_index
    inputs = list(no_past.graph.input) + cache_only
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outer = {i.name for i in inputs}

    initializers: dict[str, TensorProto] = {}
    for model in (no_past, with_past):
        for tensor in model.graph.initializer:
            known = initializers.setdefault(tensor.name, tensor)
            if known.SerializeToString() != tensor.SerializeToString():
                raise ValueError(f"initializer {tensor.name} differs between the two decoders")
    outer |= set(initializers)

    def branch(model: onnx.ModelProto, tag: str) -> onnx.GraphProto:
        def rename(value: str) -> str:
            return value if not value or value in outer else f"{tag}/{value}"

        nodes = []
        for node in model.graph.node:
            copy = onnx.NodeProto()
            copy.CopyFrom(node)
            copy.name = f"{tag}/{node.name}"
            copy.input[:] = [rename(v) for v in node.input]
            copy.output[:] = [rename(v) for v in node.output]
            nodes.append(copy)
        produced = {o.name for o in model.graph.output}
        for name in names:
            if name not in produced:  # encoder presents: empty dummies, as optimum's _unify_onnx_outputs adds
                shape = [d.dim_value for d in next(o for o in outputs if o.name == name).type.tensor_type.shape.dim]
                empty = np.zeros((0, shape[1], 1, shape[3]), np.float32)
                nodes.append(helper.make_node("Constant", [], [rename(name)], name=f"{tag}/{name}_empty",
                                              value=numpy_helper.from_array(empty)))
        return helper.make_graph(nodes, f"{model.graph.name}_branch", [],
                                 [helper.make_tensor_value_info(rename(n), TensorProto.FLOAT, None) for n in names])

    if_node = helper.make_node("If", ["use_cache_branch"], names, name="optimum::if",
                               then_branch=branch(with_past, "with_past"), else_branch=branch(no_past, "no_past"))
    merged_outputs = []
    for info in outputs:
        copy = onnx.ValueInfoProto()
        copy.CopyFrom(info)
        dims_ = copy.type.tensor_type.shape.dim
        if info.name.startswith("present."):
            dims_[2].dim_param = "past_decoder_sequence_length + decoder_sequence_length"
        if info.name.endswith((".encoder.key", ".encoder.value")):  # empty dummies in the cache branch
            dims_[0].dim_param, dims_[2].dim_param = "encoder_present_batch_size", "encoder_present_sequence_length"
        merged_outputs.append(copy)
    graph = helper.make_graph([if_node], "whisper_decoder_merged", inputs, merged_outputs,
                              initializer=list(initializers.values()))
    opsets = {o.domain: o.version for m in (no_past, with_past) for o in m.opset_import}
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in sorted(opsets.items())],
                              producer_name="medasr-models", producer_version="decoder_merged")
    model.ir_version = no_past.ir_version
    return model


def sinusoids(length: int, channels: int) -> np.ndarray:
    """Whisper's encoder position table: [sin block | cos block], inv_i = exp(-i ln(10000) / (channels/2 - 1))."""
    inv = np.exp(-math.log(10000) / (channels // 2 - 1) * np.arange(channels // 2))
    t = np.arange(length)[:, None] * inv[None, :]
    return np.concatenate([np.sin(t), np.cos(t)], axis=1).astype(np.float32)


def save(model: onnx.ModelProto, path: str) -> None:
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
