#!/usr/bin/env bash
# Shows that two blogen binaries build the same sites: the sample blog, every test fixture with a
# mkdocs.yml and a generated 300-post corpus are built by each binary (cold, then warm from its own
# cache, then `check`), and the sites, exit codes and diagnostics are compared byte for byte.
# Used to prove a refactor changes no behaviour.
# Usage: bench/same_output.sh OLD_BLOGEN NEW_BLOGEN [WORKDIR]   (default WORKDIR: target/same-output)
set -euo pipefail
cd "$(dirname "$0")/.."
old="$(realpath "$1")" new="$(realpath "$2")"
work="${3:-target/same-output}"
rm -rf "$work" && mkdir -p "$work"
work="$(realpath "$work")"

cargo build --release --quiet --example gen_corpus
gen="${CARGO_TARGET_DIR:-$PWD/target}/release/examples/gen_corpus"
mkdir -p "$work/inputs"
"$gen" 300 "$work/inputs/corpus-300" >/dev/null

inputs=("sample:." "corpus:$work/inputs/corpus-300")
for cfg in tests/fixtures/*/mkdocs.yml; do
  d="$(dirname "$cfg")"
  inputs+=("$(basename "$d"):$d")
done

# Runs one binary on a copy of one input; everything it says goes to files under OUT.
run() { # BIN SRC OUT
  # Every run happens at the same path, so paths in messages match between the two binaries.
  local bin="$1" src="$2" out="$3" at="$work/run" step
  rm -rf "$at" && mkdir -p "$at" "$out"
  cp -r "$src" "$at/src"
  rm -rf "$at/src/site" "$at/src/.blogen-cache" "$at/src/target" "$at/src/.git"
  for step in cold warm; do
    (cd "$at/src" && "$bin" build -v -d "$at/site" >"$out/$step.out" 2>"$out/$step.err"; echo $? >"$out/$step.rc") || true
    # The elapsed time in the summary line is the one thing allowed to differ.
    sed -i -E 's/ in [0-9.]+(ms|s|µs)/ in TIME/' "$out/$step.err"
    if [ -d "$at/site" ]; then cp -r "$at/site" "$out/site-$step"; fi
  done
  (cd "$at/src" && "$bin" check -v --format json >"$out/check.out" 2>"$out/check.err"; echo $? >"$out/check.rc") || true
  rm -rf "$at"
}

status=0
for entry in "${inputs[@]}"; do
  name="${entry%%:*}" src="${entry#*:}"
  if [ "$name" = sample ]; then
    # The sample blog is the repo itself: copy only what a build reads.
    mkdir -p "$work/inputs/sample"
    cp -r mkdocs.yml docs "$work/inputs/sample/"
    [ -d templates ] && cp -r templates "$work/inputs/sample/"
    src="$work/inputs/sample"
  fi
  run "$old" "$src" "$work/old/$name"
  run "$new" "$src" "$work/new/$name"
  if diff -r "$work/old/$name" "$work/new/$name" >"$work/$name.diff"; then
    printf '%-16s same (%s files)\n' "$name" "$(find "$work/new/$name" -type f | wc -l)"
  else
    printf '%-16s DIFFERS: see %s\n' "$name" "$work/$name.diff"
    status=1
  fi
done
exit $status
