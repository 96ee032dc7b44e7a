#!/usr/bin/env bash
# Pathological-input benchmark: each case of examples/pathological/cases.rs at 10,000 and
# 100,000 repetitions, timed, with the ratio of the two times (≈10 when linear, ≈100 when
# quadratic; above 30 the case is flagged and the script exits 1).
# Usage: bench/pathological.sh [--render] [pathological's options: --only SUBSTR, --timeout S, ...]
#   default: `blogen build` of a one-post blog per case (net of an empty build);
#   --render: the Markdown pipeline alone, in a child process per case (faster, less noise).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin blogen --example pathological
target="${CARGO_TARGET_DIR:-$PWD/target}"
work="$target/pathological"
if [ "${1:-}" = "--render" ]; then
  shift
  exec "$target/release/examples/pathological" "$@"
fi
exec "$target/release/examples/pathological" --blogen "$target/release/blogen" --work "$work" "$@"
