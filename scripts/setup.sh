#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing the widget, and
# skips what is present. Each step prints one line. Run it, or source it to also
# get the PATH from scripts/env.sh in your shell.
#
#   wasm32 target, Trunk 0.21.14, wasm-bindgen-cli (= wasm-bindgen in Cargo.lock),
#   wasm-opt (npm binaryen 132 in tools/), Chromium + chromedriver (Debian),
#   Firefox ESR (Debian) + geckodriver 0.37.1 (crates.io), WebKitGTK's WebKitWebDriver and
#   MiniBrowser + Xvfb (Debian, the e2e suite's Safari engine), axe-core (npm, in tools/, injected by the e2e suite), brotli and zopfli (Debian, for
#   the release build's precompressed copies), unzip (Debian, the e2e suite reads the page's
#   ZIP), terser (npm, in tools/, minifies the release
#   build's JS glue), client-zip (npm, in tools/, shipped as dist/jobs-gallery-zip.js for
#   "Download this page"), typescript (npm, in tools/, type-checks the example against the
#   shipped jobs-gallery.d.ts), lighthouse (npm, in tools/, scripts/lighthouse.sh; it
#   drives Debian's Chromium and downloads no browser).
#
# Only crates.io, the npm registry and Debian are used; nothing is fetched from GitHub.

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
AXE_VERSION=4.14.1
TERSER_VERSION=5.51.4
CLIENT_ZIP_VERSION=2.5.1
TYPESCRIPT_VERSION=5.9.3
LIGHTHOUSE_VERSION=12.2.3
GECKODRIVER_VERSION=0.37.1

