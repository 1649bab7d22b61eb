#!/usr/bin/env bash
# The README's second command: installs what is missing, then runs every test in
# order and stops at the first failure:
#   1. formatting (cargo fmt --check), clippy with -D warnings (native and wasm32), the
#      size rules (scripts/check-size-rules.sh) and the host developers' types
#      (scripts/check-types.sh: tsc --noEmit on examples/typescript, custom-elements.json)
#   2. native tests of the whole workspace (unit, property and server HTTP tests) and
#      of the post-build step (scripts/post_build/tests)
#   3. a bounded fuzzing run of the decoder and the failure-body parser (60 s)
#   4. the widget's browser tests (wasm-bindgen-test in headless Chromium)
#   5. the release build (trunk build --release)
#   6. the size budget of the release build (see SIZE_BUDGET)
#   7. the end-to-end suite (release build + companion server), in Chromium, then in
#      Firefox ESR, then in WebKitGTK (Safari's engine), all from the same build
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# A fresh checkout's run writes about 6 GB (target/ 4.4, fuzz/target 1.2, browser
# profiles); on a fuller disk the linker dies with a bus error, so say it up front.
free_kb=$(df -Pk . | awk 'NR == 2 {print $4}')
if [ "${free_kb:-0}" -lt $((6 * 1024 * 1024)) ]; then
  echo "test.sh: WARNING: only $((free_kb / 1024)) MB free here; a fresh run needs about 6 GB" >&2
fi
bash scripts/setup.sh
# shellcheck source=env.sh
source scripts/env.sh

# What an embedding page loads (loader, JS glue, wasm, stylesheet), as the gzip bytes
# sent: the precompressed .gz copies (zopfli). A regression budget over the current
# build, whose headroom absorbs layout noise between machines; it rises with a feature
# only within the 150 000-byte cap (docs/decisions/size-target.md; figures in
# docs/size.md).
SIZE_BUDGET=150000
# Everything the run writes to the temporary folder goes to a folder of its own that is
# removed at the end. chromedriver, started by wasm-bindgen-test-runner for the browser
# tests, makes an 85 MB Chromium profile there per run and never removes it.
scratch="$(mktemp -d -t jobs-gallery-test.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"
log="$scratch/log"
step_no=0
current=""
step() {
  step_no=$((step_no + 1))
  current="$1"
  printf '\n==> [%d/7] %s\n' "$step_no" "$1"
}
trap 'echo; echo "test.sh: FAILED at step $step_no: $current" >&2' ERR

step "formatting and lints: cargo fmt --check, cargo clippy -D warnings (native, wasm32), size rules, types"
cargo fmt --all --check
(cd fuzz && cargo fmt --check)
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p jobs-gallery -p jobs-gallery-panels --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
bash scripts/check-size-rules.sh
bash scripts/check-types.sh

step "native tests: cargo test --workspace --exclude jobs-gallery-e2e, post-build tests"
# (the e2e suite needs the release build; it runs last)
cargo test --workspace --exclude jobs-gallery-e2e 2>&1 | tee -a "$log"
# unittest's summary ("Ran 15 tests", "OK") is counted below as passed tests.
(cd scripts && python3 -B -m unittest discover -t . -s post_build/tests 2>&1) | tee "$scratch/post-build-tests"
post_build_tests=$(awk '/^Ran [0-9]+ test/ {print $2}' "$scratch/post-build-tests")
echo "post-build tests: ${post_build_tests:-0} passed, 0 failed" >>"$log"

step "fuzz: scripts/fuzz.sh 60 (decode_page, error_body)"
bash scripts/fuzz.sh 60

# Integration test files under tests/ that hold browser tests; the others are native-only.
wasm_tests=()
for f in tests/*.rs; do
  [ -e "$f" ] || continue
  if grep -q 'wasm_bindgen_test' "$f"; then wasm_tests+=(--test "$(basename "$f" .rs)"); fi
done
step "browser tests: cargo test --target wasm32-unknown-unknown --lib ${wasm_tests[*]}, and the panels' (headless Chromium)"
cargo test -p jobs-gallery --target wasm32-unknown-unknown --lib "${wasm_tests[@]}" 2>&1 | tee -a "$log"
# The panels' own: what the gallery hands them, read in the browser.
cargo test -p jobs-gallery-panels --target wasm32-unknown-unknown --lib 2>&1 | tee -a "$log"

step "release build: trunk build --release"
trunk build --release

step "size budget: scripts/check-size.sh dist $SIZE_BUDGET"
bash scripts/check-size.sh dist "$SIZE_BUDGET"

step "end-to-end: cargo test -p jobs-gallery-e2e in Chromium, Firefox ESR and WebKitGTK (release build, companion server)"
# The harness builds the companion server itself (cargo build -p jobs-gallery-server),
# starts it and the browser's WebDriver server (WebKit's on an Xvfb display of its own),
# and saves a screenshot per failure in e2e/artifacts/<browser>/. The later runs reuse
# the same release build and test binaries (cargo does not rebuild). A browser session
# that started only at the second try is listed after the run (notes.txt). The harness
# runs one test at a time itself (e2e/src/run.rs says why); one thread keeps each test's
# lines in order in the log.
e2e_in() {
  rm -f "e2e/artifacts/$1/notes.txt"
  echo "end-to-end in $2"
  E2E_BROWSER="$1" cargo test -p jobs-gallery-e2e -- --test-threads=1 2>&1 | tee -a "$log"
  if [ -s "e2e/artifacts/$1/notes.txt" ]; then
    echo "end-to-end in $1, what it tried twice:"
    sed 's/^/  /' "e2e/artifacts/$1/notes.txt"
  fi
}
e2e_in chromium "$(/usr/bin/chromium --version 2>/dev/null || true)"
e2e_in firefox "$(/usr/bin/firefox-esr --version 2>/dev/null || true)"
e2e_in webkit "WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || true) (MiniBrowser)"

passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
echo
echo "test.sh: all $step_no steps passed"
echo "test.sh: $passed passed, $failed failed"
