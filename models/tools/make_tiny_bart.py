"""Generates the tiny random-weight BART test model (facebook/bart architecture, tiny dimensions) in the
optimum ONNX export layout, and the reference decodings the Java BART port is checked against.

The weights are random but not shapeless: token embeddings and positions live in separate subspaces
of d_model, and cross-attention in decoder layer 0 matches decoder position p to source position p
and copies that token. So the model is a noisy copier: greedy output partly follows the input (several
different tokens, often `</s>` where the source's `</s>` is) while the random rest of the network
leaves beam search room to disagree with greedy decoding. Deterministic: fixed seed, BPE learned from
the committed corpus.

usage: python -m tools.make_tiny_bart OUT_DIR
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

import numpy as np

from . import reference_forward as ref
from .onnx_greedy import optimum_session
from .bart_graph import POSITION_OFFSET, BartDims, build_decoder, build_decoder_with_past, build_encoder
from .tokenizer_files import ByteLevelBpe, _added_token, byte_tokens, bytes_to_unicode, train_bpe
from .whisper_config import write_compact_json, write_json
from .whisper_graph import save

SEED = 8  # with these scales greedy and beam search differ on all three texts; one runs both to the length limit
N_MERGES = 256
D_MODEL, HEADS, LAYERS, FFN_DIM, MAX_POSITIONS = 32, 2, 2, 64, 64
BOS, PAD, EOS = 0, 1, 2  # BART's ids; <unk> is 3, <mask> the last id
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")
MASK = "<mask>"
DECODER_START = EOS
MAX_NEW_TOKENS = 40
BEAM_SIZE, LENGTH_PENALTY = 3, 1.0
TEXTS = ("the patient takes metoprolol", "blood pressure is stable", "no chest pain or fever")

# d_model split: token embeddings in the first TOKEN_DIMS dimensions, positions (sinusoids) in the rest
TOKEN_DIMS = 20
POSITION_AMPLITUDE = 1.8
POSITION_FREQUENCIES = (0.58, 0.66, 0.83, 1.14, 1.57, 2.21)  # max cross-position similarity 0.38
COPY_QUERY_GAIN = 5.0  # sharpness of the position match in decoder layer 0's cross-attention
COPY_OUT_GAIN = 5.0  # weight of the copied token against the decoder's own input token
STRUCTURE_NOISE = 0.2  # random part of the copying projections, relative to the random ones elsewhere
EOS_EMBEDDING_SCALE = 2.0  # a copied </s> outweighs the noise, so greedy output ends where the source does
UNSEEN_TOKEN_SCALE = 0.3  # embedding scale of the tokens the corpus never shows (see random_weights)
# the decoder's last LayerNorm scaled down: logits O(10), where float32 rounding (a few ulps) stays well inside
# the 1e-5 / 2e-5 agreement checks below
LOGIT_SCALE = 0.2
NOISE_GAIN = 0.25  # scale of the random (non-copying) sublayers' contributions

ENCODER_TOLERANCE = 1e-4  # Java vs reference.json
LOGITS_TOLERANCE = 1e-3
ONNX_VS_NUMPY = 2e-5  # onnxruntime float32 vs the float64 numpy forward pass
PAST_VS_FULL = 1e-5  # decoder_with_past step by step vs decoder_model on the whole prefix
PERTURBATION, N_PERTURBATIONS = 1e-3, 8  # the reference decodings must survive logit noise this large


def _corpus() -> str:
    with open(os.path.join(os.path.dirname(__file__), "bpe_corpus.txt"), encoding="utf-8") as f:
        return f.read()


def tokenizer() -> tuple[dict[str, int], list[tuple[str, str]], ByteLevelBpe]:
    """BART's id layout on a tiny BPE: the 4 specials, the 256 byte tokens, the merges, then <mask>."""
    merges = train_bpe(_corpus(), N_MERGES)
    tokens = list(SPECIALS) + byte_tokens() + [a + b for a, b in merges] + [MASK]
    vocab = {t: i for i, t in enumerate(tokens)}
    return vocab, merges, ByteLevelBpe(vocab, merges)


