"""Stage 5 (release builds): .gz and .br copies next to each text and wasm file, so a
static server (the companion server among them) can answer Accept-Encoding without
compressing on every request.

The .gz copies come from Debian's `zopfli` (the gzip format every browser reads, smaller
than gzip -9), or from Python's gzip -9 where it is missing; the .br copies from
Debian's `brotli`. scripts/setup.sh installs both; without brotli the .br files are
skipped with a message, never a failed build. Both write mtime 0, so the same input
gives the same bytes."""
import gzip
import pathlib
import shutil
import subprocess

from .build import Build

SUFFIXES = {".wasm", ".js", ".css", ".html", ".svg", ".json"}


def run(build: Build) -> None:
    if not build.release:
        return
    brotli, zopfli = shutil.which("brotli"), shutil.which("zopfli")
    if not brotli:
        print("post-build: compress: no brotli command, .br files skipped (scripts/setup.sh installs it)")
    count = 0
    for path in sorted(build.staging.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        if zopfli:
            with open(f"{path}.gz", "wb") as out:
                subprocess.run([zopfli, "-c", str(path)], stdout=out, check=True)
        else:
            pathlib.Path(f"{path}.gz").write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        if brotli:
            subprocess.run([brotli, "--best", "--force", "--keep", "-o", f"{path}.br", str(path)], check=True)
        count += 1
    tools = "zopfli" if zopfli else "gzip -9"
    print(f"post-build: compress: {count} files with .gz ({tools}){' and .br' if brotli else ''} copies")
