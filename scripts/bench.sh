#!/usr/bin/env bash
# The benchmark (issues 5 and 7), not part of scripts/test.sh:
#   1. scripts/setup.sh (installs what is missing)
#   2. trunk build --release into target/bench-dist (not dist/, which trunk serve and
#      the e2e suite use), with its precompressed .gz/.br copies
#   3. the companion server and the bench binary, release builds
#   4. jobs-gallery-bench: headless Chromium through chromedriver against the server on
#      loopback (ephemeral port); writes bench/results/latest.json and latest.md and
#      prints the table.
# Extra arguments go to the bench binary, e.g. `--runs 9`, `--live-polls 300`
# (defaults: --runs 7 --poll-runs 3 --live-polls 500 --live-runs 1 --cls-secs 60; all
# of them in `cargo run -p jobs-gallery-bench -- --help`).
# About 25 minutes on 2 cores once everything is built, 8 of them the layout-shift
# windows (4 widths, 2 pages, 60 s each; `--cls-secs 0` leaves them out), 3 the mobile
# profile (`--mobile-runs 0`) and 2 Lighthouse (LIGHTHOUSE=0).
# `--summarize` measures nothing: it rewrites bench/results/latest.md from latest.json
# (steps 1 and 2 skipped).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ " $* " == *" --summarize "* ]]; then
  cargo run --release --quiet -p jobs-gallery-bench -- --out bench/results "$@"
  exit
fi
bash scripts/setup.sh
# shellcheck source=env.sh
source scripts/env.sh
# Temporary files (Chromium's among them) in a folder of the run's own, removed at the end.
scratch="$(mktemp -d -t jobs-gallery-bench.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

dist=target/bench-dist
echo "==> trunk build --release --dist $dist"
trunk build --release --dist "$dist"
echo "==> cargo build --release -p jobs-gallery-server -p jobs-gallery-bench"
cargo build --release --quiet -p jobs-gallery-server -p jobs-gallery-bench
echo "==> jobs-gallery-bench $*"
target/release/jobs-gallery-bench \
  --dist "$dist" \
  --server-bin target/release/jobs-gallery-server \
  --out bench/results \
  "$@"
# Lighthouse (mobile defaults) on the standalone page and the floor, then the tables
# again with its scores; LIGHTHOUSE=0 leaves it out.
if [ "${LIGHTHOUSE:-1}" != 0 ]; then
  echo "==> scripts/lighthouse.sh $dist bench/results/lighthouse.json"
  bash scripts/lighthouse.sh "$dist" bench/results/lighthouse.json
  target/release/jobs-gallery-bench --out bench/results --summarize
fi