def tokenizer_json(vocab: dict[str, int], merges: list[tuple[str, str]]) -> dict:
    """The Hugging Face tokenizers JSON of a BART/RoBERTa tokenizer (facebook/bart-base's fields)."""
    added = [_added_token(vocab[t], t, True) for t in SPECIALS]
    added.append(dict(_added_token(vocab[MASK], MASK, True), lstrip=True))  # as bart-base: "<mask>" eats a space
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", EOS], "cls": ["<s>", BOS],
                           "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [[a, b] for a, b in merges]},
    }


def unseen_tokens(vocab: dict[str, int]) -> list[int]:
    """<pad>, <unk>, <mask> and the byte tokens of bytes the corpus lacks (control bytes, all non-ASCII)."""
    mapping = bytes_to_unicode()
    seen = set(_corpus().encode("utf-8"))
    return sorted([vocab["<pad>"], vocab["<unk>"], vocab[MASK]] +
                  [vocab[mapping[b]] for b in range(256) if b not in seen])


def hf_config(dims: BartDims) -> dict:
    return {
        "_name_or_path": "bart-tiny-random",
        "architectures": ["BartForConditionalGeneration"],
        "model_type": "bart",
        "activation_function": "gelu",
        "activation_dropout": 0.0, "attention_dropout": 0.0, "dropout": 0.0, "classifier_dropout": 0.0,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "init_std": 0.02,
        "d_model": dims.d_model,
        "encoder_layers": dims.encoder_layers, "encoder_attention_heads": dims.encoder_heads,
        "encoder_ffn_dim": dims.ffn_dim,
        "decoder_layers": dims.decoder_layers, "decoder_attention_heads": dims.decoder_heads,
        "decoder_ffn_dim": dims.ffn_dim,
        "num_hidden_layers": dims.encoder_layers,
        "vocab_size": dims.vocab_size,
        "max_position_embeddings": dims.max_position_embeddings,
        "scale_embedding": False,
        "normalize_before": False,
        "normalize_embedding": True,
        "add_final_layer_norm": False,
        "add_bias_logits": False,
        "tie_word_embeddings": True,
        "is_encoder_decoder": True,
        "use_cache": True,
        "pad_token_id": PAD, "bos_token_id": BOS, "eos_token_id": EOS,
        "decoder_start_token_id": DECODER_START,
        "forced_bos_token_id": BOS, "forced_eos_token_id": EOS,
        "torch_dtype": "float32",
    }


def generation_config() -> dict:
    return {"decoder_start_token_id": DECODER_START, "bos_token_id": BOS, "eos_token_id": EOS, "pad_token_id": PAD,
            "forced_bos_token_id": BOS, "forced_eos_token_id": EOS, "max_length": MAX_NEW_TOKENS,
            "num_beams": BEAM_SIZE, "length_penalty": LENGTH_PENALTY, "early_stopping": True}


def tiny_dims(vocab_size: int) -> BartDims:
    return BartDims(d_model=D_MODEL, encoder_layers=LAYERS, encoder_heads=HEADS, decoder_layers=LAYERS,
                    decoder_heads=HEADS, ffn_dim=FFN_DIM, vocab_size=vocab_size,
                    max_position_embeddings=MAX_POSITIONS)


