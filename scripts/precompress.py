#!/usr/bin/env python3
"""Trunk post-build hook: writes .gz and .br copies next to each text and wasm file of
a release build, so a static server (the companion server among them) can answer
Accept-Encoding without compressing on every request. Debug builds are left alone.

gzip comes from Python; brotli from Debian's `brotli` command, which scripts/setup.sh
installs. Without it the .br files are skipped with a message, never a failed build.
"""
import gzip
import os
import pathlib
import shutil
import subprocess

if os.environ.get("TRUNK_PROFILE", "release") != "release":
    raise SystemExit(0)

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
brotli = shutil.which("brotli")
if not brotli:
    print("precompress: no brotli command, .br files skipped (scripts/setup.sh installs it)")
count = 0
for path in sorted(staging.rglob("*")):
    if not path.is_file() or path.suffix not in {".wasm", ".js", ".css", ".html", ".svg", ".json"}:
        continue
    data = path.read_bytes()
    # mtime=0 keeps the output the same for the same input.
    pathlib.Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    if brotli:
        subprocess.run([brotli, "--best", "--force", "--keep", "-o", f"{path}.br", str(path)], check=True)
    count += 1
print(f"precompress: {count} files with .gz{' and .br' if brotli else ''} copies")
