"""Stage 4: Subresource Integrity that matches the files as shipped.

A file rewritten after Trunk hashed it needs the `integrity` of every tag naming it in
index.html to follow its new bytes, or the browser refuses to load it. The stages before
this one only say which files they changed; the hashes are computed here, once, from the
final bytes."""
import base64
import hashlib
import pathlib
import re

from .build import Build, BuildError

ATTRIBUTE = re.compile(r"integrity=(\"?)sha384-[A-Za-z0-9+/=]+\1")


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def rehash(html: str, files: list[pathlib.Path]) -> tuple[str, int]:
    """`html` with the integrity of every tag that names one of `files` recomputed,
    whatever the order and quoting of its attributes; and how many tags it rewrote."""
    count = 0
    for path in files:
        digest = sri(path.read_bytes())
        tag = re.compile(r"<(?:link|script)\b[^>]*?[\"'/=]" + re.escape(path.name) + r"[\"'\s>][^>]*>")

        def one(match, digest=digest):
            nonlocal count
            if not ATTRIBUTE.search(match.group(0)):
                return match.group(0)
            count += 1
            return ATTRIBUTE.sub(lambda m: f"integrity={m.group(1)}{digest}{m.group(1)}", match.group(0))

        html = tag.sub(one, html)
    return html, count


def run(build: Build, changed: list[pathlib.Path]) -> None:
    html, count = rehash(build.index.read_text(), changed)
    build.index.write_text(html)
    if build.release and changed and not count:
        raise BuildError("integrity", "no integrity attribute names a rewritten file")
    print(f"post-build: integrity: {count} hash(es) updated for {len(changed)} rewritten file(s)")
