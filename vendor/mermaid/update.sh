#!/usr/bin/env bash
# Refreshes the Mermaid copy that `extra.blogen.mermaid: local` publishes: the self-contained
# `dist/mermaid.min.js` of the npm package `mermaid` (MIT, its LICENSE kept beside it), gzipped
# and embedded in the binary. Usage: vendor/mermaid/update.sh [VERSION]  (needs npm)
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-11.17.2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mermaid@$version" >/dev/null && tar -xzf mermaid-*.tgz)
gzip -9 -n -c "$work/package/dist/mermaid.min.js" > mermaid.min.js.gz
cp "$work/package/LICENSE" LICENSE
echo "$version" > VERSION
echo "vendored mermaid $version: $(wc -c < mermaid.min.js.gz) bytes gzipped"
