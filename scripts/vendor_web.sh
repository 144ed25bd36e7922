#!/usr/bin/env bash
# Fetch the dashboard's JavaScript/CSS from the npm registry with `npm pack` (exact versions), and copy
# only the dist files the page needs (plus each package's LICENSE) into src/eventwire/web/vendor/.
# Rerun to refresh; change a version here and in src/eventwire/web/vendor/README.md together.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/eventwire/web/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
UPLOT=1.6.32
CYTOSCAPE=3.34.4

cd "$WORK"
for spec in "leaflet@$LEAFLET" "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" \
            "uplot@$UPLOT" "cytoscape@$CYTOSCAPE"; do
  name="${spec%@*}"
  mkdir -p "$name"
  tgz="$(npm pack --silent "$spec")"
  tar -xzf "$tgz" -C "$name" --strip-components=1
done

rm -rf "$DEST"
mkdir -p "$DEST"/{leaflet,world-atlas,topojson-client,uplot,cytoscape}
cp leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/LICENSE "$DEST/leaflet/"
# countries-110m: 1:110m Natural Earth countries (~100 KB), enough for a world overview map.
cp world-atlas/countries-110m.json "$DEST/world-atlas/"
cp world-atlas/LICENSE* "$DEST/world-atlas/" 2>/dev/null || true
cp topojson-client/dist/topojson-client.min.js topojson-client/LICENSE "$DEST/topojson-client/"
cp uplot/dist/uPlot.iife.min.js uplot/dist/uPlot.min.css uplot/LICENSE "$DEST/uplot/"
cp cytoscape/dist/cytoscape.min.js "$DEST/cytoscape/"
cp cytoscape/LICENSE* "$DEST/cytoscape/" 2>/dev/null || true
du -sh "$DEST"
