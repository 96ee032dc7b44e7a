#!/usr/bin/env bash
# Benchmark: wall time, CPU time and peak RSS of `blogen build` on generated corpora:
# 1,000 posts cold, 1,000 posts warm (nothing changed since the last build), one post edited,
# without the cache, and 10,000 posts cold. `BLOGEN_TIMINGS=1` on a build shows its stages.
# Usage: [BENCH_PROFILE=dist] bench/run.sh [WORKDIR]   (default: target/bench). Needs /usr/bin/time
# (Debian: time).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/bench}"
mkdir -p "$work"
# BENCH_PROFILE=dist measures the binary built to ship (default: release).
profile="${BENCH_PROFILE:-release}"
cargo build --profile "$profile" --quiet --bin blogen --example gen_corpus --example bench_floor
# Cargo puts its output under CARGO_TARGET_DIR when that is set (relative to this folder).
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
bin="$target/$profile/blogen"
gen="$target/$profile/examples/gen_corpus"
floor="$target/$profile/examples/bench_floor"

corpus() { # N
  local dir="$work/corpus-$1"
  if [ ! -f "$dir/mkdocs.yml" ]; then "$gen" "$1" "$dir"; fi
  echo "$dir"
}

measure() { # LABEL DIR [extra args]
  local label="$1" dir="$2"; shift 2
  local log; log="$(mktemp)"
  /usr/bin/time -v "$bin" build -q -f "$dir/mkdocs.yml" "$@" 2>"$log" >/dev/null || { cat "$log"; exit 1; }
  local wall rss user sys
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  user=$(grep "User time" "$log" | awk '{print $NF}')
  sys=$(grep "System time" "$log" | awk '{print $NF}')
  printf '%-30s wall %6s s   CPU user %5s s + sys %5s s   peak RSS %5d MB\n' \
    "$label" "$(to_seconds "$wall")" "$user" "$sys" "$((rss / 1024))"
  rm -f "$log"
}

to_seconds() { # m:ss.cc or h:mm:ss -> seconds
  awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"
}

# Earlier output is moved aside, not deleted, before a cold build: on ext4 a folder tree
# deleted just before makes creating the next one slow, which is not blogen's cost.
trash="$work/trash"
mkdir -p "$trash"
aside() { # DIR...
  local d
  for d in "$@"; do
    if [ -e "$d" ]; then mv "$d" "$(mktemp -d "$trash/old.XXXXXX")/"; fi
  done
}
trap 'rm -rf "$trash"' EXIT

c1k=$(corpus 1000)
c10k=$(corpus 10000)
echo "machine: $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "pulldown-cmark + syntect only (floor), 1,000 posts: wall %e s, peak RSS %M KB" "$floor" "$c1k/docs" 2>&1 | tail -1
aside "$c1k/.blogen-cache" "$c1k/site"
measure "1,000 posts, cold" "$c1k"
# The first rebuild fills a fresh folder (and keeps the old site as the spare); from the
# second on, the spare is brought up to date in place: the steady state of repeated builds.
measure "1,000 posts, warm (1st)" "$c1k"
measure "1,000 posts, warm (steady)" "$c1k"
post="$(find "$c1k/docs/blog/posts" -name main.md | sort | sed -n 500p)"
cp "$post" "$trash/post.md"
printf '\nOne more paragraph, edited for the benchmark.\n' >>"$post"
measure "1,000 posts, one post edited" "$c1k"
cp "$trash/post.md" "$post"
measure "1,000 posts, --no-cache" "$c1k" --no-cache
aside "$c10k/.blogen-cache" "$c10k/site"
measure "10,000 posts, cold" "$c10k"
