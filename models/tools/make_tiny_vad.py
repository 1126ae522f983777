"""Generates the tiny Silero-layout VAD test model and the segmentation reference of silero's own code.

usage: python -m tools.make_tiny_vad --wheel SILERO_WHEEL OUT_DIR

OUT_DIR/silero_vad.onnx has the real model's inputs and outputs (input f32 [B, 576] = 64 context + 512 new
samples, state f32 [2, B, 128], sr int64 scalar -> output f32 [B, 1], stateN f32 [2, B, 128]) and a
transparent body, so that the Java tests can compute every output by hand:

    output = 1/4 mean|context| + 1/4 mean|new samples| + 1/2 mean(state) + (sr - 16000)
    stateN = mean|new samples|, in every element

With samples that are multiples of 1/8 every value is exact in float32. The state carries the previous
frame's level, the context the previous frame's tail, and a wrong sr shows up as an output of thousands.

OUT_DIR/segments-reference.json: speech timestamps computed by `get_speech_timestamps_from_probs` from the
silero-vad wheel for seeded random probability sequences under several settings; the Java segmenter must
give the same segments.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

from .silero_vad import CONTEXT, speech_timestamps_from_probs

OPSET, IR_VERSION = 16, 8  # as silero_vad.onnx
SEED = 2024
CASES = [
    # (threshold, neg_threshold, min_speech_ms, min_silence_ms, speech_pad_ms, frames or the probabilities,
    #  samples missing from the last frame)
    (0.5, 0.35, 250, 100, 30, 400, 0),  # silero's defaults
    (0.5, 0.35, 250, 100, 30, 300, 300),  # a partial last frame
    (0.5, 0.35, 100, 50, 100, 400, 17),  # min silence < 2 x pad: neighbouring pads split the gap
    (0.5, 0.35, 0, 0, 0, 200, 0),  # no minimum, no padding
    (0.5, 0.35, 1000, 200, 30, 400, 0),  # many segments too short
    (0.6, 0.2, 64, 32, 48, 400, 511),  # other thresholds, one sample in the last frame
]
# Speech, then silence shorter than min_silence when the audio ends: silero ends that segment at the end of
# the audio, not where the silence began.
OPEN_AT_END = (0.5, 0.35, 250, 200, 30, [0.1] * 5 + [0.9] * 20 + [0.1] * 3, 100)


def tiny_model() -> onnx.ModelProto:
    def const(name, values, dtype=TensorProto.INT64):
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, dtype, [len(values)], values))

    def scalar(name, value, dtype=TensorProto.FLOAT):
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, dtype, [], [value]))

    nodes = [
        const("ctx_start", [0]), const("ctx_end", [CONTEXT]), const("new_end", [2 ** 62]), const("axis1", [1]),
        const("axis0", [0]),
        scalar("quarter", 0.25), scalar("half", 0.5), scalar("rate", 16000, TensorProto.INT64),
        helper.make_node("Abs", ["input"], ["magnitude"]),
        helper.make_node("Slice", ["magnitude", "ctx_start", "ctx_end", "axis1"], ["context"]),
        helper.make_node("Slice", ["magnitude", "ctx_end", "new_end", "axis1"], ["new"]),
        helper.make_node("ReduceMean", ["context"], ["context_level"], axes=[1], keepdims=1),  # [B, 1]
        helper.make_node("ReduceMean", ["new"], ["new_level"], axes=[1], keepdims=1),  # [B, 1]
        helper.make_node("ReduceMean", ["state"], ["state_mean"], axes=[0, 2], keepdims=0),  # [B]
        helper.make_node("Unsqueeze", ["state_mean", "axis1"], ["state_level"]),  # [B, 1]
        helper.make_node("Sub", ["sr", "rate"], ["sr_offset_int"]),
        helper.make_node("Cast", ["sr_offset_int"], ["sr_offset"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["context_level", "quarter"], ["a"]),
        helper.make_node("Mul", ["new_level", "quarter"], ["b"]),
        helper.make_node("Mul", ["state_level", "half"], ["c"]),
        helper.make_node("Add", ["a", "b"], ["ab"]),
        helper.make_node("Add", ["ab", "c"], ["abc"]),
        helper.make_node("Add", ["abc", "sr_offset"], ["output"]),
        helper.make_node("Unsqueeze", ["new_level", "axis0"], ["new_level_3d"]),  # [1, B, 1]
        helper.make_node("Shape", ["state"], ["state_shape"]),
        helper.make_node("Expand", ["new_level_3d", "state_shape"], ["stateN"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_silero_vad",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", "samples"]),
         helper.make_tensor_value_info("state", TensorProto.FLOAT, [2, "batch", 128]),
         helper.make_tensor_value_info("sr", TensorProto.INT64, [])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1]),
         helper.make_tensor_value_info("stateN", TensorProto.FLOAT, [2, "batch", 128])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="medasr")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def check_tiny(path: str) -> None:
    """The formula of the docstring, on one frame, through onnxruntime."""
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    x = np.full((1, 576), -0.5, np.float32)
    x[0, :CONTEXT] = 0.25
    state = np.full((2, 1, 128), 0.125, np.float32)
    out, state_n = session.run(None, {"input": x, "state": state, "sr": np.array(16000, np.int64)})
    assert out.tolist() == [[0.25 * 0.25 + 0.25 * 0.5 + 0.5 * 0.125]], out
    assert state_n.shape == (2, 1, 128) and np.all(state_n == 0.5), state_n


def random_probabilities(rng: np.random.Generator, frames: int) -> list[float]:
    """Runs of speech, silence and in-between values, with the thresholds themselves now and then."""
    probs: list[float] = []
    while len(probs) < frames:
        kind = rng.choice(["speech", "silence", "between", "edge"], p=[0.4, 0.35, 0.15, 0.1])
        run = int(rng.integers(1, 30))
        if kind == "speech":
            values = rng.uniform(0.5, 1.0, run)
        elif kind == "silence":
            values = rng.uniform(0.0, 0.35, run)
        elif kind == "between":
            values = rng.uniform(0.2, 0.6, run)
        else:
            values = rng.choice([0.5, 0.35, 0.6, 0.2], run)
        probs.extend(float(np.float32(v)) for v in values)  # float32, as a model returns them
    return probs[:frames]


def segments_reference(wheel: str) -> dict:
    timestamps = speech_timestamps_from_probs(wheel)
    rng = np.random.default_rng(SEED)
    cases = []
    for threshold, neg, min_speech, min_silence, pad, frames, short in CASES + [OPEN_AT_END]:
        if isinstance(frames, int):
            probs = random_probabilities(rng, frames)
        else:
            probs = [float(np.float32(p)) for p in frames]
        samples = len(probs) * 512 - short
        segments = timestamps(probs, threshold=threshold, neg_threshold=neg, min_speech_duration_ms=min_speech,
                              min_silence_duration_ms=min_silence, speech_pad_ms=pad,
                              audio_length_samples=samples)
        cases.append({"threshold": threshold, "neg_threshold": neg, "min_speech_ms": min_speech,
                      "min_silence_ms": min_silence, "speech_pad_ms": pad, "samples": samples,
                      "probabilities": probs, "segments": [[s["start"], s["end"]] for s in segments]})
    return {"source": "silero-vad 6.2.3 get_speech_timestamps_from_probs", "cases": cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", required=True)
    parser.add_argument("out_dir")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "silero_vad.onnx")
    onnx.save(tiny_model(), path)
    check_tiny(path)
    with open(os.path.join(args.out_dir, "segments-reference.json"), "w") as f:
        json.dump(segments_reference(args.wheel), f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} and segments-reference.json")


if __name__ == "__main__":
    main()
