"""Builds the trained corrector's ONNX model directory (Hugging Face optimum's BART layout, as io.medasr.bart
reads it) from train.py's weights.npz, with tools/bart_graph.py, and checks it against the PyTorch model: the
logits of train.py's probe within LOGITS_TOLERANCE and the same greedy correction. Then int8: the graphs'
MatMuls and embedding lookups quantized (onnxruntime's dynamic quantizer, per tensor), kept in place of the float32
ones when their greedy corrections of train.py's validation sample are right at most INT8_LOSS_ALLOWED times fewer
(--fp32 keeps float32). export.json records the choice and both counts.

Writes encoder_model.onnx, decoder_model.onnx, decoder_with_past_model.onnx, config.json,
generation_config.json, tokenizer.json (BART's tokenizer layout: tools/make_tiny_bart.tokenizer_json) and
export.json, with the training log (train.log) and the data manifest (data.json: pairs.py's sources, licences and
counts) beside them.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil

import numpy as np
from onnxruntime.quantization import QuantType, quantize_dynamic

from tools.bart_graph import BartDims, build_decoder, build_decoder_with_past, build_encoder
from tools.make_tiny_bart import OnnxBart, tokenizer_json
from tools.whisper_config import write_compact_json, write_json
from tools.whisper_graph import save

LOGITS_TOLERANCE = 1e-3
GRAPHS = ("encoder_model", "decoder_model", "decoder_with_past_model")
INT8_LOSS_ALLOWED = 3  # of train.py's 300 validation corrections (1 %)


def dims_of(config: dict) -> BartDims:
    return BartDims(d_model=config["d_model"], encoder_layers=config["encoder_layers"],
                    encoder_heads=config["encoder_attention_heads"], decoder_layers=config["decoder_layers"],
                    decoder_heads=config["decoder_attention_heads"], ffn_dim=config["encoder_ffn_dim"],
                    vocab_size=config["vocab_size"], max_position_embeddings=config["max_position_embeddings"])


def bpe_files(bpe_json: dict) -> tuple[dict[str, int], list[tuple[str, str]]]:
    vocab = dict(bpe_json["model"]["vocab"])
    for added in bpe_json["added_tokens"]:
        vocab[added["content"]] = added["id"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in bpe_json["model"]["merges"]]
    return vocab, merges


def greedy(model: OnnxBart, ids: list[int], config: dict, max_new_tokens: int) -> list[int]:
    """Greedy generation by recomputing the whole prefix each step (the plainest reading of the graphs)."""
    source = np.array([ids], np.int64)
    mask = np.ones_like(source)
    states = model.encode(source, mask)
    sequence = [config["decoder_start_token_id"]]
    while len(sequence) <= max_new_tokens:
        logits = model.decode(mask, np.array([sequence], np.int64), states)["logits"][0, -1]
        token = config["forced_bos_token_id"] if len(sequence) == 1 else int(np.argmax(logits))  # first maximum
        sequence.append(token)
        if token == config["eos_token_id"]:
            break
    return sequence


def check(model: OnnxBart, probe: dict, config: dict) -> None:
    source = np.array([probe["input_ids"]], np.int64)
    mask = np.ones_like(source)
    logits = model.decode(mask, np.array([probe["greedy"][:-1]], np.int64), model.encode(source, mask))["logits"][0]
    for row, key in ((0, "logits_first_row_first_8"), (-1, "logits_last_row_first_8")):
        difference = float(np.max(np.abs(logits[row, :8] - np.array(probe[key]))))
        if difference > LOGITS_TOLERANCE:
            raise AssertionError(f"ONNX logits differ from PyTorch's by {difference} ({key})")
    # all but the last token: PyTorch forces </s> when a generation reaches its length limit
    expected = probe["greedy"][:-1]
    tokens = greedy(model, probe["input_ids"], config, len(expected) - 1)[:len(expected)]
    if tokens != expected:
        raise AssertionError(f"ONNX greedy {tokens} differs from PyTorch's {probe['greedy']}")
    print(f"  checked: probe logits within {LOGITS_TOLERANCE}, greedy {probe['greedy_text']!r} as in PyTorch")


def right_corrections(model: OnnxBart, sample: list[dict], config: dict) -> int:
    return sum(greedy(model, pair["input_ids"], config, len(pair["clean_ids"]))[1:] == pair["clean_ids"]
               for pair in sample)


def quantize(out: str, sample: list[dict], config: dict, keep_fp32: bool) -> dict:
    """Replaces the float32 graphs in out by int8 ones if they correct (about) as well; returns the record."""
    fp32 = right_corrections(OnnxBart(out), sample, config)
    record = {"precision": "fp32", "validation_pairs": len(sample), "right_fp32": fp32}
    if keep_fp32:
        return record
    int8_dir = os.path.join(out, "int8")
    os.makedirs(int8_dir, exist_ok=True)
    try:
        logging.getLogger().setLevel(logging.ERROR)  # the quantizer's "consider pre-processing" advice
        for name in GRAPHS:
            quantize_dynamic(os.path.join(out, f"{name}.onnx"), os.path.join(int8_dir, f"{name}.onnx"),
                             weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"],
                             per_channel=False, reduce_range=False)
        record["right_int8"] = right_corrections(OnnxBart(int8_dir), sample, config)
        if record["right_int8"] >= fp32 - INT8_LOSS_ALLOWED:
            record["precision"] = "int8"
            for name in GRAPHS:
                os.replace(os.path.join(int8_dir, f"{name}.onnx"), os.path.join(out, f"{name}.onnx"))
    finally:
        shutil.rmtree(int8_dir)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trained", required=True, help="train.py's --out folder")
    parser.add_argument("--pairs", required=True, help="pairs.py's --out folder (its pairs.json is the data manifest)")
    parser.add_argument("--out", required=True, help="model directory to write")
    parser.add_argument("--fp32", action="store_true", help="keep the float32 graphs (no int8)")
    args = parser.parse_args(argv)
    with open(os.path.join(args.trained, "config.json")) as f:
        config = json.load(f)
    weights = dict(np.load(os.path.join(args.trained, "weights.npz")))
    dims = dims_of(config)
    os.makedirs(args.out, exist_ok=True)
    for name, build in zip(GRAPHS, (build_encoder, build_decoder, build_decoder_with_past)):
        print(f"  writing {name}.onnx")
        save(build(weights, dims), os.path.join(args.out, f"{name}.onnx"))
    write_json(os.path.join(args.out, "config.json"), config)
    shutil.copy(os.path.join(args.trained, "generation_config.json"), args.out)
    shutil.copy(os.path.join(args.trained, "train.log"), args.out)
    shutil.copy(os.path.join(args.pairs, "pairs.json"), os.path.join(args.out, "data.json"))
    with open(os.path.join(args.trained, "bpe.json"), encoding="utf-8") as f:
        vocab, merges = bpe_files(json.load(f))
    write_compact_json(os.path.join(args.out, "tokenizer.json"), tokenizer_json(vocab, merges))
    with open(os.path.join(args.trained, "probe.json")) as f:
        check(OnnxBart(args.out), json.load(f), config)
    with open(os.path.join(args.trained, "valid_sample.json")) as f:
        record = quantize(args.out, json.load(f), config, args.fp32)
    write_json(os.path.join(args.out, "export.json"), record)
    print(f"  {record['precision']}: {record}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
