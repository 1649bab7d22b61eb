#!/usr/bin/env python3
"""Trunk post-build hook: minifies wasm-bindgen's JS glue in release builds.

Why: Trunk's minifier cannot parse the glue (it stops at `export { ... as default }`)
and copies it as is, comments and all. terser (npm, installed into tools/ by
scripts/setup.sh) takes it from 8.9 to 6.6 KB gzip. The file keeps its hashed name,
which still names exactly one content, and index.html's integrity hash for it is
recomputed, or the browser would refuse the preload. Without terser the glue stays as
it is, with a message; the size check in scripts/test.sh then says by how much.
"""
import os
import pathlib
import shutil
import subprocess

from release_files import hashed_glue, update_integrity

if os.environ.get("TRUNK_PROFILE", "release") != "release":
    raise SystemExit(0)

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
root = pathlib.Path(__file__).resolve().parent.parent
# The version scripts/setup.sh pins first, then any other on PATH.
pinned = root / "tools/bin/terser"
terser = str(pinned) if pinned.exists() else shutil.which("terser")
if not terser:
    print("minify-glue: no terser, JS glue left as is (scripts/setup.sh installs it)")
    raise SystemExit(0)

path = hashed_glue(staging, "minify-glue")
before = path.stat().st_size
subprocess.run([terser, str(path), "--module", "--compress", "--mangle", "--output", str(path)], check=True)

count = update_integrity(staging / "index.html", path)
print(f"minify-glue: {path.name} {before} -> {path.stat().st_size} bytes, {count} integrity hash(es) updated")
