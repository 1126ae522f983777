#!/usr/bin/env bash
# What each chain of correctors does (docs/correction.md), with vocabulary biasing on and off: WER, medical-term
# recall, M-WER and spurious term insertions on medical-synth, WER on the LibriSpeech sample, the time correction
# adds per Recognize call (p50, p95, from the server's log), and WER on asr-pairs (other recognizers' text, every
# word taken as doubted) before and after.
#   bench/correction.sh [CORRECTION_MODEL_DIR [OUT_DIR]]
#   defaults: models/corrector-bart, models/build/correction-eval; whisper-base int8 on 127.0.0.1:50471
# Biasing off keeps the lexicon (the correctors compare with it) and turns off its specialty list and prompt terms.
# Needs ../shared/data (or MEDASR_DATA_DIR) and a built tree (./mvnw -q install -DskipTests). MEDASR_BENCH_LIMIT=N
# evaluates only the first N utterances of each set (a smoke run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORRECTION_MODEL="$(realpath -m "${1:-$ROOT/models/corrector-bart}")"
OUT="$(realpath -m "${2:-$ROOT/models/build/correction-eval}")"
DATA="$(realpath -m "${MEDASR_DATA_DIR:-$ROOT/../shared/data}")"
PORT="${MEDASR_BENCH_PORT:-50471}"
CHAINS=(none lexicon seq2seq lexicon,seq2seq)
LIMIT=()
[[ -n "${MEDASR_BENCH_LIMIT:-}" ]] && LIMIT=(--limit "$MEDASR_BENCH_LIMIT")
[[ -f "$CORRECTION_MODEL/encoder_model.onnx" ]] || { echo "no correction model in $CORRECTION_MODEL" >&2; exit 2; }
mkdir -p "$OUT"
cd "$ROOT"

serve() {  # serve LOG [server flags...]: starts the server in the background and waits until it serves
  local log="$1"
  shift
  java -jar server/target/medasr-server.jar --model models/whisper-base --precision int8 --port "$PORT" \
    --correction-model "$CORRECTION_MODEL" "$@" > "$log" 2>&1 &
  SERVER=$!
  until grep -q "medasr: serving model" "$log"; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 1
  done
}

for bias in on off; do
  flags=()
  [[ $bias == off ]] && flags=(--specialty-terms 0 --lexicon-prompt false)
  log="$OUT/server-bias-$bias.log"
  serve "$log" "${flags[@]+"${flags[@]}"}"
  for chain in "${CHAINS[@]}"; do
    correct=()
    [[ $chain != none ]] && correct=(--correct --correctors "$chain")
    name="bias-$bias.${chain/,/+}"
    echo "bench: $name" >&2
    before=$(grep -c "correction:" "$log" || true)
    ./medasr eval --server "127.0.0.1:$PORT" --manifest "$DATA/speech/medical-synth/manifest.jsonl" \
      --terms "$DATA/speech/medical-synth/terms.txt" --json "${correct[@]+"${correct[@]}"}" \
      "${LIMIT[@]+"${LIMIT[@]}"}" \
      > "$OUT/medical.$name.json" || true
    grep "correction:" "$log" | tail -n +"$((before + 1))" > "$OUT/medical.$name.corrections" || true
    ./medasr eval --server "127.0.0.1:$PORT" --manifest "$DATA/speech/librispeech-sample/manifest.jsonl" \
      --json "${correct[@]+"${correct[@]}"}" "${LIMIT[@]+"${LIMIT[@]}"}" > "$OUT/librispeech.$name.json" || true
  done
  kill "$SERVER"
  wait "$SERVER" || true
done

for chain in lexicon seq2seq lexicon,seq2seq; do
  prefix="$OUT/asr-pairs.${chain/,/+}"
  java -cp server/target/medasr-server.jar:server/target/test-classes io.medasr.correct.CorrectionOnText \
    models/whisper-base models/lexicon/lexicon.tsv "$DATA/text/asr-pairs/pairs.jsonl" "$prefix" "$chain" \
    "$CORRECTION_MODEL" > "$prefix.changes"
  ./medasr wer --ref "$prefix.ref.jsonl" --hyp "$prefix.before.jsonl" --json > "$prefix.before.json"
  ./medasr wer --ref "$prefix.ref.jsonl" --hyp "$prefix.after.jsonl" --json > "$prefix.after.json"
done

python3 - "$OUT" <<'EOF'
import json, re, statistics, sys
out = sys.argv[1]

def load(path):
    with open(path) as f:
        return json.load(f)

print(f"{'biasing':8} {'correctors':17} {'medical WER':>11} {'term recall':>17} {'M-WER':>7} {'spurious':>8} "
      f"{'Libri WER':>9} {'ms/call p50':>11} {'p95':>7}")
for bias in ("on", "off"):
    for chain in ("none", "lexicon", "seq2seq", "lexicon+seq2seq"):
        name = f"bias-{bias}.{chain}"
        medical, libri = load(f"{out}/medical.{name}.json"), load(f"{out}/librispeech.{name}.json")
        terms, med = medical["terms"], medical["medical"]
        with open(f"{out}/medical.{name}.corrections") as f:
            ms = sorted(float(m) for m in re.findall(r"in ([0-9.]+) ms", f.read()))
        p50 = f"{statistics.median(ms):.1f}" if ms else "-"
        p95 = f"{ms[min(len(ms) - 1, int(0.95 * len(ms)))]:.1f}" if ms else "-"
        print(f"{bias:8} {chain:17} {100 * medical['summary']['wer']:10.2f}% "
              f"{100 * terms['recall']:6.2f}% ({terms['recognized']}/{terms['referenceOccurrences']}) "
              f"{100 * med['medicalWer']:6.2f}% {med['spuriousInsertions']:8d} {100 * libri['summary']['wer']:8.2f}% "
              f"{p50:>11} {p95:>7}")
print()
for chain in ("lexicon", "seq2seq", "lexicon+seq2seq"):
    before, after = load(f"{out}/asr-pairs.{chain}.before.json"), load(f"{out}/asr-pairs.{chain}.after.json")
    with open(f"{out}/asr-pairs.{chain}.changes") as f:
        changes = sum(1 for line in f if "' -> '" in line)
    print(f"asr-pairs {chain:17} WER {100 * before['summary']['wer']:.2f}% -> {100 * after['summary']['wer']:.2f}% "
          f"({changes} changes)")
EOF
