#!/usr/bin/env bash
# Installs the web UI's front-end libraries from the npm registry (versions locked in
# package-lock.json) and copies their browser builds into newsgraph/web/static/vendor/,
# where the server serves them: the UI then needs no internet (no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
vendor=newsgraph/web/static/vendor
mkdir -p "$vendor"
cp node_modules/cytoscape/dist/cytoscape.min.js "$vendor/"
cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/"
cp node_modules/cytoscape/LICENSE "$vendor/cytoscape.LICENSE"
cp node_modules/chart.js/LICENSE.md "$vendor/chart.js.LICENSE.md"
echo "web UI libraries installed in $vendor"
