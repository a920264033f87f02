#!/bin/bash
# Renders every CORPUS/*.txt with DokuWiki and with two builds of Quire, compares construct by
# construct and prints the table (see README.md). Usage: run.sh CORPUS BEFORE_DIST AFTER_DIST
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=$1 before=$2 after=$3
for f in "$corpus"/*.txt; do
  n=${f%.txt}
  id="wiki:$(basename "$n")"
  [ -f "$n.doku.html" ] || php "$here/render.php" "$id" < "$f" > "$n.doku.html" 2>/dev/null
  for t in before after; do
    dist=$before; [ $t = after ] && dist=$after
    CONVERT_OPTIONS="{\"pageId\":\"$id\"}" node "$here/quire-render.mjs" "$dist" "$id" < "$f" > "$n.$t.html"
    python3 "$here/compare.py" "$n.doku.html" "$n.$t.html" "$id" > "$n.$t.json"
  done
done
python3 "$here/summary.py" "$corpus"
