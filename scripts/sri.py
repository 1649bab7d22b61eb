"""Subresource Integrity for the post-build hooks that rewrite a file after Trunk
hashed it: index.html's `integrity` on the tag that loads the file must follow its
new bytes, or the browser refuses to load it."""
import base64
import hashlib
import pathlib
import re


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
