#!/usr/bin/env bash
# The README's first command: installs what is missing, starts the companion server
# (demo data, failure scenarios, media) on 127.0.0.1:8787 and `trunk serve` in front of
# it on http://127.0.0.1:8080 (Trunk.toml proxies /v1/, /scenario/, /media/ to 8787).
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=env.sh
source scripts/env.sh

API_PORT=8787
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$API_PORT/"; then
  echo "serve: something already answers on 127.0.0.1:$API_PORT; stop it first" >&2
  exit 1
fi

echo "serve: building the companion server..."
cargo build -p jobs-gallery-server --quiet
server_bin="${CARGO_TARGET_DIR:-target}/debug/jobs-gallery-server"
# Demo mode is the server's default (seeded live jobs, /scenario/…, /media/…).
"$server_bin" --port "$API_PORT" &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Wait until it answers (any HTTP status counts), at most 30 s.
for _ in $(seq 1 150); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "serve: the companion server exited before answering" >&2
    exit 1
  fi
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$API_PORT/v1/jobs"; then
    break
  fi
  sleep 0.2
done
if ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$API_PORT/v1/jobs"; then
  echo "serve: the companion server did not answer on 127.0.0.1:$API_PORT within 30 s" >&2
  exit 1
fi
echo "serve: companion server (pid $server_pid) answers on http://127.0.0.1:$API_PORT"
echo "serve: starting trunk serve on http://127.0.0.1:8080 (Ctrl-C stops both)"
# Not `exec`: the EXIT trap must stay to stop the server when trunk ends.
trunk serve "$@"