def random_weights(dims: BartDims, seed: int, unseen: list[int]) -> dict[str, np.ndarray]:
    """BartForConditionalGeneration's parameter set: random, plus the copying structure of the module
    docstring (which keeps greedy output input-dependent and non-degenerate). The `unseen` tokens get small
    embeddings, as in a trained model, so they are rarely predicted: the reference texts stay printable ASCII
    and do not depend on how a UTF-8 decoder replaces malformed bytes."""
    rng = np.random.default_rng(seed)
    d, f, hd = dims.d_model, dims.ffn_dim, dims.head_dim
    w: dict[str, np.ndarray] = {}

    def normal(shape, std: float) -> np.ndarray:
        return rng.standard_normal(shape) * std

    def layer_norm(name: str) -> None:
        w[f"{name}.weight"] = 1.0 + normal(d, 0.1)
        w[f"{name}.bias"] = normal(d, 0.1)

    def linear(name: str, n_in: int, n_out: int, gain: float = 1.0, structure: np.ndarray | None = None) -> None:
        w[f"{name}.weight"] = normal((n_out, n_in), gain / np.sqrt(n_in)) + (0 if structure is None else structure)
        w[f"{name}.bias"] = normal(n_out, 0.1)

    def attention(name: str, out_gain: float, query=None, key=None, value=None, out=None) -> None:
        gain = 1.0 if query is None else STRUCTURE_NOISE
        linear(f"{name}.q_proj", d, d, gain, query)
        linear(f"{name}.k_proj", d, d, gain, key)
        linear(f"{name}.v_proj", d, d, gain, value)
        linear(f"{name}.out_proj", d, d, gain * out_gain, out)

    # the copying cross-attention: both heads compare the position subspaces of query and key (match), and
    # values and output carry the token subspace (tokens)
    match = np.zeros((d, d))
    for h in range(dims.decoder_heads):
        match[h * hd + np.arange(d - TOKEN_DIMS), TOKEN_DIMS + np.arange(d - TOKEN_DIMS)] = 1.0
    tokens = np.diag((np.arange(d) < TOKEN_DIMS).astype(float))

    def block(name: str, decoder: bool, copy: bool) -> None:
        attention(f"{name}.self_attn", NOISE_GAIN)
        layer_norm(f"{name}.self_attn_layer_norm")
        if copy:
            attention(f"{name}.encoder_attn", NOISE_GAIN, COPY_QUERY_GAIN * match, match, tokens,
                      COPY_OUT_GAIN * tokens)
        elif decoder:
            attention(f"{name}.encoder_attn", NOISE_GAIN)
        if decoder:
            layer_norm(f"{name}.encoder_attn_layer_norm")
        linear(f"{name}.fc1", d, f)
        linear(f"{name}.fc2", f, d, gain=NOISE_GAIN)
        layer_norm(f"{name}.final_layer_norm")

    def positions() -> np.ndarray:
        rows = np.arange(dims.max_position_embeddings + POSITION_OFFSET)[:, None] * np.array(POSITION_FREQUENCIES)
        table = normal((len(rows), d), 0.1)
        table[:, TOKEN_DIMS::2] += POSITION_AMPLITUDE * np.cos(rows)
        table[:, TOKEN_DIMS + 1::2] += POSITION_AMPLITUDE * np.sin(rows)
        return table

    shared = normal((dims.vocab_size, d), 1.0)
    shared[:, TOKEN_DIMS:] *= 0.1
    shared[EOS] *= EOS_EMBEDDING_SCALE
    shared[unseen] *= UNSEEN_TOKEN_SCALE
    w["model.shared.weight"] = shared
    for part, n_layers in (("encoder", dims.encoder_layers), ("decoder", dims.decoder_layers)):
        w[f"model.{part}.embed_positions.weight"] = positions()
        layer_norm(f"model.{part}.layernorm_embedding")
        for i in range(n_layers):
            block(f"model.{part}.layers.{i}", decoder=part == "decoder", copy=part == "decoder" and i == 0)
    w["final_logits_bias"] = normal((1, dims.vocab_size), 0.1)
    last = f"model.decoder.layers.{dims.decoder_layers - 1}.final_layer_norm"
    w[f"{last}.weight"] *= LOGIT_SCALE
    w[f"{last}.bias"] *= LOGIT_SCALE
    return {k: v.astype(np.float32) for k, v in w.items()}


# --- float64 numpy forward pass (batch 1, no cache), written from modeling_bart.py, not from bart_graph.py ---

def _linear(w, name, x):
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def _ln(w, name, x):
    return ref._layer_norm(x, w[f"{name}.weight"], w[f"{name}.bias"])


