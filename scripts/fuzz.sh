#!/usr/bin/env bash
# Bounded fuzzing of the pure decoding code (issue 8, "never dies"):
#   decode_page  any bytes as a 200 body            -> api::decode_page
#   error_body   any bytes as a failed answer       -> ErrorBody::parse, Failure::from_status,
#                                                      parse_retry_after and every banner text
# Usage: scripts/fuzz.sh [seconds]     (default 60 in all, split evenly over the targets)
#
# Each target starts from a copy of its committed seed corpus (fuzz/corpus/<target>/),
# which a run never changes: what it discovers goes to fuzz/.work/ (git-ignored) and is
# replaced at the next run. The targets are built with debug assertions, so an integer
# overflow is a crash too. A crash (or timeout, or out-of-memory) fails the script and
# names the input, saved under fuzz/artifacts/<target>/; reproduce it with
#   cargo +nightly fuzz run --debug-assertions <target> <that file>
#
# Needs cargo-fuzz (installed from crates.io when missing) and a nightly toolchain
# (installed with rustup when missing; failing that, stable with RUSTC_BOOTSTRAP=1, whose
# standard library ships the same sanitizer runtimes). When neither can be had it says
# why and exits 0: fuzzing is then skipped, not failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-60}"
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [seconds]" >&2; exit 2 ;; esac
targets=(decode_page error_body)
per=$((seconds / ${#targets[@]}))
((per >= 1)) || per=1

skip() {
  echo "fuzz.sh: SKIPPED (not failed): $*" >&2
  exit 0
}

# 1. cargo-fuzz, from crates.io, only when missing.
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked || skip "cargo-fuzz is not installed and could not be installed from crates.io"
fi

# 2. A toolchain that takes libFuzzer's -Z flags.
fallback=""
if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=nightly
elif echo "==> installing a nightly toolchain (rustup toolchain install nightly --profile minimal)" &&
  timeout 900 rustup toolchain install nightly --profile minimal; then
  toolchain=nightly
else
  echo "fuzz.sh: no nightly toolchain and rustup could not install one; trying stable with RUSTC_BOOTSTRAP=1" >&2
  toolchain=stable
  fallback=1
  export RUSTC_BOOTSTRAP=1
fi
echo "==> toolchain: $(rustup run "$toolchain" rustc --version)${fallback:+ (RUSTC_BOOTSTRAP=1)}"

# 3. Build both targets (AddressSanitizer, debug assertions, release optimisations).
echo "==> building the fuzz targets (cargo +$toolchain fuzz build --debug-assertions)"
if ! cargo "+$toolchain" fuzz build --debug-assertions; then
  if [ -n "$fallback" ]; then
    skip "no nightly toolchain could be installed, and stable with RUSTC_BOOTSTRAP=1 could not build the fuzz targets"
  fi
  echo "fuzz.sh: FAILED: the fuzz targets do not build" >&2
  exit 1
fi

# 4. Run each target for its share of the time, on a throw-away copy of the seed corpus.
mkdir -p fuzz/.work
failed=()
summary=()
for target in "${targets[@]}"; do
  work="fuzz/.work/corpus/$target"
  log="fuzz/.work/$target.log"
  rm -rf "$work"
  mkdir -p "$work" "fuzz/artifacts/$target"
  cp fuzz/corpus/"$target"/* "$work"/
  seeds=$(find "$work" -type f | wc -l)
  echo "==> fuzzing $target for ${per}s from $seeds seeds (log: $log)"
  status=0
  cargo "+$toolchain" fuzz run --debug-assertions "$target" "$work" -- \
    -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
  rate=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1 || true)
  grown=$(find "$work" -type f | wc -l)
  line="$target: ${execs:-?} runs in ${per}s (${rate:-?}/s), corpus $seeds -> $grown inputs"
  if [ "$status" -ne 0 ]; then
    crash=$(grep -Eo 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/^Test unit written to //' || true)
    [ -n "$crash" ] && crash=$(realpath --relative-to=. "$crash" 2>/dev/null || echo "$crash")
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
    echo "----" >&2
    if [ -n "$crash" ]; then
      echo "fuzz.sh: $target CRASHED on $crash" >&2
      echo "  reproduce: cargo +$toolchain fuzz run --debug-assertions $target $crash" >&2
    else
      echo "fuzz.sh: $target failed (exit $status) without saving an input; see $log" >&2
    fi
    failed+=("$target")
    line="$line: FAILED"
  fi
  summary+=("$line")
done

echo
printf 'fuzz.sh: %s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no crash in ${seconds}s of fuzzing"
