#!/usr/bin/env bash
# Regenerates the tiny random-weight Whisper test models in models/tiny (committed; see models/tiny/README.md).
# usage: models/make-tiny-models.sh [--verify]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
ensure_venv
cd "$MODELS_DIR"
"$PYTHON" -m tools.make_tiny tiny
if [[ "${1:-}" == "--verify" ]]; then
  "$PYTHON" -m tools.verify_graph --tiny-dir tiny
fi
