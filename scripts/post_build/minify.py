"""Stage 3 (release builds): the JS glue, the loader and what it imports on demand (the
save module, client-zip, the panels' glue) minified by terser, which keeps `/*!`
license banners.

Trunk's minifier cannot parse wasm-bindgen's glue (it stops at `export { ... as default
}`) and copies it as is, comments and all. terser (npm, installed into tools/ by
scripts/setup.sh) can. Without terser the files stay as they are, with a message; the
size check in scripts/test.sh then says by how much."""
import pathlib
import shutil
import subprocess

from .build import Build
from .loader import LOADER, SAVE, WORDS, ZIP

ROOT = pathlib.Path(__file__).resolve().parents[2]


def terser() -> str | None:
    """The version scripts/setup.sh pins first, then any other on PATH."""
    pinned = ROOT / "tools/bin/terser"
    return str(pinned) if pinned.exists() else shutil.which("terser")


def run(build: Build) -> list[pathlib.Path]:
    if not build.release:
        return []
    command = terser()
    if not command:
        print("post-build: minify: no terser, JS left as is (scripts/setup.sh installs it)")
        return []
    changed = []
    for path in (build.glue(), *(build.staging / name for name in (LOADER, SAVE, WORDS, ZIP)), build.panels()[0]):
        before = path.stat().st_size
        subprocess.run(
            [command, str(path), "--module", "--compress", "--mangle", "--output", str(path)],
            check=True,
        )
        print(f"post-build: minify: {path.name} {before} -> {path.stat().st_size} bytes")
        changed.append(path)
    return changed
