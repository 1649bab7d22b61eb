#!/usr/bin/env bash
# Usage: scripts/check-size.sh [DIST_DIR] [BUDGET_BYTES]
# Sums the gzip -9 size of what an embedding page loads from DIST_DIR: the loader, the
# hashed JS glue and wasm, and the widget's stylesheet once (not its stable-named copy,
# not the demo page's own stylesheet, not examples/, not precompressed copies), and
# fails when it exceeds the budget.
set -euo pipefail
dist="${1:-dist}"
budget="${2:-100000}"
if [ ! -d "$dist" ]; then
  echo "check-size: no folder $dist (run trunk build --release first)" >&2
  exit 1
fi
mapfile -t files < <(find "$dist" -maxdepth 1 -type f \( -name 'jobs-gallery-*.wasm' -o -name 'jobs-gallery-*.js' -o -name 'jobs-gallery-*.css' \) | sort)
if [ "${#files[@]}" = 0 ]; then
  echo "check-size: no .wasm/.js/.css files in $dist" >&2
  exit 1
fi
total_raw=0
total_gz=0
printf '%-60s %10s %10s\n' "file" "raw" "gzip -9"
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-60s %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz"
done
printf '%-60s %10d %10d\n' "total" "$total_raw" "$total_gz"
if [ "$total_gz" -gt "$budget" ]; then
  echo "check-size: FAIL: first-load wasm+js+css is $total_gz bytes gzip, over the budget of $budget bytes (by $((total_gz - budget)))" >&2
  exit 1
fi
echo "check-size: OK: $total_gz bytes gzip, within the budget of $budget bytes ($((budget - total_gz)) to spare)"
