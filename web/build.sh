#!/usr/bin/env bash
# Installs the web UI's front-end libraries (and Swagger UI for the API docs page) from the npm registry (versions locked in
# package-lock.json) and copies their browser builds into newsgraph/web/static/vendor/,
# where the server serves them: the UI then needs no internet (no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
# --ignore-scripts: the browser builds need no install script (swagger-ui-dist's
# dependency @scarf/scarf would otherwise send install analytics)
export SCARF_ANALYTICS=false
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
vendor=newsgraph/web/static/vendor
mkdir -p "$vendor"
cp node_modules/cytoscape/dist/cytoscape.min.js "$vendor/"
cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/"
cp node_modules/cytoscape/LICENSE "$vendor/cytoscape.LICENSE"
cp node_modules/chart.js/LICENSE.md "$vendor/chart.js.LICENSE.md"
# the API docs page (/api/docs): Swagger UI's browser bundle and its stylesheet
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js "$vendor/"
cp node_modules/swagger-ui-dist/swagger-ui.css "$vendor/"
cp node_modules/swagger-ui-dist/LICENSE "$vendor/swagger-ui.LICENSE"
echo "web UI libraries installed in $vendor"
