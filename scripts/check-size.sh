#!/usr/bin/env bash
# Usage: scripts/check-size.sh [DIST_DIR] [BUDGET_BYTES]
# Sums the gzip size of what an embedding page loads from DIST_DIR: the loader, the
# hashed JS glue and wasm, and the widget's stylesheet once (not its stable-named copy,
# not the demo page's own stylesheet, not examples/), and fails when it exceeds the
# budget. The size that counts is the one sent: the precompressed .gz copy a release
# build ships next to each file (scripts/post_build/compress.py, zopfli), or gzip -9 of the
# file where a copy is missing. gzip -9 is shown too, for comparison. What the loader
# imports only on a click is not in the first load: the save module and its ZIP writer
# (a first download, jobs-gallery-save.js and jobs-gallery-zip.js), the words module
# (a gallery in German or French, or with labels, jobs-gallery-words.js) and the panels'
# stylesheet (jobs-gallery-panels.css), glue
# and wasm (a first panel, jobs-gallery-panels-<hash>.js and _bg.wasm). They are listed
# apart, not counted.
set -euo pipefail
dist="${1:-dist}"
budget="${2:-150000}"
if [ ! -d "$dist" ]; then
  echo "check-size: no folder $dist (run trunk build --release first)" >&2
  exit 1
fi
on_demand_names=(-name jobs-gallery-panels.css -o -name jobs-gallery-save.js -o -name jobs-gallery-words.js -o -name jobs-gallery-zip.js -o -name 'jobs-gallery-panels-*.js' -o -name 'jobs-gallery-panels-*_bg.wasm')
mapfile -t files < <(find "$dist" -maxdepth 1 -type f \( -name 'jobs-gallery-*.wasm' -o -name 'jobs-gallery-*.js' -o -name 'jobs-gallery-*.css' \) ! \( "${on_demand_names[@]}" \) | sort)
mapfile -t on_demand < <(find "$dist" -maxdepth 1 -type f \( "${on_demand_names[@]}" \) | sort)
if [ "${#files[@]}" = 0 ]; then
  echo "check-size: no .wasm/.js/.css files in $dist" >&2
  exit 1
fi
# Prints the row of file $1 and leaves its sizes in raw, gz9 and sent.
row() {
  raw=$(wc -c <"$1")
  gz9=$(gzip -9 -c "$1" | wc -c)
  if [ -f "$1.gz" ]; then sent=$(wc -c <"$1.gz"); else sent=$gz9; fi
  printf '%-50s %10d %10d %10d\n' "${1#"$dist"/}" "$raw" "$gz9" "$sent"
}
total_raw=0
total_gz9=0
total_sent=0
printf '%-50s %10s %10s %10s\n' "file" "raw" "gzip -9" "sent gzip"
for f in "${files[@]}"; do
  row "$f"
  total_raw=$((total_raw + raw))
  total_gz9=$((total_gz9 + gz9))
  total_sent=$((total_sent + sent))
done
printf '%-50s %10d %10d %10d\n' "total" "$total_raw" "$total_gz9" "$total_sent"
if [ "${#on_demand[@]}" != 0 ]; then
  echo "on demand (not in the first load):"
  for f in "${on_demand[@]}"; do row "$f"; done
fi
if [ "$total_sent" -gt "$budget" ]; then
  echo "check-size: FAIL: first-load wasm+js+css is $total_sent bytes gzip as sent (gzip -9: $total_gz9), over the budget of $budget bytes (by $((total_sent - budget)))" >&2
  exit 1
fi
echo "check-size: OK: $total_sent bytes gzip as sent (gzip -9: $total_gz9), within the budget of $budget bytes ($((budget - total_sent)) to spare)"
