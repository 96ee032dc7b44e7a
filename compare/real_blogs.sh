#!/usr/bin/env bash
# Builds real mkdocs-material blogs with mkdocs-material and with blogen and prints a side-by-side
# table (compare/compare_sites.py): pages missing/extra by URL, posts whose heading ids differ,
# links that resolve to no file in each build, raw Markdown syntax left in the HTML, and the
# `--strict` exit codes of both.
#
# Usage: compare/real_blogs.sh WORKDIR BLOG...
#        compare/real_blogs.sh WORKDIR --list compare/blogs.txt
#   BLOG is a git directory (a bare clone or mirror: HEAD's tree is laid out blob by blob)
#   or a plain folder holding mkdocs.yml. With --list, each `owner/name` line of the file names
#   the mirror ${MIRROR:-/work/.mirror}/owner+name/repo. WORKDIR must be outside this repository:
#   the blogs' content and both builds go there, never into the repo.
# Environment: MKDOCS (default: mkdocs on PATH; use a venv outside the repo with
#   mkdocs-material and the blog's plugins), BLOGEN (default: the release build in
#   ${CARGO_TARGET_DIR:-target}), DROP_PLUGINS (space-separated plugin names removed from the
#   copy of mkdocs.yml both tools build, for plugins that need the network or a git history),
#   BLOGEN_NO_CUSTOM_DIR=1 (blogen's copy drops `theme.custom_dir`: template overrides written
#   for mkdocs-material's Jinja theme, so the Markdown can be compared when they do not load),
#   REUSE_MKDOCS=1 (keep the mkdocs builds of an earlier run in WORKDIR; rebuild only blogen's).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
[ $# -ge 2 ] || { sed -n '2,14p' "$0"; exit 2; }
work="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
if [ "${1:-}" = --list ]; then
  [ $# -eq 2 ] || { echo "--list takes one file" >&2; exit 2; }
  list="$2"
  set --
  while read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    set -- "$@" "${MIRROR:-/work/.mirror}/${line/\//+}/repo"
  done <"$list"
fi
case "$work/" in "$repo"/*) echo "WORKDIR must be outside the repository" >&2; exit 2 ;; esac
mkdocs="${MKDOCS:-mkdocs}"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
blogen="${BLOGEN:-$target/release/blogen}"
[ -x "$blogen" ] || { echo "no blogen binary at $blogen (cargo build --release)" >&2; exit 2; }

results=()
for src in "$@"; do
  name="$(basename "$(dirname "$src")")"
  [ "$(basename "$src")" = repo ] || name="$(basename "$src")"
  dir="$work/$name"
  reuse=""
  [ -n "${REUSE_MKDOCS:-}" ] && [ -f "$dir/mk.rc" ] && reuse=1
  if [ -n "$reuse" ]; then
    rm -rf "$dir/src" "$dir/bg-src" "$dir/bg-site" "$dir/bg-strict" && mkdir -p "$dir/src"
  else
    rm -rf "$dir" && mkdir -p "$dir/src"
  fi
  if git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    python3 "$here/compare_sites.py" lay-out "$src" "$dir/src"
  else
    cp -r "$src/." "$dir/src"
  fi
  if [ ! -f "$dir/src/mkdocs.yml" ]; then
    echo "$name: no mkdocs.yml at the top, skipped" >&2
    continue
  fi
  python3 "$here/compare_sites.py" drop-plugins "$dir/src/mkdocs.yml" ${DROP_PLUGINS:-}
  # Each tool builds its own copy (both may write beside mkdocs.yml: caches, site_dir).
  cp -r "$dir/src" "$dir/bg-src"
  if [ -n "${BLOGEN_NO_CUSTOM_DIR:-}" ]; then
    sed -i -E '/^[[:space:]]+custom_dir[[:space:]]*:/d' "$dir/bg-src/mkdocs.yml"
  fi
  export NO_MKDOCS_2_WARNING=1
  if [ -z "$reuse" ]; then
    cp -r "$dir/src" "$dir/mk-src"
    (cd "$dir/mk-src" && "$mkdocs" build -d "$dir/mk-site" >"$dir/mk.log" 2>&1; echo $? >"$dir/mk.rc") || true
    (cd "$dir/mk-src" && "$mkdocs" build --strict -d "$dir/mk-strict" >"$dir/mk-strict.log" 2>&1; echo $? >"$dir/mk-strict.rc") || true
  fi
  (cd "$dir/bg-src" && "$blogen" build -d "$dir/bg-site" >"$dir/bg.log" 2>&1; echo $? >"$dir/bg.rc") || true
  (cd "$dir/bg-src" && "$blogen" build --strict -d "$dir/bg-strict" >"$dir/bg-strict.log" 2>&1; echo $? >"$dir/bg-strict.rc") || true
  python3 "$here/compare_sites.py" compare "$name" "$dir" >"$dir/result.json"
  results+=("$dir/result.json")
done
python3 "$here/compare_sites.py" table "${results[@]}"
