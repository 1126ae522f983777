"""int8 variants (`*_quantized.onnx`, transformers.js' q8 naming) with onnxruntime's dynamic quantizer.

Weights of MatMul (all projections, the tied output projection) and of the decoder's token-embedding
Gather become int8, per tensor, no reduce_range (transformers.js uses neither per-channel nor reduce_range
for Whisper); activations are quantized at run time (DynamicQuantizeLinear + MatMulInteger). The encoder
convolutions (ConvInteger has uint8-only kernels) and the encoder fc2 MatMuls (see below) stay float32.
The merged decoder is made by merging the two quantized decoders, so the int8 merged and split files
share identical weights.
"""
from __future__ import annotations

import logging
import os

import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

from .whisper_graph import merge_decoders, save

SUFFIX = "_quantized"


def quantize_file(src: str, dst: str, op_types: list[str], float_weights: tuple[str, ...] = ()) -> None:
    """float_weights: HF weight names (suffixes) whose MatMul stays float32."""
    keep_float = [n.name for n in onnx.load(src).graph.node
                  if n.op_type == "MatMul" and any(n.input[1].endswith(f"{w}.weight.T") for w in float_weights)]
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=op_types,
                     nodes_to_exclude=keep_float, per_channel=False, reduce_range=False)


def quantize_model_dir(model_dir: str, log=print) -> None:
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's "consider pre-processing" warning
    # Encoder fc2 stays float32: its input (GELU output) has large outliers, and per-tensor run-time
    # quantization of it alone gave 19 % relative error on whisper-base's encoder output (all MatMuls:
    # 22 %); without it the int8 model's WER on english-more is 25.8 % vs 27.5 % fp32 and 32.4 % all-int8.
    for name, op_types, float_weights in (("encoder_model", ["MatMul"], ("fc2",)),
                                          ("decoder_model", ["MatMul", "Gather"], ()),
                                          ("decoder_with_past_model", ["MatMul", "Gather"], ())):
        log(f"  writing {name}{SUFFIX}.onnx")
        quantize_file(os.path.join(model_dir, f"{name}.onnx"), os.path.join(model_dir, f"{name}{SUFFIX}.onnx"),
                      op_types, float_weights)
    log(f"  writing decoder_model_merged{SUFFIX}.onnx")
    merged = merge_decoders(onnx.load(os.path.join(model_dir, f"decoder_model{SUFFIX}.onnx")),
                            onnx.load(os.path.join(model_dir, f"decoder_with_past_model{SUFFIX}.onnx")))
    save(merged, os.path.join(model_dir, f"decoder_model_merged{SUFFIX}.onnx"))
