"""Writes a complete model directory (ONNX graphs + JSON files) from HF-named weights."""
from __future__ import annotations

import os

import numpy as np

from . import whisper_graph as wg
from .whisper_config import generation_config, hf_config, preprocessor_config, write_json
from .tokenizer_files import SpecialIds

ONNX_FILES = ("encoder_model", "decoder_model", "decoder_with_past_model", "decoder_model_merged")


def write_onnx(weights: dict[str, np.ndarray], dims: wg.WhisperDims, out_dir: str, log=print,
               medasr_inputs: bool = True, fused: bool = True) -> None:
    """medasr_inputs: the decoders' own inputs (logits_rows, beam_index); without them, the optimum layout.
    fused: the encoder's attention as onnxruntime's contrib operator (wg.build_encoder)."""
    builders = (lambda w, d: wg.build_encoder(w, d, fused),
                lambda w, d: wg.build_decoder(w, d, medasr_inputs),
                lambda w, d: wg.build_decoder_with_past(w, d, medasr_inputs, medasr_inputs),
                lambda w, d: wg.build_decoder_merged(w, d, medasr_inputs, medasr_inputs))
    for name, build in zip(ONNX_FILES, builders):
        log(f"  writing {name}.onnx")
        wg.save(build(weights, dims), os.path.join(out_dir, f"{name}.onnx"))


def write_configs(out_dir: str, dims: wg.WhisperDims, ids: SpecialIds, multilingual: bool, suppress: list[int],
                  begin_suppress: list[int], alignment_heads: list[list[int]], name: str) -> None:
    write_json(os.path.join(out_dir, "config.json"), hf_config(dims, ids, suppress, begin_suppress, name))
    write_json(os.path.join(out_dir, "generation_config.json"),
               generation_config(ids, multilingual, suppress, begin_suppress, alignment_heads,
                                 dims.max_target_positions))
    write_json(os.path.join(out_dir, "preprocessor_config.json"), preprocessor_config(dims.n_mels))

