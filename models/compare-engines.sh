#!/usr/bin/env bash
# Our Java engine against faster-whisper on the same CTranslate2 weights, back to back on one machine, with the
# same decoding (temperature 0 only, no timestamp tokens, no previous-text prompt across clips, no lexicon) and the
# same thread count; prints WER (Whisper normalization, `medasr wer`), real-time factors and their ratio side by side,
# and the CPU time each engine used per second of audio (all its threads: how many cores a real-time stream takes).
# Both engines transcribe the first clip once before the timed run (--warm-up), so that neither pays its first
# call's allocations and class loading in its real-time factor; model loading is excluded for both.
#   models/compare-engines.sh [--precision fp32|int8] [--beam N] [--short-context] [--rounds R]
#                             [NAME [MANIFEST [THREADS]]]
#   defaults: fp32, greedy, 30 s windows, 1 round, base, LibriSpeech sample, 2 threads
# --rounds R runs the pair R times, each round faster-whisper then MedASR, and reports each round's ratio and their
# median: on a shared machine speed drifts within minutes, and a ratio of two runs next to each other drifts less.
# int8 is faster-whisper's compute_type int8 against MedASR's *_quantized.onnx files; --short-context encodes
# MedASR's windows with only their frames and a margin (`serve --short-context`; faster-whisper always pads 30 s).
# Needs models/build-model.sh NAME to have run (the ONNX directory and the unpacked CT2 weights).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools/venv.sh"
REPO="$(cd "$MODELS_DIR/.." && pwd)"
PRECISION=fp32
BEAM=1
SHORT_CONTEXT=false
ROUNDS=1
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --precision) PRECISION="$2"; shift 2 ;;
    --beam) BEAM="$2"; shift 2 ;;
    --short-context) SHORT_CONTEXT=true; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$PRECISION" in
  fp32) COMPUTE_TYPE=float32 ;;
  int8) COMPUTE_TYPE=int8 ;;
  *) echo "--precision must be fp32 or int8" >&2; exit 2 ;;
esac
NAME="${1:-base}"
MANIFEST="$(realpath "${2:-$REPO/../shared/data/speech/librispeech-sample/manifest.jsonl}")"
THREADS="${3:-2}"
OUT="$(mktemp -d)"
CT2="$MODELS_DIR/cache/ct2-whisper-$NAME"
[[ -f "$CT2/model.bin" ]] || { echo "no CT2 weights in $CT2: run models/build-model.sh $NAME first" >&2; exit 1; }

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a positive number" >&2; exit 2; }

# one round into $OUT/round-K; prints "faster-whisper RTF, MedASR RTF, faster-whisper CPU/audio s, MedASR CPU/audio s"
run_round() {
  local dir="$OUT/round-$1"
  mkdir -p "$dir"
  echo "== round $1 of $ROUNDS: faster-whisper ($COMPUTE_TYPE, beam $BEAM, $THREADS threads)" >&2
  "$MODELS_DIR/reference-transcribe.sh" --model "$CT2" --manifest "$MANIFEST" --threads "$THREADS" \
    --compute-type "$COMPUTE_TYPE" --beam-size "$BEAM" --warm-up \
    > "$dir/faster-whisper.raw.jsonl" 2> "$dir/faster-whisper.log"
  "$PYTHON" -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    print(json.dumps({"id": d["id"], "text": d["hyp"]}, ensure_ascii=False))' "$dir/faster-whisper.raw.jsonl" \
    > "$dir/faster-whisper.jsonl"
  echo "== round $1 of $ROUNDS: medasr (Java, ONNX Runtime, $PRECISION, beam $BEAM, short context $SHORT_CONTEXT," \
    "$THREADS threads)" >&2
  MEDASR_DECODERS=1 MEDASR_THREADS="$THREADS" MEDASR_TIMESTAMP_TOKENS=false MEDASR_TEMPERATURE_FALLBACK=false \
    MEDASR_LEXICON=none \
    MEDASR_PRECISION="$PRECISION" MEDASR_BEAM_SIZE="$BEAM" MEDASR_SHORT_CONTEXT="$SHORT_CONTEXT" \
    "$REPO/medasr" eval --model-dir "$MODELS_DIR/whisper-$NAME" --manifest "$MANIFEST" --normalize whisper \
    --warm-up --json --hyp-out "$dir/medasr.jsonl" > "$dir/medasr.report.json"
  printf '%s %s %s %s\n' "$(sed -n 's/.* rtf=\([0-9.]*\) .*/\1/p' "$dir/faster-whisper.log")" \
    "$("$PYTHON" -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["run"]["rtfCalls"])' \
      "$dir/medasr.report.json")" \
    "$(sed -n 's/.* cpu_per_audio_s=\([0-9.]*\) .*/\1/p' "$dir/faster-whisper.log")" \
    "$("$PYTHON" -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["run"]["serverCpuPerAudioSecond"])' \
      "$dir/medasr.report.json")"
}

for ((round = 1; round <= ROUNDS; round++)); do
  run_round "$round" >> "$OUT/rtfs.txt"
done
# temperature 0: every round gives the same transcripts; the first round's are scored
cp "$OUT/round-1/faster-whisper.jsonl" "$OUT/round-1/medasr.jsonl" "$OUT/"
read -r fw_rtf java_rtf ratio spread fw_cpu java_cpu cpu_ratio < <("$PYTHON" -c 'import statistics, sys
rounds = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
ratios = [r[1] / r[0] for r in rounds]
median = lambda k: statistics.median(r[k] for r in rounds)
print("%.3f %.3f %.2f %s %.3f %.3f %.2f" % (median(0), median(1), statistics.median(ratios),
      ",".join("%.2f" % r for r in ratios), median(2), median(3), statistics.median(r[3] / r[2] for r in rounds)))' \
  "$OUT/rtfs.txt")

wer_of() {
  "$REPO/medasr" wer --ref "$MANIFEST" --hyp "$1" --normalize whisper | sed -n 's/^WER *\([0-9.]* %\).*/\1/p'
}
identical="$("$PYTHON" -c 'import json, sys
a = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")}
b = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(sys.argv[2], encoding="utf-8")}
print(f"{sum(a[k] == b.get(k) for k in a)}/{len(a)}")' "$OUT/faster-whisper.jsonl" "$OUT/medasr.jsonl")"

printf '\nwhisper-%s %s, beam %s, on %s (%s threads)\n' "$NAME" "$PRECISION" "$BEAM" "$MANIFEST" "$THREADS"
printf '%-40s %10s %8s %16s\n' engine WER RTF "CPU s / audio s"
printf '%-40s %10s %8s %16s\n' "faster-whisper 1.2.1 (CT2 $COMPUTE_TYPE)" "$(wer_of "$OUT/faster-whisper.jsonl")" \
  "$fw_rtf" "$fw_cpu"
printf '%-40s %10s %8s %16s\n' "medasr (ORT $PRECISION, via gRPC)" "$(wer_of "$OUT/medasr.jsonl")" "$java_rtf" \
  "$java_cpu"
printf 'RTF ratio medasr / faster-whisper: %s' "$ratio"
if [[ "$ROUNDS" -gt 1 ]]; then
  printf ' (the median; each round: %s; the RTFs above are medians too)' "$spread"
fi
printf '\nCPU ratio medasr / faster-whisper: %s (the server process against the Python process, all threads)\n' \
  "$cpu_ratio"
printf 'identical transcripts: %s; outputs kept in %s\n' "$identical" "$OUT"
