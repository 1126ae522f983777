"""int8 variants (`*_quantized.onnx`, transformers.js' q8 naming) of a Whisper model directory.

Encoder: onnxruntime's dynamic quantizer. MatMul weights become int8 per tensor, no reduce_range;
activations are quantized at run time per tensor (DynamicQuantizeLinear + MatMulInteger). The convolutions
(ConvInteger has uint8-only kernels) and fc2 (see below) stay float32.

Decoders: MatMulNBits, 8-bit weights in blocks of 32 along the input axis (asymmetric, a scale and zero point
per block), accuracy level 4 (activations quantized to int8 per row and block at run time, int8 dot products).
A row's activations are quantized on their own, so a position's logits do not depend on the other positions fed
in the same call: a decoder call that checks a draft of 24 tokens gives the tokens a step-by-step decode gives
(per-tensor dynamic quantization did not: one scale for all the rows fed together changed 17 of 30 stream
transcripts). The token-embedding Gather is int8 per tensor (a weight-only lookup). The graphs say so in their
metadata (BATCH_INVARIANT_KEY), which the server reads.

The merged decoder is made by merging the two quantized decoders, so the int8 merged and split files share
identical weights.
"""
from __future__ import annotations

import logging
import os

import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

from .whisper_graph import merge_decoders, save

SUFFIX = "_quantized"
# metadata of a decoder whose outputs at a position do not depend on the other positions of a call
BATCH_INVARIANT_KEY = "medasr.batch_invariant"
DECODER_WEIGHT_BITS = 8
DECODER_BLOCK_SIZE = 32
# MLAS: int8 activations per row and block, int8 dot products (0 would dequantize the weights to float32)
DECODER_ACCURACY_LEVEL = 4


def quantize_encoder(src: str, dst: str) -> None:
    # fc2 stays float32: its input (GELU output) has large outliers, and per-tensor run-time quantization of it
    # alone gave 19 % relative error on whisper-base's encoder output (all MatMuls: 22 %); without it the int8
    # model's WER on english-more is 25.8 % vs 27.5 % fp32 and 32.4 % all-int8.
    keep_float = [n.name for n in onnx.load(src).graph.node
                  if n.op_type == "MatMul" and n.input[1].endswith("fc2.weight.T")]
    # the quantizer's shape inference cannot type the outputs of contrib operators (the fused attention)
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                     nodes_to_exclude=keep_float, per_channel=False, reduce_range=False,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def quantize_decoder(src: str, dst: str) -> None:
    config = DefaultWeightOnlyQuantConfig(block_size=DECODER_BLOCK_SIZE, is_symmetric=False,
                                          accuracy_level=DECODER_ACCURACY_LEVEL, bits=DECODER_WEIGHT_BITS)
    quantizer = MatMulNBitsQuantizer(onnx.load(src), bits=DECODER_WEIGHT_BITS, block_size=DECODER_BLOCK_SIZE,
                                     is_symmetric=False, accuracy_level=DECODER_ACCURACY_LEVEL,
                                     algo_config=config)
    quantizer.process()
    blockwise = dst + ".blockwise.onnx"
    onnx.save(quantizer.model.model, blockwise)
    try:
        quantize_dynamic(blockwise, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"],
                         per_channel=False, reduce_range=False)
    finally:
        os.remove(blockwise)
    model = onnx.load(dst)
    onnx.helper.set_model_props(model, {BATCH_INVARIANT_KEY: "true"})
    save(model, dst)


def quantize_model_dir(model_dir: str, log=print) -> None:
    logging.getLogger().setLevel(logging.ERROR)  # the quantizers' "consider pre-processing" and per-node notes
    for name, quantize in (("encoder_model", quantize_encoder),
                           ("decoder_model", quantize_decoder),
                           ("decoder_with_past_model", quantize_decoder)):
        log(f"  writing {name}{SUFFIX}.onnx")
        quantize(os.path.join(model_dir, f"{name}.onnx"), os.path.join(model_dir, f"{name}{SUFFIX}.onnx"))
    log(f"  writing decoder_model_merged{SUFFIX}.onnx")
    merged = merge_decoders(onnx.load(os.path.join(model_dir, f"decoder_model{SUFFIX}.onnx")),
                            onnx.load(os.path.join(model_dir, f"decoder_with_past_model{SUFFIX}.onnx")))
    onnx.helper.set_model_props(merged, {BATCH_INVARIANT_KEY: "true"})
    save(merged, os.path.join(model_dir, f"decoder_model_merged{SUFFIX}.onnx"))
