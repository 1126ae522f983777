#!/usr/bin/env bash
# Regenerates the tiny random-weight Whisper and BART test models and the tiny Silero-layout VAD model with
# its segmentation reference in models/tiny (committed; see models/tiny/README.md).
# usage: models/make-tiny-models.sh [--verify]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
ensure_venv
cd "$MODELS_DIR"
"$PYTHON" -m tools.make_tiny tiny
"$PYTHON" -m tools.make_tiny_bart tiny/bart-tiny-random
# the VAD reference runs silero's own segmentation code, taken from its pinned wheel
"$PYTHON" -m pip download --disable-pip-version-check --no-deps --require-hashes --progress-bar off \
  -r sources/silero-vad.txt -d cache/wheels/silero-vad >&2
"$PYTHON" -m tools.make_tiny_vad --wheel cache/wheels/silero-vad/silero_vad-*.whl tiny/silero-vad-tiny
if [[ "${1:-}" == "--verify" ]]; then
  "$PYTHON" -m tools.verify_graph --tiny-dir tiny
fi
