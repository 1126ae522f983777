"""int8 variants (`*_quantized.onnx`, transformers.js' q8 naming) with onnxruntime's dynamic quantizer.

Weights of MatMul (all projections, the tied output projection) and of the decoder's token-embedding
Gather become int8, per tensor, no reduce_range (transformers.js uses neither per-channel nor reduce_range
for Whisper); activations are quantized at run time (DynamicQuantizeLinear + MatMulInteger). The encoder
convolutions stay float32 (ConvInteger has uint8-only kernels). The merged decoder is made by merging the
two quantized decoders, so the int8 merged and split files share identical weights.
"""
from __future__ import annotations

import logging
import os

import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

from .whisper_graph import merge_decoders, save

SUFFIX = "_quantized"


def quantize_file(src: str, dst: str, op_types: list[str]) -> None:
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=op_types,
                     per_channel=False, reduce_range=False)


def quantize_model_dir(model_dir: str, log=print) -> None:
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's "consider pre-processing" warning
    for name, op_types in (("encoder_model", ["MatMul"]), ("decoder_model", ["MatMul", "Gather"]),
                           ("decoder_with_past_model", ["MatMul", "Gather"])):
        log(f"  writing {name}{SUFFIX}.onnx")
        quantize_file(os.path.join(model_dir, f"{name}.onnx"), os.path.join(model_dir, f"{name}{SUFFIX}.onnx"), op_types)
    log(f"  writing decoder_model_merged{SUFFIX}.onnx")
    merged = merge_decoders(onnx.load(os.path.join(model_dir, f"decoder_model{SUFFIX}.onnx")),
                            onnx.load(os.path.join(model_dir, f"decoder_with_past_model{SUFFIX}.onnx")))
    save(merged, os.path.join(model_dir, f"decoder_model_merged{SUFFIX}.onnx"))
