#!/usr/bin/env bash
# Runs the browser tests (code_blocks.mjs: code lines and the copy button; mermaid_offline.mjs:
# Mermaid loaded locally or from a configured URL, a note when it cannot load; search.mjs:
# ranking, keyboard, phone layout, file://; screenshots.mjs: the sample blog at desktop and
# phone sizes, light and dark, into target/screenshots/; live_preview.mjs:
# `blogen serve`): installs its npm packages into tests/e2e/node_modules
# (ignored by git) and runs live_preview.mjs against target/release/blogen in Debian's headless
# Chromium. Needs: chromium (apt-get install chromium), node and npm; no internet but the npm
# registry (Mermaid is served from the npm package, locally).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/puppeteer-core ] || [ ! -d node_modules/mermaid ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --loglevel=error
fi
node code_blocks.mjs
node mermaid_offline.mjs
node search.mjs
node screenshots.mjs
exec node live_preview.mjs
