#!/usr/bin/env bash
# Builds the MedASR image and checks it as an operator would: the container starts as a non-root user, answers
# the gRPC health check (from outside and through its own HEALTHCHECK) and transcribes a file; prints the image
# size, the build time and the time from `run` to serving. Run by hand: CI has no container engine.
# usage: deploy/verify-image.sh AUDIO_FILE     env: ENGINE (podman or docker; default: the one installed),
#        IMAGE (default localhost/medasr:verify), BUILD_ARGS (e.g. "--build-arg PRECISION=int8"), PORT (50051)
# On a machine without registry access, podman needs the base images made locally first
# (docs/deployment.md, "Verifying the image").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AUDIO="${1:?usage: deploy/verify-image.sh AUDIO_FILE}"
ENGINE="${ENGINE:-$(command -v podman >/dev/null 2>&1 && echo podman || echo docker)}"
IMAGE="${IMAGE:-localhost/medasr:verify}"
PORT="${PORT:-50051}"
NAME="medasr-verify-$$"
CLI="$ROOT/cli/target/medasr-cli.jar"
[ -f "$CLI" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)

echo "== building $IMAGE with $ENGINE"
start=$(date +%s)
format=()
[ "$ENGINE" = podman ] && format=(--format docker)  # OCI images drop HEALTHCHECK
# shellcheck disable=SC2086 # BUILD_ARGS are words
"$ENGINE" build "${format[@]}" ${BUILD_ARGS:-} -t "$IMAGE" "$ROOT"
build_seconds=$(( $(date +%s) - start ))

cleanup() { "$ENGINE" rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "== starting the container (plaintext on a trusted network: MEDASR_ALLOW_PLAINTEXT=true)"
start=$(date +%s.%N)
"$ENGINE" run -d --name "$NAME" -p "127.0.0.1:$PORT:50051" -e MEDASR_ALLOW_PLAINTEXT=true "$IMAGE" >/dev/null
until "$ENGINE" logs "$NAME" 2>&1 | grep -q "serving model"; do
  "$ENGINE" inspect -f '{{.State.Running}}' "$NAME" | grep -q true || { "$ENGINE" logs "$NAME"; exit 1; }
  sleep 0.5
done
start_seconds=$(echo "$(date +%s.%N) - $start" | bc)

user=$("$ENGINE" exec "$NAME" id -un)
[ "$user" != root ] || { echo "the server runs as root" >&2; exit 1; }
java -jar "$CLI" health --server "localhost:$PORT"
# the image's own HEALTHCHECK (podman without systemd does not schedule it: run it once)
if [ "$ENGINE" = podman ]; then podman healthcheck run "$NAME"; else
  until [ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME")" = healthy ]; do sleep 1; done; fi
java -jar "$CLI" transcribe --server "localhost:$PORT" --model "$("$ENGINE" exec "$NAME" sh -c 'basename "$MEDASR_MODEL_DIR"')" "$AUDIO"
"$ENGINE" stop -t 35 "$NAME" >/dev/null

size=$("$ENGINE" image inspect -f '{{.Size}}' "$IMAGE")
printf '== verified %s: user %s, image %.2f GB, build %d s, start to serving %.1f s\n' \
  "$IMAGE" "$user" "$(echo "$size / 1000000000" | bc -l)" "$build_seconds" "$start_seconds"