_setup_main() {
  set -euo pipefail
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  # shellcheck source=env.sh
  source "$root/scripts/env.sh"
  cd "$root"

  local sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
  local apt_updated=""
  apt_install() {
    if [ -z "$apt_updated" ]; then
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      apt_updated=1
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  }

  # 1. the wasm target
  if [[ "$(rustup target list --installed)" == *wasm32-unknown-unknown* ]]; then
    echo "setup: wasm32-unknown-unknown target present, skipped"
  else
    rustup target add wasm32-unknown-unknown >/dev/null 2>&1
    echo "setup: added rustup target wasm32-unknown-unknown"
  fi

  # 2. Trunk (0.22 needs a newer rustc; the default features download tools)
  if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
    echo "setup: trunk $TRUNK_VERSION present, skipped"
  else
    echo "setup: installing trunk $TRUNK_VERSION with cargo (about 9 min on 2 cores)..."
    cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --quiet
    echo "setup: installed trunk $(trunk --version)"
  fi

  # 3. wasm-bindgen-cli at the version Cargo.lock pins (the CLI must match the crate exactly)
  local wb
  wb="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if [ -z "$wb" ]; then echo "setup: no wasm-bindgen in Cargo.lock" >&2; return 1; fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wb" ] \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    echo "setup: wasm-bindgen-cli $wb present, skipped"
  else
    echo "setup: installing wasm-bindgen-cli $wb with cargo (about 6 min on 2 cores)..."
    if ! cargo install wasm-bindgen-cli --version "$wb" --locked --force --quiet; then
      echo "setup: --locked install failed (its lockfile pins a crate the registry lacks?), retrying without --locked"
      cargo install wasm-bindgen-cli --version "$wb" --force --quiet
    fi
    echo "setup: installed $(wasm-bindgen --version)"
  fi

  # node + npm for the two npm packages below
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
    echo "setup: installed Debian nodejs and npm"
  fi

  # 4. wasm-opt from npm binaryen (Debian's binaryen 108 emits wasm Chromium rejects: never install it)
  local want_wo="version ${BINARYEN_VERSION%%.*}"
  if [[ "$(tools/bin/wasm-opt --version 2>/dev/null || true)" == *"$want_wo"* ]]; then
    echo "setup: wasm-opt ($want_wo, npm binaryen) present, skipped"
  else
    mkdir -p tools/binaryen tools/bin
    npm install --prefix tools/binaryen --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >/dev/null
    ln -sfn ../binaryen/node_modules/.bin/wasm-opt tools/bin/wasm-opt
    if [[ "$(tools/bin/wasm-opt --version 2>&1 || true)" != *"$want_wo"* ]]; then
      echo "setup: tools/bin/wasm-opt does not report $want_wo: $(tools/bin/wasm-opt --version 2>&1)" >&2
      return 1
    fi
    echo "setup: installed npm binaryen@$BINARYEN_VERSION, tools/bin/wasm-opt -> $(tools/bin/wasm-opt --version)"
  fi

  # 5. Chromium and chromedriver (Debian, same version as each other)
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "setup: chromium and chromedriver present, skipped"
  else
    apt_install chromium chromium-driver
    echo "setup: installed Debian chromium and chromium-driver ($(/usr/bin/chromium --version 2>/dev/null))"
  fi

  # 5a. Firefox ESR (Debian) and geckodriver, its WebDriver server (crates.io), for
  # running the e2e suite in Firefox too (E2E_BROWSER=firefox)
  if [ -x /usr/bin/firefox-esr ]; then
    echo "setup: firefox-esr present, skipped"
  else
    apt_install firefox-esr
    echo "setup: installed Debian firefox-esr ($(/usr/bin/firefox-esr --version 2>/dev/null))"
  fi
  if [[ "$(geckodriver --version 2>/dev/null | head -n 1 || true)" == "geckodriver $GECKODRIVER_VERSION"* ]]; then
    echo "setup: geckodriver $GECKODRIVER_VERSION present, skipped"
  else
    echo "setup: installing geckodriver $GECKODRIVER_VERSION with cargo (about 2 min on 2 cores)..."
    if ! cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force --quiet; then
      echo "setup: --locked install failed, retrying without --locked"
      cargo install geckodriver --version "$GECKODRIVER_VERSION" --force --quiet
    fi
    echo "setup: installed $(geckodriver --version | head -n 1)"
  fi

  # 5b. WebKitGTK, Safari's engine: WebKitWebDriver with its MiniBrowser, which draws on
  # a virtual display (Xvfb), for the e2e suite's third run (E2E_BROWSER=webkit)
  if [ -x /usr/bin/WebKitWebDriver ] && [ -x /usr/bin/Xvfb ] && compgen -G "/usr/lib/*/webkit2gtk-4.1/MiniBrowser" >/dev/null; then
    echo "setup: WebKitWebDriver, MiniBrowser and Xvfb present, skipped"
  else
    apt_install webkit2gtk-driver xvfb
    echo "setup: installed Debian webkit2gtk-driver and xvfb (WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null))"
  fi

  # 5c. brotli for the release build's precompressed .br copies (scripts/post_build/compress.py)
  if command -v brotli >/dev/null; then
    echo "setup: brotli present, skipped"
  else
    apt_install brotli
    echo "setup: installed Debian brotli"
  fi
  # 5c. zopfli for the precompressed .gz copies: the same gzip format any browser reads,
  # smaller than gzip -9 (scripts/post_build/compress.py)
  if command -v zopfli >/dev/null; then
    echo "setup: zopfli present, skipped"
  else
    apt_install zopfli
    echo "setup: installed Debian zopfli"
  fi
  # 5d. unzip: the e2e suite checks "Download this page"'s ZIP with unzip -t
  if command -v unzip >/dev/null; then
    echo "setup: unzip present, skipped"
  else
    apt_install unzip
    echo "setup: installed Debian unzip"
  fi

  # 6. axe-core for the e2e accessibility checks (injected into the page from tools/)
  local axe=tools/axe/node_modules/axe-core
  if [ -f "$axe/axe.min.js" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$axe/package.json"; then
    echo "setup: axe-core $AXE_VERSION present, skipped"
  else
    mkdir -p tools/axe
    npm install --prefix tools/axe --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
    echo "setup: installed npm axe-core@$AXE_VERSION into tools/axe"
  fi

  # 6a. terser: Trunk's own minifier cannot parse wasm-bindgen's glue and copies it as
  # is, so scripts/post_build/minify.py minifies it with terser (size/post-build)
  local terser=tools/terser/node_modules/terser
  if [ -x tools/bin/terser ] && grep -q "\"version\": \"$TERSER_VERSION\"" "$terser/package.json" 2>/dev/null; then
    echo "setup: terser $TERSER_VERSION present, skipped"
  else
    mkdir -p tools/terser tools/bin
    npm install --prefix tools/terser --no-audit --no-fund --loglevel=error "terser@$TERSER_VERSION" >/dev/null
    ln -sfn ../terser/node_modules/.bin/terser tools/bin/terser
    echo "setup: installed npm terser@$TERSER_VERSION into tools/terser"
  fi

  # 6b. client-zip: the ZIP writer of "Download this page", which scripts/post_build/loader.py
  # copies into the build as jobs-gallery-zip.js (loaded on demand, not on the first load)
  local client_zip=tools/client-zip/node_modules/client-zip
  if [ -f "$client_zip/index.js" ] && grep -q "\"version\": \"$CLIENT_ZIP_VERSION\"" "$client_zip/package.json" 2>/dev/null; then
    echo "setup: client-zip $CLIENT_ZIP_VERSION present, skipped"
  else
    mkdir -p tools/client-zip
    npm install --prefix tools/client-zip --no-audit --no-fund --loglevel=error "client-zip@$CLIENT_ZIP_VERSION" >/dev/null
    echo "setup: installed npm client-zip@$CLIENT_ZIP_VERSION into tools/client-zip"
  fi

  # 6c. typescript: scripts/check-types.sh runs tsc --noEmit on examples/typescript
  # against loader/jobs-gallery.d.ts (the types shipped as dist/jobs-gallery.d.ts)
  local typescript=tools/typescript/node_modules/typescript
  if [ -x tools/typescript/node_modules/.bin/tsc ] && grep -q "\"version\": \"$TYPESCRIPT_VERSION\"" "$typescript/package.json" 2>/dev/null; then
    echo "setup: typescript $TYPESCRIPT_VERSION present, skipped"
  else
    mkdir -p tools/typescript
    npm install --prefix tools/typescript --no-audit --no-fund --loglevel=error "typescript@$TYPESCRIPT_VERSION" >/dev/null
    echo "setup: installed npm typescript@$TYPESCRIPT_VERSION into tools/typescript"
  fi

  # 6d. lighthouse for scripts/lighthouse.sh (12.x: 13 needs Node 22, this setup has 20)
  local lighthouse=tools/lighthouse/node_modules/lighthouse
  if [ -x tools/lighthouse/node_modules/.bin/lighthouse ] && grep -q "\"version\": \"$LIGHTHOUSE_VERSION\"" "$lighthouse/package.json" 2>/dev/null; then
    echo "setup: lighthouse $LIGHTHOUSE_VERSION present, skipped"
  else
    mkdir -p tools/lighthouse
    npm install --prefix tools/lighthouse --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
    echo "setup: installed npm lighthouse@$LIGHTHOUSE_VERSION into tools/lighthouse"
  fi
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: run in a subshell so `set -euo pipefail` stays out of the caller's shell,
  # then take the PATH. (Not `( … ) || return`: that context would switch off `set -e` inside.)
  ( _setup_main ); _setup_rc=$?
  if [ "$_setup_rc" != 0 ]; then unset _setup_rc; return 1; fi
  unset _setup_rc
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
else
  set -euo pipefail
  _setup_main
fi
