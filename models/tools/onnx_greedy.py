"""Greedy Whisper decoding over an ONNX model directory with onnxruntime (reference for the Java engine).

Rules (openai decoding.py, without timestamps): initial tokens = sot sequence + <|notimestamps|>;
every step suppress `suppress_tokens`; at the first sampled position also `begin_suppress_tokens`;
argmax; stop at eot or after max_new_tokens (224 = n_text_ctx // 2).
"""
from __future__ import annotations

import json
import os

import numpy as np
import onnxruntime as ort

LOGITS_ROWS = "logits_rows"  # whisper_graph.LOGITS_ROWS; not imported, so that this runs without onnx installed
BEAM_INDEX = "beam_index"  # whisper_graph.BEAM_INDEX


def optimum_session(model_dir: str, name: str, threads: int = 1) -> ort.InferenceSession:
    """One graph of an optimum-layout model directory (`name` without .onnx) on `threads` intra-op threads."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(os.path.join(model_dir, f"{name}.onnx"), options, providers=["CPUExecutionProvider"])


def run_all_rows(session: ort.InferenceSession, names: list[str], feeds: dict) -> dict[str, np.ndarray]:
    """Runs a decoder graph with the logits of every input id (feeding logits_rows where the graph has it), each row
    of input_ids extending the same row of the pasts unless feeds has a beam_index."""
    names_in = {i.name for i in session.get_inputs()}
    if LOGITS_ROWS in names_in:
        feeds = {**feeds, LOGITS_ROWS: np.arange(feeds["input_ids"].shape[1], dtype=np.int64)}
    if BEAM_INDEX in names_in and BEAM_INDEX not in feeds:
        feeds = {**feeds, BEAM_INDEX: np.arange(feeds["input_ids"].shape[0], dtype=np.int64)}
    return dict(zip(names, session.run(names, feeds)))


class OnnxWhisper:
    def __init__(self, model_dir: str, threads: int = 1, suffix: str = ""):
        def session(name: str) -> ort.InferenceSession:
            return optimum_session(model_dir, name + suffix, threads)

        self.encoder = session("encoder_model")
        self.decoder = session("decoder_model")
        self.decoder_with_past = session("decoder_with_past_model")
        merged_path = os.path.join(model_dir, f"decoder_model_merged{suffix}.onnx")
        self.merged = session("decoder_model_merged") if os.path.exists(merged_path) else None
        with open(os.path.join(model_dir, "generation_config.json"), encoding="utf-8") as f:
            self.generation = json.load(f)
        with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
            self.config = json.load(f)
        self.n_layers = self.config["decoder_layers"]
        self.n_heads = self.config["decoder_attention_heads"]
        self.head_dim = self.config["d_model"] // self.n_heads

    def encode(self, mel: np.ndarray) -> np.ndarray:
        """mel [n_mels, 3000] -> encoder states [1, 1500, d]"""
        return self.encoder.run(["last_hidden_state"], {"input_features": mel[None].astype(np.float32)})[0]

    def initial_tokens(self, language: str | None = "en", task: str = "transcribe") -> list[int]:
        g = self.generation
        tokens = [g["decoder_start_token_id"]]
        if g["is_multilingual"]:
            tokens += [g["lang_to_id"][f"<|{language}|>"], g["task_to_id"][task]]
        return tokens + [g["no_timestamps_token_id"]]

    def filter_logits(self, logits: np.ndarray, first: bool) -> np.ndarray:
        logits = logits.astype(np.float64).copy()
        logits[self.generation["suppress_tokens"]] = -np.inf
        if first:
            logits[self.generation["begin_suppress_tokens"]] = -np.inf
        return logits

    def greedy(self, encoder_states: np.ndarray, tokens: list[int], max_new_tokens: int = 224,
               use_merged: bool = False) -> tuple[list[int], list[np.ndarray]]:
        """Returns the sampled tokens (eot included when reached) and the raw last-row logits of every step."""
        eot = self.generation["eos_token_id"]
        feeds = {"input_ids": np.array([tokens], dtype=np.int64), "encoder_hidden_states": encoder_states}
        if use_merged:
            feeds.update(self.empty_past())
            feeds["use_cache_branch"] = np.array([False])
            names = [o.name for o in self.merged.get_outputs()]
            out = run_all_rows(self.merged, names, feeds)
        else:
            names = [o.name for o in self.decoder.get_outputs()]
            out = run_all_rows(self.decoder, names, feeds)
        encoder_past = self.pasts(out, "encoder")
        sampled: list[int] = []
        step_logits: list[np.ndarray] = []
        while True:
            last = out["logits"][0, -1]
            step_logits.append(last)
            token = int(np.argmax(self.filter_logits(last, first=not sampled)))
            sampled.append(token)
            if token == eot or len(sampled) >= max_new_tokens or len(tokens) + len(sampled) >= 448:
                return sampled, step_logits
            feeds = {"input_ids": np.array([[token]], dtype=np.int64), **encoder_past, **self.pasts(out, "decoder")}
            if use_merged:
                feeds["encoder_hidden_states"] = encoder_states
                feeds["use_cache_branch"] = np.array([True])
                out = run_all_rows(self.merged, names, feeds)
            else:
                with_past_names = [o.name for o in self.decoder_with_past.get_outputs()]
                out = run_all_rows(self.decoder_with_past, with_past_names, feeds)

    def pasts(self, out: dict[str, np.ndarray], part: str) -> dict[str, np.ndarray]:
        """A run's present.*.{part}.* outputs as the past_key_values.* inputs of the next run (part: decoder or
        encoder)."""
        return {f"past_key_values.{i}.{part}.{kv}": out[f"present.{i}.{part}.{kv}"]
                for i in range(self.n_layers) for kv in ("key", "value")}

    def empty_past(self) -> dict[str, np.ndarray]:
        empty = np.zeros((1, self.n_heads, 0, self.head_dim), dtype=np.float32)
        return {f"past_key_values.{i}.{part}.{kv}": empty for i in range(self.n_layers)
                for part in ("decoder", "encoder") for kv in ("key", "value")}
