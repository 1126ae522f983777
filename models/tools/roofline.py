"""How close Whisper's encoder and decoder come to this machine's limits (issue 13, "the limit").

Counts the work of one 30 s encoder window (multiply-adds of every MatMul and convolution, as FLOPs = 2 x MACs)
and of one decoder step with the KV cache (FLOPs, and the bytes it must read: every weight of the graph once, the
cached keys and values of self- and cross-attention), measures the machine's peak on one thread (an ONNX Runtime
MatMul for FLOP/s, the best of a square one and the encoder MLP's shapes; a float32 sum over 512 MiB for read
bandwidth), times the real graphs on one
thread, and prints the fraction of the limit each stage reaches: the encoder against the FLOP peak (it is compute
bound), the decoder step against the bandwidth peak (one token at a time reads every weight for ~100 MFLOPs).

usage: python -m tools.roofline MODEL_DIR [--past 40] [--rounds 5]     (from models/, in the venv)
One thread throughout, so that the figures hold on a shared machine with one core free.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from .onnx_greedy import optimum_session

WINDOW_FRAMES = 3000  # 30 s of log-mel frames
# (rows, inner, columns): a square product, and the encoder MLP's two products for a 30 s window of base
GEMM_SHAPES = ((1024, 1024, 1024), (1500, 512, 2048), (1500, 2048, 512))
BANDWIDTH_BYTES = 512 << 20


def encoder_flops(c: dict, frames: int = WINDOW_FRAMES) -> float:
    """FLOPs of one encoder pass: two convolutions, then per layer the projections, attention and MLP."""
    d, f, mels, layers = c["d_model"], c["encoder_ffn_dim"], c["num_mel_bins"], c["encoder_layers"]
    t = frames // 2
    convs = frames * d * mels * 3 + t * d * d * 3
    per_layer = 4 * t * d * d + 2 * t * t * d + 2 * t * d * f
    return 2.0 * (convs + layers * per_layer)


def decoder_step_flops(c: dict, past: int, source: int) -> float:
    """FLOPs of one token through the decoder with its cache: the cross-attention keys and values are cached."""
    d, f, layers, vocab = c["d_model"], c["decoder_ffn_dim"], c["decoder_layers"], c["vocab_size"]
    per_layer = 4 * d * d + 2 * d * d + 2 * (past + 1) * d + 2 * source * d + 2 * d * f
    return 2.0 * (layers * per_layer + d * vocab)


def cache_bytes(c: dict, past: int, source: int) -> int:
    """float32 keys and values a step reads: self-attention over the past, cross-attention over the source."""
    return 4 * c["decoder_layers"] * 2 * c["d_model"] * (past + source)


def weight_bytes(path: str) -> int:
    return sum(numpy_helper.to_array(t).nbytes for t in onnx.load(path).graph.initializer)


def best_seconds(run, rounds: int) -> float:
    run()  # warm-up: allocations, first-run kernels
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_flops(rounds: int) -> float:
    """ONNX Runtime's own float32 MatMul kernel on one thread: the best rate over GEMM_SHAPES."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    rng = np.random.default_rng(0)
    best = 0.0
    for m, k, n in GEMM_SHAPES:
        graph = helper.make_graph(
            [helper.make_node("MatMul", ["a", "b"], ["c"])], "gemm",
            [helper.make_tensor_value_info("a", TensorProto.FLOAT, [m, k]),
             helper.make_tensor_value_info("b", TensorProto.FLOAT, [k, n])],
            [helper.make_tensor_value_info("c", TensorProto.FLOAT, [m, n])])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        feeds = {"a": rng.standard_normal((m, k), dtype=np.float32), "b": rng.standard_normal((k, n), dtype=np.float32)}
        best = max(best, 2.0 * m * k * n / best_seconds(lambda: session.run(None, feeds), rounds))
    return best


def peak_read_bandwidth(rounds: int) -> float:
    data = np.ones(BANDWIDTH_BYTES // 4, dtype=np.float32)
    return BANDWIDTH_BYTES / best_seconds(lambda: data.sum(dtype=np.float32), rounds)


def time_encoder(model_dir: str, suffix: str, rounds: int, mels: int) -> float:
    session = optimum_session(model_dir, "encoder_model" + suffix)
    features = np.zeros((1, mels, WINDOW_FRAMES), dtype=np.float32)
    return best_seconds(lambda: session.run(None, {"input_features": features}), rounds)


def time_decoder_step(model_dir: str, suffix: str, c: dict, past: int, source: int, rounds: int) -> float:
    session = optimum_session(model_dir, "decoder_with_past_model" + suffix)
    heads = c["decoder_attention_heads"]
    head_dim = c["d_model"] // heads
    rng = np.random.default_rng(0)
    feeds = {"input_ids": np.array([[440]], dtype=np.int64)}
    for i in session.get_inputs():
        if i.name.startswith("past_key_values"):
            length = source if ".encoder." in i.name else past
            feeds[i.name] = (0.1 * rng.standard_normal((1, heads, length, head_dim))).astype(np.float32)
        elif i.name in ("logits_rows", "beam_index"):
            feeds[i.name] = np.array([0], dtype=np.int64)
    return best_seconds(lambda: session.run(None, feeds), rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("--past", type=int, default=40, help="tokens already in the decoder's cache")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per figure (the best is kept)")
    args = parser.parse_args()
    with open(os.path.join(args.model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    source = WINDOW_FRAMES // 2

    flops_peak = peak_flops(args.rounds)
    bandwidth_peak = peak_read_bandwidth(args.rounds)
    print(f"peak on one thread: {flops_peak / 1e9:.1f} GFLOP/s (onnxruntime MatMul, float32, best of "
          f"{len(GEMM_SHAPES)} shapes), {bandwidth_peak / 1e9:.1f} GB/s read "
          f"(float32 sum over {BANDWIDTH_BYTES >> 20} MiB)")
    encoder_work = encoder_flops(config)
    step_work = decoder_step_flops(config, args.past, source)
    print(f"work: encoder {encoder_work / 1e9:.1f} GFLOP per 30 s window; decoder step {step_work / 1e6:.0f} MFLOP "
          f"(past {args.past}, source {source}), cache {cache_bytes(config, args.past, source) / 1e6:.1f} MB read")
    print(f"{'stage':<26} {'weights MB':>10} {'time ms':>9} {'achieved':>16} {'of the limit':>13}")
    for suffix, label in (("", "fp32"), ("_quantized", "int8")):
        if not os.path.exists(os.path.join(args.model_dir, f"encoder_model{suffix}.onnx")):
            continue
        seconds = time_encoder(args.model_dir, suffix, args.rounds, config["num_mel_bins"])
        weights = weight_bytes(os.path.join(args.model_dir, f"encoder_model{suffix}.onnx"))
        achieved = encoder_work / seconds
        print(f"{'encoder, 30 s, ' + label:<26} {weights / 1e6:>10.1f} {seconds * 1e3:>9.1f} "
              f"{achieved / 1e9:>10.1f} GFLOP/s {achieved / flops_peak:>12.0%}")
        seconds = time_decoder_step(args.model_dir, suffix, config, args.past, source, args.rounds)
        weights = weight_bytes(os.path.join(args.model_dir, f"decoder_with_past_model{suffix}.onnx"))
        moved = weights + cache_bytes(config, args.past, source)
        print(f"{'decoder step, ' + label:<26} {weights / 1e6:>10.1f} {seconds * 1e3:>9.1f} "
              f"{moved / seconds / 1e9:>13.1f} GB/s {moved / seconds / bandwidth_peak:>12.0%}")


if __name__ == "__main__":
    main()
