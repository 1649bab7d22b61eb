#!/usr/bin/env python3
"""Trunk post-build hook: writes .gz and .br copies next to each text and wasm file of
a release build, so a static server (the companion server among them) can answer
Accept-Encoding without compressing on every request. Debug builds are left alone.

The .gz copies come from Debian's `zopfli` (the gzip format every browser reads, 4-5 %
smaller than gzip -9; 1 s for the wasm), or from Python's gzip -9 where it is missing;
the .br copies from Debian's `brotli`. scripts/setup.sh installs both; without brotli
the .br files are skipped with a message, never a failed build.
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
zopfli = shutil.which("zopfli")
if not brotli:
    print("precompress: no brotli command, .br files skipped (scripts/setup.sh installs it)")
count = 0
for path in sorted(staging.rglob("*")):
    if not path.is_file() or path.suffix not in {".wasm", ".js", ".css", ".html", ".svg", ".json"}:
        continue
    data = path.read_bytes()
    # Both write mtime 0, so the same input gives the same bytes.
    if zopfli:
        with open(f"{path}.gz", "wb") as out:
            subprocess.run([zopfli, "-c", str(path)], stdout=out, check=True)
    else:
        pathlib.Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    if brotli:
        subprocess.run([brotli, "--best", "--force", "--keep", "-o", f"{path}.br", str(path)], check=True)
    count += 1
print(f"precompress: {count} files with .gz ({'zopfli' if zopfli else 'gzip -9'}){' and .br' if brotli else ''} copies")
