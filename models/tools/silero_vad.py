"""Silero VAD from its PyPI wheel (models/sources/silero-vad.txt), without torch.

usage: python -m tools.silero_vad extract --wheel WHEEL --out DIR
       python -m tools.silero_vad reference --onnx FILE --wav WAV --out JSON

`extract` writes silero_vad.onnx and LICENSE into DIR after checking the file's hash and its inputs and
outputs (the layout io.medasr.vad.SileroVadModel expects). `reference` runs the model over a WAV file as
silero's own `OnnxWrapper` + `get_speech_timestamps` do and writes the per-frame probabilities and the
speech timestamps, for the Java test that runs when the real model is present.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import sys
import zipfile

import numpy as np

ONNX_MEMBER = "silero_vad/data/silero_vad.onnx"
ONNX_SHA256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"
LICENSE_SUFFIX = ".dist-info/licenses/LICENSE"
CODE_MEMBER = "silero_vad/utils_vad.py"

SAMPLE_RATE = 16000
FRAME = 512  # new samples per call at 16 kHz (OnnxWrapper: num_samples)
CONTEXT = 64  # samples of the previous call put before them (OnnxWrapper: context_size)
STATE_SHAPE = (2, 1, 128)

# name -> (ONNX element type, declared shape; None = any); the layout the Java side relies on
EXPECTED_INPUTS = {"input": ("FLOAT", 2), "state": ("FLOAT", 3), "sr": ("INT64", 0)}
EXPECTED_OUTPUTS = {"output": ("FLOAT", 2), "stateN": ("FLOAT", 3)}


def extract(wheel: str, out_dir: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        onnx_bytes = z.read(ONNX_MEMBER)
        license_member = next(n for n in z.namelist() if n.endswith(LICENSE_SUFFIX))
        license_bytes = z.read(license_member)
    digest = hashlib.sha256(onnx_bytes).hexdigest()
    if digest != ONNX_SHA256:
        sys.exit(f"{ONNX_MEMBER} in {wheel} has sha256 {digest}, expected {ONNX_SHA256}")
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "silero_vad.onnx")
    # write under a temporary name first: the launcher takes an existing silero_vad.onnx as complete
    with open(onnx_path + ".part", "wb") as f:
        f.write(onnx_bytes)
    check_io(onnx_path + ".part")
    with open(os.path.join(out_dir, "LICENSE"), "wb") as f:
        f.write(license_bytes)
    os.replace(onnx_path + ".part", onnx_path)
    print(f"{onnx_path}: {len(onnx_bytes)} bytes, sha256 {digest}; LICENSE from {license_member}")


def check_io(onnx_path: str) -> None:
    import onnx

    graph = onnx.load(onnx_path).graph
    for values, expected in ((graph.input, EXPECTED_INPUTS), (graph.output, EXPECTED_OUTPUTS)):
        found = {v.name: v.type.tensor_type for v in values}
        for name, (elem, rank) in expected.items():
            t = found.get(name)
            if t is None or onnx.TensorProto.DataType.Name(t.elem_type) != elem or len(t.shape.dim) != rank:
                sys.exit(f"{onnx_path}: expected {name} {elem} of rank {rank}, found {sorted(found)}")


def speech_timestamps_from_probs(wheel: str):
    """silero's own `get_speech_timestamps_from_probs`, taken from the wheel's source (it needs no torch)."""
    with zipfile.ZipFile(wheel) as z:
        source = z.read(CODE_MEMBER).decode()
    tree = ast.parse(source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef)
                    and n.name == "get_speech_timestamps_from_probs")
    namespace = {"List": list}
    exec(compile(ast.Module(body=[function], type_ignores=[]), CODE_MEMBER, "exec"), namespace)
    return namespace["get_speech_timestamps_from_probs"]


def wrapper_probs(onnx_path: str, audio: np.ndarray) -> list[float]:
    """Per-frame speech probabilities exactly as silero's get_speech_timestamps computes them with
    OnnxWrapper (numpy instead of torch): the last frame padded with zeros, state and context zero at the
    start, context = the last 64 samples of the previous input, the state the model returned."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(onnx_path, sess_options=options, providers=["CPUExecutionProvider"])
    frames = -(-len(audio) // FRAME)
    audio = np.pad(audio.astype(np.float32), (0, frames * FRAME - len(audio)))
    state = np.zeros(STATE_SHAPE, np.float32)
    context = np.zeros((1, CONTEXT), np.float32)
    probs = []
    for i in range(frames):
        x = np.concatenate([context, audio[None, i * FRAME:(i + 1) * FRAME]], axis=1)
        out, state = session.run(None, {"input": x, "state": state, "sr": np.array(SAMPLE_RATE, dtype=np.int64)})
        context = x[..., -CONTEXT:]
        probs.append(float(out[0, 0]))
    return probs


def read_wav(path: str) -> np.ndarray:
    import wave

    with wave.open(path) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (SAMPLE_RATE, 1, 2):
            sys.exit(f"{path}: expected 16 kHz mono 16-bit")
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768


def reference(onnx_path: str, wav: str, wheel: str, out: str) -> None:
    audio = read_wav(wav)
    probs = wrapper_probs(onnx_path, audio)
    segments = speech_timestamps_from_probs(wheel)(probs, audio_length_samples=len(audio))
    with open(out, "w") as f:
        json.dump({"wav": os.path.basename(wav), "samples": len(audio), "probabilities": probs,
                   "segments": [[s["start"], s["end"]] for s in segments]}, f)
        f.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract")
    p.add_argument("--wheel", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("reference")
    p.add_argument("--onnx", required=True)
    p.add_argument("--wav", required=True)
    p.add_argument("--wheel", required=True)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "extract":
        extract(args.wheel, args.out)
    else:
        reference(args.onnx, args.wav, args.wheel, args.out)


if __name__ == "__main__":
    main()
