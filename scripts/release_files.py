"""What the post-build hooks that rewrite the release build's files share: finding
wasm-bindgen's hashed JS glue, and Subresource Integrity. A file rewritten after Trunk
hashed it needs its `integrity` in index.html to follow its new bytes, or the browser
refuses to load it."""
import base64
import hashlib
import pathlib
import re
import sys


def hashed_glue(staging: pathlib.Path, hook: str) -> pathlib.Path:
    """wasm-bindgen's JS glue, `jobs-gallery-<hash>.js`; stops the build (naming the
    hook) unless there is exactly one."""
    glue = [p for p in staging.glob("jobs-gallery-*.js") if re.fullmatch(r"jobs-gallery-[0-9a-f]+\.js", p.name)]
    if len(glue) != 1:
        sys.exit(f"{hook}: expected one hashed glue file in {staging}, found {[p.name for p in glue]}")
    return glue[0]


def update_integrity(index: pathlib.Path, path: pathlib.Path) -> int:
    """Rewrites the integrity hash of every tag in `index` that names `path`'s file,
    whatever the order and quoting of its attributes; returns how many it rewrote."""
    digest = "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    tag = re.compile(r"<link\b[^>]*?" + re.escape(path.name) + r"[^>]*>")
    attribute = re.compile(r"integrity=(\"?)sha384-[A-Za-z0-9+/=]+\1")
    count = 0

    def rehash(match):
        nonlocal count
        count += 1
        return attribute.sub(lambda m: f"integrity={m.group(1)}{digest}{m.group(1)}", match.group(0))

    html = index.read_text()
    index.write_text(tag.sub(rehash, html))
    return count
