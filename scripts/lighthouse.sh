#!/usr/bin/env bash
# Lighthouse (npm lighthouse from scripts/setup.sh, its mobile defaults: a phone's
# viewport, simulated 150 ms round trip, 1.6 Mbit/s down, CPU x4) against the standalone
# page served by the companion server, and against the benchmark's floor page at /floor/
# when there is one.
#
#   bash scripts/lighthouse.sh DIST OUT_JSON
#
# DIST is a release build (dist/ or the benchmark's target/bench-dist); it is copied
# first, so a rebuild during the run changes nothing. The floor is DIST/floor/, else a
# copy of bench/floor/ (when it has an index.html), else the floor is left out. The
# server runs in demo mode with its clock frozen at the start (the benchmark's cold
# loads do the same), so no live job lands during a run. LIGHTHOUSE_RUNS (default 3)
# runs per page, alternating pages, each in a fresh Chromium profile;
# bench/lighthouse/summarize.mjs keeps the median run, writes
# { widget, floor, median, runs } to OUT_JSON and prints the scores, the metrics and
# every failed audit with its offending items.
#
# Offline: Lighthouse drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium)
# and downloads no browser; the flags keep Chromium from calling Google's services.
# Needs target/release/jobs-gallery-server (cargo build --release -p jobs-gallery-server).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "$#" != 2 ]; then
  echo "usage: bash scripts/lighthouse.sh DIST OUT_JSON" >&2
  exit 2
fi
dist="$1"
out_json="$2"
runs="${LIGHTHOUSE_RUNS:-3}"

chrome="${CHROME_PATH:-/usr/bin/chromium}"
lighthouse="$root/tools/lighthouse/node_modules/.bin/lighthouse"
server_bin="${CARGO_TARGET_DIR:-$root/target}/release/jobs-gallery-server"
if [ ! -f "$dist/index.html" ]; then
  echo "lighthouse: $dist/index.html is missing: give a release build (trunk build --release)" >&2
  exit 1
fi
if [ ! -x "$chrome" ]; then
  echo "lighthouse: no Chromium at $chrome (scripts/setup.sh installs it; or set CHROME_PATH)" >&2
  exit 1
fi
if [ ! -x "$lighthouse" ]; then
  echo "lighthouse: $lighthouse is missing: run bash scripts/setup.sh" >&2
  exit 1
fi
if ! command -v node >/dev/null; then
  echo "lighthouse: node is missing: run bash scripts/setup.sh" >&2
  exit 1
fi
if [ ! -x "$server_bin" ]; then
  echo "lighthouse: $server_bin is missing: cargo build --release -p jobs-gallery-server" >&2
  exit 1
fi

scratch="$(mktemp -d -t jobs-gallery-lighthouse.XXXXXX)"
server_pid=""
lh_pid=""
cleanup() {
  # SIGINT: chrome-launcher then closes the Chromium it started before Lighthouse exits.
  if [ -n "$lh_pid" ] && kill -0 "$lh_pid" 2>/dev/null; then
    kill -INT "$lh_pid" 2>/dev/null || true
    wait "$lh_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# chrome-launcher puts each run's profile under TMPDIR.
export TMPDIR="$scratch"

site="$scratch/site"
cp -R "$dist" "$site"
pages=(widget)
if [ ! -f "$site/floor/index.html" ] && [ -f "$root/bench/floor/index.html" ]; then
  rm -rf "$site/floor"
  cp -R "$root/bench/floor" "$site/floor"
fi
if [ -f "$site/floor/index.html" ]; then pages+=(floor); fi

: >"$scratch/server.out"
"$server_bin" --static "$site" --port 0 --frozen --start "$(date +%s)" \
  >"$scratch/server.out" 2>"$scratch/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 150); do
  port="$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$scratch/server.out")"
  if [ -n "$port" ]; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "lighthouse: the companion server exited before listening:" >&2
    cat "$scratch/server.err" >&2
    exit 1
  fi
  sleep 0.2
done
if [ -z "$port" ]; then
  echo "lighthouse: the companion server printed no 'listening on' line within 30 s" >&2
  exit 1
fi
base="http://127.0.0.1:$port"

export CHROME_PATH="$chrome"
# Without these Chromium looks up Google's hosts (accounts, clients2) even with
# --disable-background-networking; the resolver rule answers every name but the page's
# with "not found" at once, so no lookup waits on a network there is none of.
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking"
chrome_flags+=" --disable-component-update --disable-sync --no-first-run"
chrome_flags+=' --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'
echo "lighthouse: $("$lighthouse" --version), $("$chrome" --version 2>/dev/null)"
echo "lighthouse: $base, ${pages[*]}, $runs runs each"
for i in $(seq 1 "$runs"); do
  for page in "${pages[@]}"; do
    if [ "$page" = widget ]; then url="$base/"; else url="$base/floor/"; fi
    echo "lighthouse: run $i/$runs $page $url"
    # In the background and waited for, so that Ctrl-C or TERM reach the traps at once.
    "$lighthouse" "$url" \
      --chrome-flags="$chrome_flags" \
      --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$scratch/$page-$i.json" \
      --quiet 2>"$scratch/lighthouse.err" &
    lh_pid=$!
    lh_rc=0
    wait "$lh_pid" || lh_rc=$?
    lh_pid=""
    if [ "$lh_rc" != 0 ]; then
      echo "lighthouse: the $page run $i failed (exit $lh_rc):" >&2
      tail -n 20 "$scratch/lighthouse.err" >&2
      exit 1
    fi
  done
done

mkdir -p "$(dirname "$out_json")"
node "$root/bench/lighthouse/summarize.mjs" "$scratch" "$out_json"
