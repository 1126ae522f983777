#!/usr/bin/env bash
# Builds the server jar and its test classes, then runs one of the stress tools (docs/stress.md):
#   bench/stress.sh shutdown --model DIR --manifest FILE [flags] [-- server flags]
#   bench/stress.sh leak --manifest FILE --server 127.0.0.1:PORT [flags]
#   bench/stress.sh soak --manifest FILE --server 127.0.0.1:PORT [--metrics 127.0.0.1:MPORT] [--minutes 60] [flags]
# STRESS_SKIP_BUILD=1 skips the build (for repeated runs of an unchanged tree).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

case "${1:-}" in
  shutdown) main=io.medasr.stress.ShutdownStress ;;
  leak) main=io.medasr.stress.LeakCheck ;;
  soak) main=io.medasr.stress.Soak ;;
  *) usage ;;
esac
shift

if [ "${STRESS_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -pl server -am package -DskipTests) >&2
fi
# Run from the caller's directory so relative --model/--manifest paths mean what they say.
exec java ${STRESS_JAVA_OPTS:-} -cp "$ROOT/server/target/medasr-server.jar:$ROOT/server/target/test-classes" "$main" "$@"
