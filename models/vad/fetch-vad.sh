#!/usr/bin/env bash
# Fetches the Silero VAD model (MIT) from its hash-pinned PyPI wheel (models/sources/silero-vad.txt) and
# extracts silero_vad.onnx and its LICENSE into OUT_DIR. The server falls back to an energy VAD without it.
# See docs/vad.md.
# usage: models/vad/fetch-vad.sh [OUT_DIR]   (default: models/vad-silero)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tools/venv.sh"
OUT="$(realpath -m "${1:-$MODELS_DIR/vad-silero}")"
ensure_venv
WHEELS="$MODELS_DIR/cache/wheels/silero-vad"
"$PYTHON" -m pip download --disable-pip-version-check --no-deps --require-hashes --progress-bar off \
  -r "$MODELS_DIR/sources/silero-vad.txt" -d "$WHEELS" >&2
PYTHONPATH="$MODELS_DIR" "$PYTHON" -m tools.silero_vad extract --wheel "$WHEELS"/silero_vad-*.whl --out "$OUT"
