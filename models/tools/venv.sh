# Sourced by the models/*.sh entry points: makes models/.venv (python3 -m venv) and installs
# models/requirements.txt (plus any extra requirement files given to ensure_venv) into it when missing
# or when those files changed.
MODELS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$MODELS_DIR/.venv"
PYTHON="$VENV/bin/python"

ensure_venv() {
  local requirements="$MODELS_DIR/requirements.txt" want stamp
  stamp="$VENV/.installed$(printf -- '-%s' "${@##*/}")"  # one stamp per set of requirement files
  want="$(sha256sum "$requirements" "$@" | sha256sum | cut -d' ' -f1)"
  if [[ ! -x "$PYTHON" ]]; then
    echo "creating $VENV" >&2
    "${MEDASR_PYTHON:-python3}" -m venv "$VENV"
  fi
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    # to stderr: stdout belongs to the tool (reference-transcribe.sh prints JSONL there)
    "$PYTHON" -m pip install --disable-pip-version-check --progress-bar on -r "$requirements" "${@/#/-r}" >&2
    echo "$want" > "$stamp"
  fi
}
