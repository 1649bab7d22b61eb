# Sourced by the other scripts (and safe to source by hand): puts the project's
# tools first on PATH. Sets only what anyone can reproduce from this file.
#   tools/bin        wasm-opt from npm binaryen 132 (see scripts/setup.sh)
#   ~/.cargo/bin     trunk, wasm-bindgen, wasm-bindgen-test-runner
JOBS_GALLERY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JOBS_GALLERY_ROOT
case ":$PATH:" in
  *":$JOBS_GALLERY_ROOT/tools/bin:"*) ;;
  *) PATH="$JOBS_GALLERY_ROOT/tools/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
esac
export PATH
# The browser tests (wasm-bindgen-test-runner) and the e2e suite use Debian's chromedriver.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