def _attention(w, name, x_q, x_kv, heads, hidden):
    """hidden: bool [T, S], true where the query may not see the key."""
    d = x_q.shape[-1]
    hd = d // heads

    def split(x):
        return x.reshape(len(x), heads, hd).transpose(1, 0, 2)

    q = split(_linear(w, f"{name}.q_proj", x_q) * hd ** -0.5)
    k, v = split(_linear(w, f"{name}.k_proj", x_kv)), split(_linear(w, f"{name}.v_proj", x_kv))
    scores = np.where(hidden, -np.inf, q @ k.transpose(0, 2, 1))
    probs = np.exp(scores - scores.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    return _linear(w, f"{name}.out_proj", (probs @ v).transpose(1, 0, 2).reshape(len(x_q), d))


def _ffn(w, name, x):
    h = _linear(w, f"{name}.fc2", ref._gelu(_linear(w, f"{name}.fc1", x)))
    return _ln(w, f"{name}.final_layer_norm", x + h)


def _embed(w, part, ids):
    positions = w[f"model.{part}.embed_positions.weight"][np.arange(len(ids)) + POSITION_OFFSET]
    return _ln(w, f"model.{part}.layernorm_embedding", w["model.shared.weight"][ids] + positions)


def numpy_encode(w: dict[str, np.ndarray], ids: list[int], dims: BartDims) -> np.ndarray:
    """[S] -> last_hidden_state [S, d] (float64)"""
    w = {k: v.astype(np.float64) for k, v in w.items()}
    x = _embed(w, "encoder", ids)
    no_mask = np.zeros((len(ids), len(ids)), bool)
    for i in range(dims.encoder_layers):
        p = f"model.encoder.layers.{i}"
        attn = _attention(w, f"{p}.self_attn", x, x, dims.encoder_heads, no_mask)
        x = _ffn(w, p, _ln(w, f"{p}.self_attn_layer_norm", x + attn))
    return x


def numpy_logits(w: dict[str, np.ndarray], tokens: list[int], encoder_states: np.ndarray,
                 dims: BartDims) -> np.ndarray:
    """Decoder logits [T, V] (float64) for decoder input `tokens` over unpadded encoder states [S, d]."""
    w = {k: v.astype(np.float64) for k, v in w.items()}
    x = _embed(w, "decoder", tokens)
    heads = dims.decoder_heads
    causal = np.triu(np.ones((len(tokens), len(tokens)), bool), 1)
    no_mask = np.zeros((len(tokens), len(encoder_states)), bool)
    for i in range(dims.decoder_layers):
        p = f"model.decoder.layers.{i}"
        x = _ln(w, f"{p}.self_attn_layer_norm", x + _attention(w, f"{p}.self_attn", x, x, heads, causal))
        cross = _attention(w, f"{p}.encoder_attn", x, encoder_states, heads, no_mask)
        x = _ffn(w, p, _ln(w, f"{p}.encoder_attn_layer_norm", x + cross))
    return x @ w["model.shared.weight"].T + w["final_logits_bias"][0]


# --- decoding: the rules reference.json describes, over any "step" (logits of the next token per sequence) ---

Step = Callable[[list[int], list[list[int]]], np.ndarray]
"""step(origins, sequences) -> float32 logits [len(sequences), V] of each sequence's next token.
origins[i] is the index, in the previous call's sequences, of the sequence sequences[i] extends by one token
(what a cached implementation reorders its past by); the first call gets [[DECODER_START]]."""


def _log_probs(logits: np.ndarray, generated: int) -> np.ndarray:
    """float64 log_softmax; at generated position 0 only <s> is allowed (forced_bos_token_id)."""
    x = logits.astype(np.float64)
    x = x - x.max(-1, keepdims=True)
    x = x - np.log(np.exp(x).sum(-1, keepdims=True))
    if generated == 0:
        x[:] = -np.inf
        x[:, BOS] = 0.0
    return x


def greedy(step: Step) -> list[int]:
    """Generated ids (the forced <s> first, </s> last when reached before MAX_NEW_TOKENS)."""
    sequence = [DECODER_START]
    while True:
        generated = len(sequence) - 1
        row = _log_probs(step([0], [sequence]), generated)[0]
        sequence.append(int(np.argmax(row)))  # first maximum: the lowest id on ties
        if sequence[-1] == EOS or generated + 1 >= MAX_NEW_TOKENS:
            return sequence[1:]


def beam_search(step: Step, beam_size: int = BEAM_SIZE,
                length_penalty: float = LENGTH_PENALTY) -> tuple[list[int], float]:
    """(generated ids, normalised score) by the rules in reference.json's description."""
    live: list[tuple[list[int], float]] = [([DECODER_START], 0.0)]
    origins = [0]
    finished: list[tuple[list[int], float]] = []
    while True:
        generated = len(live[0][0]) - 1
        log_probs = _log_probs(step(origins, [s for s, _ in live]), generated)
        proposals = []
        for b, (_, score) in enumerate(live):
            row = log_probs[b]
            allowed = np.flatnonzero(np.isfinite(row))
            best = allowed[np.lexsort((allowed, -row[allowed]))][: beam_size + 1]
            proposals += [(score + float(row[t]), b, int(t)) for t in best]
        proposals.sort(key=lambda p: (-p[0], p[1], p[2]))
        chosen: list[tuple[list[int], float]] = []
        origins = []
        for total, b, token in proposals:
            sequence = live[b][0] + [token]
            if token == EOS:
                finished.append((sequence, total))
            else:
                chosen.append((sequence, total))
                origins.append(b)
                if len(chosen) == beam_size:
                    break
        live = chosen
        if len(finished) >= beam_size:
            break
        if generated + 1 >= MAX_NEW_TOKENS:
            finished += live
            break
    best_sequence, best_score = None, -np.inf
    for sequence, total in finished:
        normalised = total / (len(sequence) - 1) ** length_penalty
        if normalised > best_score:
            best_sequence, best_score = sequence, normalised
    return best_sequence[1:], best_score


# --- onnxruntime ---

class OnnxBart:
    """The three optimum-layout sessions of a model directory (one thread each: reproducible numbers)."""

    def __init__(self, model_dir: str):
        self.encoder = optimum_session(model_dir, "encoder_model")
        self.decoder = optimum_session(model_dir, "decoder_model")
        self.decoder_with_past = optimum_session(model_dir, "decoder_with_past_model")

    def encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.encoder.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask})[0]

    def decode(self, mask: np.ndarray, tokens: np.ndarray, states: np.ndarray) -> dict[str, np.ndarray]:
        names = [o.name for o in self.decoder.get_outputs()]
        feeds = {"encoder_attention_mask": mask, "input_ids": tokens, "encoder_hidden_states": states}
        return dict(zip(names, self.decoder.run(names, feeds)))

    def decode_with_past(self, mask: np.ndarray, tokens: np.ndarray,
                         past: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        names = [o.name for o in self.decoder_with_past.get_outputs()]
        feeds = {"encoder_attention_mask": mask, "input_ids": tokens, **past}
        return dict(zip(names, self.decoder_with_past.run(names, feeds)))


def _past(out: dict[str, np.ndarray], part: str, rows=slice(None)) -> dict[str, np.ndarray]:
    """present.{i}.{part}.* outputs (batch rows picked by `rows`) as past_key_values.{i}.{part}.* inputs."""
    return {f"past_key_values.{i}.{part}.{kv}": out[f"present.{i}.{part}.{kv}"][rows]
            for i in range(LAYERS) for kv in ("key", "value")}


class CachedStep:
    """Step over decoder_model for the first call (batch 1) and decoder_with_past_model for the later ones,
    batched over the live sequences, the decoder past reordered by origin: how a real decoder runs."""

    def __init__(self, model: OnnxBart, states: np.ndarray):
        self.model, self.states = model, states
        self.mask = np.ones(states.shape[:2], np.int64)
        self.encoder_past: dict[str, np.ndarray] = {}
        self.last: dict[str, np.ndarray] = {}  # the previous call's outputs

    def __call__(self, origins: list[int], sequences: list[list[int]]) -> np.ndarray:
        if not self.encoder_past:
            assert sequences == [[DECODER_START]]
            out = self.model.decode(self.mask, np.array(sequences, np.int64), self.states)
            self.encoder_past = _past(out, "encoder")
        else:
            n = len(sequences)
            past = {**_past(self.last, "decoder", origins),
                    **{k: np.repeat(v, n, axis=0) for k, v in self.encoder_past.items()}}
            out = self.model.decode_with_past(np.repeat(self.mask, n, axis=0),
                                              np.array([[s[-1]] for s in sequences], np.int64), past)
        self.last = out
        return out["logits"][:, -1]


def full_step(model: OnnxBart, states: np.ndarray) -> Step:
    """Step that runs decoder_model on each whole sequence alone (no cache, no batching)."""
    mask = np.ones(states.shape[:2], np.int64)

    def step(_origins: list[int], sequences: list[list[int]]) -> np.ndarray:
        return np.stack([model.decode(mask, np.array([s], np.int64), states)["logits"][0, -1] for s in sequences])

    return step


class AgreeingStep:
    """Returns `main`'s logits after checking that `other` computes the same (the cache and batching checks)."""

    def __init__(self, main: Step, other: Step):
        self.main, self.other = main, other
        self.max_diff = 0.0

    def __call__(self, origins: list[int], sequences: list[list[int]]) -> np.ndarray:
        logits = self.main(origins, sequences)
        self.max_diff = max(self.max_diff, _check("cached vs full-prefix logits", logits,
                                                   self.other(origins, sequences), PAST_VS_FULL, quiet=True))
        return logits


# --- verification and reference.json ---

def _check(what: str, got: np.ndarray, want: np.ndarray, tolerance: float, quiet: bool = False) -> float:
    """Max |got - want|; raises when it exceeds the tolerance."""
    diff = float(np.max(np.abs(np.asarray(got, np.float64) - np.asarray(want, np.float64))))
    if diff > tolerance:
        raise AssertionError(f"{what}: max |diff| {diff:.2e} > {tolerance:.0e}")
    if not quiet:
        print(f"  ok {what}: max |diff| {diff:.2e}")
    return diff


def verify_graphs(model: OnnxBart, weights: dict[str, np.ndarray], dims: BartDims, cases: list[list[int]]) -> None:
    """onnxruntime against the numpy forward pass: encoder and decoder logits of every case, alone and as a
    right-padded batch (the attention masks), and decoder_with_past fed several new tokens at once."""
    enc_diff = dec_diff = 0.0
    for ids in cases:
        states = model.encode(np.array([ids], np.int64), np.ones((1, len(ids)), np.int64))
        want = numpy_encode(weights, ids, dims)
        enc_diff = max(enc_diff, _check("encoder", states[0], want, ONNX_VS_NUMPY, quiet=True))
        tokens = [DECODER_START] + ids[:-1]  # a teacher-forced copy: every position of a long decoder input
        logits = model.decode(np.ones((1, len(ids)), np.int64), np.array([tokens], np.int64), states)["logits"][0]
        dec_diff = max(dec_diff, _check("decoder", logits, numpy_logits(weights, tokens, states[0], dims),
                                        ONNX_VS_NUMPY, quiet=True))
    print(f"  ok onnxruntime vs numpy float64, {len(cases)} cases: encoder max |diff| {enc_diff:.2e}, "
          f"decoder_model logits {dec_diff:.2e} (tolerance {ONNX_VS_NUMPY:.0e})")

    long, short = max(cases, key=len), min(cases, key=len)
    ids = np.full((2, len(long)), PAD, np.int64)
    mask = np.zeros_like(ids)
    for row, case in enumerate((long, short)):
        ids[row, :len(case)], mask[row, :len(case)] = case, 1
    states = model.encode(ids, mask)
    want = numpy_encode(weights, short, dims)
    _check("padded batch: encoder, shorter row's real positions", states[1, :len(short)], want, ONNX_VS_NUMPY)
    tokens = [DECODER_START] + short[:-1]
    logits = model.decode(mask, np.array([tokens, tokens], np.int64), states)["logits"][1]
    _check("padded batch: decoder_model logits over the padded source", logits,
           numpy_logits(weights, tokens, states[1, :len(short)], dims), ONNX_VS_NUMPY)

    states = model.encode(np.array([long], np.int64), np.ones((1, len(long)), np.int64))
    mask = np.ones((1, len(long)), np.int64)
    tokens = np.array([[DECODER_START] + long[:-1]], np.int64)
    full = model.decode(mask, tokens, states)
    first = model.decode(mask, tokens[:, :3], states)
    past = {**_past(first, "decoder"), **_past(first, "encoder")}
    rest = model.decode_with_past(mask, tokens[:, 3:], past)
    _check(f"decoder_with_past, {tokens.shape[1] - 3} new tokens at once after 3", rest["logits"],
           full["logits"][:, 3:], PAST_VS_FULL)
    presents = [name for name in rest if name.startswith("present.")]
    _check(f"decoder_with_past presents ({len(presents)})", np.concatenate([rest[n].ravel() for n in presents]),
           np.concatenate([full[n].ravel() for n in presents]), PAST_VS_FULL)


def _check_stable(step: Step, greedy_tokens: list[int], beam_tokens: list[int]) -> None:
    """A port computes slightly different logits (float32, another operation order): the reference must not
    hinge on such differences. Reruns both searches with fixed uniform noise of up to PERTURBATION added to
    each sequence's logits."""
    logits: dict[tuple[int, ...], np.ndarray] = {}
    for seed in range(N_PERTURBATIONS):
        rng = np.random.default_rng(seed)
        noise: dict[tuple[int, ...], np.ndarray] = {}

        def perturbed(_origins: list[int], sequences: list[list[int]]) -> np.ndarray:
            for key in map(tuple, sequences):
                if key not in logits:
                    logits[key] = step([0], [list(key)])[0]
                if key not in noise:
                    noise[key] = rng.uniform(-PERTURBATION, PERTURBATION, logits[key].shape)
            return np.stack([logits[tuple(s)] + noise[tuple(s)] for s in sequences])

        if greedy(perturbed) != greedy_tokens or beam_search(perturbed)[0] != beam_tokens:
            raise AssertionError(f"decoding flips under logit noise of {PERTURBATION:g} (noise seed {seed})")


def decode_text(tokens: list[int], vocab: dict[str, int]) -> str:
    """Bytes of the non-special ids, UTF-8 with replacement (tokenizers' ByteLevel decoding, skipping specials)."""
    by_id = {i: s for s, i in vocab.items()}
    byte_of = {c: b for b, c in bytes_to_unicode().items()}
    specials = {vocab[t] for t in SPECIALS + (MASK,)}
    return bytes(byte_of[c] for t in tokens if t not in specials for c in by_id[t]).decode("utf-8", errors="replace")


DESCRIPTION = (
    "Reference decodings of this tiny random-weight BART, made by models/tools/make_tiny_bart.py. Per case: "
    "input_ids = tokenizer.json's encoding of text (<s> + byte-level BPE + </s>), attention_mask all 1, batch 1; "
    "encoder = encoder_model's last_hidden_state (values of positions 0 and S-1, dims 0..7, and the mean); "
    "first_step_logits_first_8 = decoder_model's logits for input_ids [[2]], ids 0..7. "
    "Decoding: the decoder input starts as [decoder_start_token_id 2]. At generated position 0 only <s> (0) is "
    "allowed (forced_bos_token_id: every other token's log-probability is -inf, so <s> gets 0; tokens at -inf are "
    "never proposed); later every token is allowed. Generation stops when </s> (2) is generated or after "
    "max_new_tokens = 40 generated tokens (the forced <s> counts; forced_eos_token_id is not applied). "
    "tokens = the generated ids (the forced <s> first, </s> last when reached); text = the bytes of the tokens "
    "other than <s> <pad> </s> <unk> <mask>, decoded as UTF-8 with replacement, without clean-up. "
    "Greedy: argmax of the logits, lowest id on ties. "
    "Beam search (beam_size B, length_penalty lp): log-probabilities = log_softmax(logits) in double; the live "
    "beams start as the one beam [2] with score 0; each step every live beam proposes its B+1 tokens of highest "
    "log-probability (ties: lower id), with score = beam score + log-probability; all proposals are sorted by "
    "score, descending (ties: earlier beam, then lower token id); walking that list, a proposal ending in </s> "
    "is appended to the finished list and any other becomes a live beam of the next step (in walking order), "
    "until B live beams are chosen (finished proposals do not count toward B; the proposals after the B-th "
    "live one are dropped). Then stop if the finished list holds at least B sequences; otherwise, if the live "
    "beams have generated max_new_tokens tokens, append every live beam to the finished list, in order, and stop. The "
    "result is the finished sequence with the highest score / generated_length ** lp (generated_length counts "
    "the forced <s> and a final </s>), ties: the earlier finished; score = that value, rounded to 5 places. "
    f"The decisions are stable under logit perturbations of up to {PERTURBATION:g}.")


def reference_case(model: OnnxBart, weights: dict[str, np.ndarray], text: str, vocab: dict[str, int],
                   bpe: ByteLevelBpe) -> dict:
    ids = [BOS] + bpe.encode(text) + [EOS]
    if decode_text(ids, vocab) != text:
        raise AssertionError(f"{text!r} does not survive encode + decode")
    states = model.encode(np.array([ids], np.int64), np.ones((1, len(ids)), np.int64))
    first = model.decode(np.ones((1, len(ids)), np.int64), np.array([[DECODER_START]], np.int64), states)
    greedy_step = AgreeingStep(CachedStep(model, states), full_step(model, states))
    greedy_tokens = greedy(greedy_step)
    beam_step = AgreeingStep(CachedStep(model, states), full_step(model, states))
    beam_tokens, score = beam_search(beam_step)
    unbatched_tokens, unbatched_score = beam_search(full_step(model, states))
    if unbatched_tokens != beam_tokens or abs(unbatched_score - score) > 1e-6:
        raise AssertionError(f"{text!r}: batched cached beam search differs from the unbatched recomputation")
    print(f"  ok {text!r}: cached vs full-prefix logits, greedy max |diff| {greedy_step.max_diff:.2e}, "
          f"batched beams {beam_step.max_diff:.2e} (tolerance {PAST_VS_FULL:.0e}); same beam result unbatched")
    _check_stable(full_step(model, states), greedy_tokens, beam_tokens)
    return {
        "text": text,
        "input_ids": ids,
        "encoder": {
            "last_hidden_state_shape": list(states.shape),
            "first_position_first_8": [round(float(v), 6) for v in states[0, 0, :8]],
            "last_position_first_8": [round(float(v), 6) for v in states[0, -1, :8]],
            "mean": round(float(states.mean()), 6),
        },
        "first_step_logits_first_8": [round(float(v), 5) for v in first["logits"][0, 0, :8]],
        "greedy": {"tokens": greedy_tokens, "text": decode_text(greedy_tokens, vocab)},
        "beam": {"beam_size": BEAM_SIZE, "length_penalty": LENGTH_PENALTY, "tokens": beam_tokens,
                 "score": round(score, 5), "text": decode_text(beam_tokens, vocab)},
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    out_dir = parser.parse_args(argv).out_dir
    os.makedirs(out_dir, exist_ok=True)
    vocab, merges, bpe = tokenizer()
    dims = tiny_dims(len(vocab))
    weights = random_weights(dims, SEED, unseen_tokens(vocab))
    for name, build in (("encoder_model", build_encoder), ("decoder_model", build_decoder),
                        ("decoder_with_past_model", build_decoder_with_past)):
        print(f"  writing {name}.onnx")
        save(build(weights, dims), os.path.join(out_dir, f"{name}.onnx"))
    write_json(os.path.join(out_dir, "config.json"), hf_config(dims))
    write_json(os.path.join(out_dir, "generation_config.json"), generation_config())
    write_compact_json(os.path.join(out_dir, "tokenizer.json"), tokenizer_json(vocab, merges))

    model = OnnxBart(out_dir)
    verify_graphs(model, weights, dims, [[BOS] + bpe.encode(text) + [EOS] for text in TEXTS])
    cases = [reference_case(model, weights, text, vocab, bpe) for text in TEXTS]
    if not any(c["greedy"]["tokens"][-1] == EOS for c in cases):
        raise AssertionError("no greedy decoding reaches </s>")
    if all(c["beam"]["tokens"] == c["greedy"]["tokens"] for c in cases):
        raise AssertionError("beam search agrees with greedy decoding on every case")
    write_json(os.path.join(out_dir, "reference.json"), {
        "description": DESCRIPTION,
        "decoding": {"decoder_start_token_id": DECODER_START, "forced_bos_token_id": BOS, "eos_token_id": EOS,
                     "max_new_tokens": MAX_NEW_TOKENS},
        "tolerance": {"encoder": ENCODER_TOLERANCE, "logits": LOGITS_TOLERANCE},
        "cases": cases,
    })
    for case in cases:
        print(f"  {case['text']!r}: greedy {case['greedy']['text']!r} ({len(case['greedy']['tokens'])} tokens), "
              f"beam {case['beam']['text']!r} ({len(case['beam']['tokens'])} tokens, score {case['beam']['score']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
