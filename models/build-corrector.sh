#!/usr/bin/env bash
# Builds the BART correction model from scratch (models/corrector/README.md): clean sentences (PriMock57 and the
# lexicon), their speech (Festival), what MedASR hears in it, training pairs, training, the ONNX model directory.
# Each stage is skipped when its output exists, and training resumes from its checkpoint, so a stopped build
# continues where it stopped.
# usage: models/build-corrector.sh [WORK_DIR [MODEL_DIR]]   (defaults: models/build/corrector, models/corrector-bart)
# Needs: Debian festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k; models/whisper-base and the lexicon
# (./medasr serve builds both); ../shared/data/text (PriMock57, asr-pairs), or MEDASR_TEXT_DIR.
# MEDASR_CORRECTOR_TRAIN: extra train.py options (e.g. "--steps 2000" for a trial).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
WORK="$(realpath -m "${1:-$MODELS_DIR/build/corrector}")"
OUT="$(realpath -m "${2:-$MODELS_DIR/corrector-bart}")"
TEXT="${MEDASR_TEXT_DIR:-$(realpath -m "$MODELS_DIR/../../shared/data/text")}"
ROOT="$(dirname "$MODELS_DIR")"
TRAIN_VENV="$MODELS_DIR/.venv-train"
mkdir -p "$WORK"
for tool in festival text2wave; do
  command -v "$tool" >/dev/null || { echo "corrector: $tool missing (apt-get install festival ...)" >&2; exit 1; }
done
ensure_venv
run() { PYTHONPATH="$MODELS_DIR" "$@"; }

if [[ ! -f "$WORK/sentences.jsonl" ]]; then
  run "$PYTHON" -m corrector.sentences --primock "$TEXT/primock57" --asr-pairs "$TEXT/asr-pairs/pairs.jsonl" \
    --lexicon "$MODELS_DIR/lexicon/lexicon.tsv" --out "$WORK/sentences.jsonl"
fi
if [[ ! -f "$WORK/speech/manifest.jsonl" ]]; then
  run "$PYTHON" -m corrector.speak --sentences "$WORK/sentences.jsonl" --out "$WORK/speech"
fi
if [[ ! -f "$WORK/speech/hyp.jsonl" ]]; then
  echo "corrector: transcribing the speech with models/whisper-base (int8, server defaults)" >&2
  MEDASR_PRECISION=int8 "$ROOT/medasr" eval --manifest "$WORK/speech/manifest.jsonl" \
    --model-dir "$MODELS_DIR/whisper-base" --hyp-out "$WORK/speech/hyp.jsonl.part" --json > "$WORK/speech/eval.json"
  mv "$WORK/speech/hyp.jsonl.part" "$WORK/speech/hyp.jsonl"
fi
if [[ ! -f "$WORK/pairs/pairs.json" ]]; then
  run "$PYTHON" -m corrector.pairs --sentences "$WORK/sentences.jsonl" --hypotheses "$WORK/speech/hyp.jsonl" \
    --out "$WORK/pairs"
fi
if [[ ! -x "$TRAIN_VENV/bin/python" ]]; then
  "${MEDASR_PYTHON:-python3}" -m venv "$TRAIN_VENV"
  "$TRAIN_VENV/bin/pip" install --disable-pip-version-check -r "$MODELS_DIR/corrector/requirements-train.txt"
fi
# shellcheck disable=SC2086
run "$TRAIN_VENV/bin/python" -m corrector.train --pairs "$WORK/pairs" --out "$WORK/train" ${MEDASR_CORRECTOR_TRAIN:-}
run "$PYTHON" -m corrector.export --trained "$WORK/train" --pairs "$WORK/pairs" --out "$OUT"
echo "corrector: $OUT"
