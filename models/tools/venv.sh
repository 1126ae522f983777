# Sourced by the models/*.sh entry points: makes models/.venv (python3 -m venv) and installs
# models/requirements.txt into it when missing or when the requirements changed.
MODELS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$MODELS_DIR/.venv"
PYTHON="$VENV/bin/python"

ensure_venv() {
  local requirements="$MODELS_DIR/requirements.txt" stamp="$VENV/.requirements.sha256"
  local want
  want="$(sha256sum "$requirements" "$@" | sha256sum | cut -d' ' -f1)"
  if [[ ! -x "$PYTHON" ]]; then
    echo "creating $VENV"
    "${MEDASR_PYTHON:-python3}" -m venv "$VENV"
  fi
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    "$PYTHON" -m pip install --disable-pip-version-check --progress-bar on -r "$requirements" "${@/#/-r}"
    echo "$want" > "$stamp"
  fi
}
