#!/usr/bin/env bash
# Usage: scripts/check-size.sh [DIST_DIR] [BUDGET_BYTES]
# Sums the gzip size of what an embedding page loads from DIST_DIR: the loader, the
# hashed JS glue and wasm, and the widget's stylesheet once (not its stable-named copy,
# not the demo page's own stylesheet, not examples/), and fails when it exceeds the
# budget. The size that counts is the one sent: the precompressed .gz copy a release
# build ships next to each file (scripts/post_build/compress.py, zopfli), or gzip -9 of the
# file where a copy is missing. gzip -9 is shown too, for comparison.
set -euo pipefail
dist="${1:-dist}"
budget="${2:-148000}"
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
total_gz9=0
total_sent=0
printf '%-50s %10s %10s %10s\n' "file" "raw" "gzip -9" "sent gzip"
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz9=$(gzip -9 -c "$f" | wc -c)
  if [ -f "$f.gz" ]; then sent=$(wc -c <"$f.gz"); else sent=$gz9; fi
  total_raw=$((total_raw + raw))
  total_gz9=$((total_gz9 + gz9))
  total_sent=$((total_sent + sent))
  printf '%-50s %10d %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz9" "$sent"
done
printf '%-50s %10d %10d %10d\n' "total" "$total_raw" "$total_gz9" "$total_sent"
if [ "$total_sent" -gt "$budget" ]; then
  echo "check-size: FAIL: first-load wasm+js+css is $total_sent bytes gzip as sent (gzip -9: $total_gz9), over the budget of $budget bytes (by $((total_sent - budget)))" >&2
  exit 1
fi
echo "check-size: OK: $total_sent bytes gzip as sent (gzip -9: $total_gz9), within the budget of $budget bytes ($((budget - total_sent)) to spare)"
