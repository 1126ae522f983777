#!/usr/bin/env bash
# Fuzzes MedASR's fuzz targets (the @FuzzTest methods; docs/fuzzing.md) one after another with Jazzer, each for
# SECONDS (default 300), and prints each target's executions, coverage and findings.
#   bench/fuzz.sh [SECONDS] [Class#method ...]
# Findings are written by Jazzer next to the test's regression inputs
# (server/src/test/resources/<package>/<Class>Inputs/<method>/crash-*): commit them with the fix, and every build
# replays them. The generated corpus goes to .cifuzz-corpus/ (not committed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_TARGET="${1:-300}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    "TokenizerFuzzTest#anyTextEncodesAndDecodesBack"
    "TokenizerFuzzTest#anyTokensDecodeAndOthersAreRefused"
    "AudioFuzzTest#anyBytesDecodeAlikeHoweverCutOrAreRefused"
    "RequestFuzzTest#anyConfigIsTakenOrRefusedAsInvalid"
    "RequestFuzzTest#anyRecognizeRequestEndsWithAClearStatus"
    "RequestFuzzTest#anyStreamEndsWithAClearStatus"
  )
fi
cd "$ROOT"
./mvnw -B -q -o -pl server -am test-compile
LOGS="$(mktemp -d)"
for target in "${TARGETS[@]}"; do
  log="$LOGS/${target//#/-}.log"
  echo "fuzzing $target for ${SECONDS_PER_TARGET} s (log: $log)" >&2
  # the targets' maxDuration is a day: the timeout ends the run (SIGINT: libFuzzer stops cleanly)
  JAZZER_FUZZ=1 timeout --signal=INT "$SECONDS_PER_TARGET" ./mvnw -B -o -pl server -am test -Dtest="$target" \
    -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1 || true
  last="$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)"
  executions="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")"
  coverage="$(grep -oE 'cov: [0-9]+' <<<"$last" || true)"
  speed="$(grep -oE 'exec/s: [0-9]+' <<<"$last" || true)"
  findings="$(grep -acE '== Java Exception|FuzzTestFinding' "$log" || true)"
  printf '%-62s executions %10s  %s  %s  findings %s\n' "$target" "${executions:-0}" "$coverage" "$speed" "$findings"
done
