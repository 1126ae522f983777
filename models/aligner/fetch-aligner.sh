#!/usr/bin/env bash
# Fetches the forced aligner's assets (docs/word-timing.md) from their hash-pinned PyPI wheels
# (models/sources/aligner.txt) into OUT_DIR: the pocketsphinx en-us acoustic model, the CMU pronouncing
# dictionary, the g2p_en letter-to-sound weights, and their licences. Without them the server times words from
# cross-attention and the audio's pauses alone.
# usage: models/aligner/fetch-aligner.sh [OUT_DIR]   (default: models/aligner-en-us)
set -euo pipefail
MODELS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$MODELS_DIR/aligner-en-us}")"
WHEELS="$MODELS_DIR/cache/wheels/aligner"
PYTHON="${MEDASR_PYTHON:-python3}"
mkdir -p "$WHEELS"
# one wheel per package whatever the host: the files taken from pocketsphinx's are data, not its native code
"$PYTHON" -m pip download --disable-pip-version-check --no-deps --require-hashes --progress-bar on \
  --only-binary :all: --platform manylinux2014_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
  -r "$MODELS_DIR/sources/aligner.txt" -d "$WHEELS" >&2
"$PYTHON" - "$WHEELS" "$OUT" <<'PY'
import glob, os, shutil, sys, zipfile

wheels, out = sys.argv[1], sys.argv[2]
part = out + ".part"
shutil.rmtree(part, ignore_errors=True)
taken = {
    "pocketsphinx-5.1.1-*.whl": {
        **{f"pocketsphinx/model/en-us/en-us/{n}": f"en-us/{n}" for n in
           ("mdef", "means", "variances", "sendump", "transition_matrices", "feat.params", "noisedict", "README")},
        "pocketsphinx/model/en-us/cmudict-en-us.dict": "cmudict-en-us.dict",
        "pocketsphinx-5.1.1.dist-info/licenses/LICENSE": "LICENSE.pocketsphinx",
    },
    "g2p_en-2.1.0-*.whl": {
        "g2p_en/checkpoint20.npz": "g2p/checkpoint20.npz",
        "g2p_en-2.1.0.dist-info/LICENSE.txt": "LICENSE.g2p_en",
    },
}
for pattern, members in taken.items():
    (wheel,) = glob.glob(os.path.join(wheels, pattern))
    with zipfile.ZipFile(wheel) as z:
        for member, target in members.items():
            path = os.path.join(part, target)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with z.open(member) as src, open(path, "wb") as dst:
                shutil.copyfileobj(src, dst)
# the finished directory appears at once: the launcher takes an existing one as complete
shutil.rmtree(out, ignore_errors=True)
os.replace(part, out)
print(f"{out}: en-us acoustic model, cmudict-en-us.dict, g2p/checkpoint20.npz and their licences")
PY
