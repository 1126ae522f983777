#!/usr/bin/env bash
# Reference transcripts over a manifest (JSONL on stdout, real-time factor on stderr); see docs/models.md.
#   models/reference-transcribe.sh                      faster-whisper on models/cache/ct2-whisper-base
#   models/reference-transcribe.sh --engine onnx --model models/whisper-base [--suffix _quantized]
# Any tools/reference_transcribe.py option may be added; later options override the defaults.
# Needs models/build-model.sh NAME to have run first (it unpacks the CT2 weights into models/cache).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
ensure_venv "$MODELS_DIR/requirements-reference.txt"
REPO="$(cd "$MODELS_DIR/.." && pwd)"
PYTHONPATH="$MODELS_DIR" exec "$PYTHON" -m tools.reference_transcribe --engine ct2 --model "$MODELS_DIR/cache/ct2-whisper-base" \
  --manifest "$REPO/../shared/data/speech/librispeech-sample/manifest.jsonl" --threads 2 "$@"
