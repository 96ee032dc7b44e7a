#!/usr/bin/env bash
# A/B timing of two blogen binaries on the same corpus, runs interleaved (A B A B ...) so that
# a change in the machine's load hits both alike. Prints min and median wall and CPU time per
# binary. Each run is cold: the corpus' site and cache are removed first.
# Usage: bench/ab.sh OLD_BIN NEW_BIN CORPUS_DIR [RUNS=5] [extra build args...]
#   CORPUS_DIR: a folder with mkdocs.yml, e.g. one written by `cargo run --release --example
#   gen_corpus -- 1000 /tmp/corpus-1000`. Needs /usr/bin/time (Debian: time).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,7p' "$0"; exit 2; }
a="$1" b="$2" dir="$3" runs="${4:-5}"
shift $(( $# < 4 ? $# : 4 ))
declare -A wall cpu
for i in $(seq "$runs"); do
  for which in A B; do
    bin="$a"; [ "$which" = B ] && bin="$b"
    rm -rf "$dir/site" "$dir/.blogen-cache" "$dir/.cache"
    log="$(mktemp)"
    /usr/bin/time -f '%e %U %S' "$bin" build -q -f "$dir/mkdocs.yml" "$@" 2>"$log" >/dev/null
    read -r w u s < <(tail -1 "$log"); rm -f "$log"
    wall[$which]+="$w "
    cpu[$which]+="$(echo "$u + $s" | bc) "
  done
done
stats() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {printf "min %6.2f s  median %6.2f s", v[1], v[int((NR+1)/2)]}'; }
for which in A B; do
  printf '%s  wall: %s   CPU (user+sys): %s\n' "$which" "$(echo "${wall[$which]}" | stats)" "$(echo "${cpu[$which]}" | stats)"
done
