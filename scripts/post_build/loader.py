"""Stage 1: the loader and the stable-named stylesheet.

Trunk writes an inline module script that starts the wasm; a strict CSP refuses inline
scripts, and embedders need one stable file to load. This stage fills the checked-in
template `loader/jobs-gallery-loader.js` with this build's hashed file names, writes it
as `dist/jobs-gallery-loader.js`, puts a tag for it where Trunk's inline script was, and
copies the widget's hashed stylesheet to `dist/jobs-gallery.css`."""
import pathlib
import re

from .build import Build, BuildError

LOADER = "jobs-gallery-loader.js"
TEMPLATE = pathlib.Path(__file__).resolve().parents[2] / "loader" / LOADER

# Quotes and spaces vary: a minified page has the inline script rewritten.
INLINE = re.compile(
    r"<script type=\"?module\"?>\s*(import\s*init\s*,\s*\*\s*as\s*bindings\s*from\s*['\"]([^'\"]+)['\"].*?)</script>",
    re.S,
)
WASM = re.compile(r"module_or_path:\s*['\"]([^'\"]+)['\"]")


def render(template: str, glue_name: str, wasm_name: str) -> str:
    """The template with this build's names; each placeholder must be there exactly once."""
    for placeholder in ("__GLUE__", "__WASM__"):
        if template.count(placeholder) != 1:
            raise BuildError("loader", f"the template must name {placeholder} exactly once")
    return template.replace("__GLUE__", glue_name).replace("__WASM__", wasm_name)


def externalize(html: str, public_url: str) -> tuple[str, str, str]:
    """Replaces Trunk's inline loader in `html` with a tag for the loader file; returns
    the new page and the glue's and wasm's file names the inline script named."""
    match = INLINE.search(html)
    if not match:
        raise BuildError("loader", f"no inline Trunk loader found in index.html:\n{html}")
    wasm = WASM.search(match.group(1))
    if not wasm:
        raise BuildError("loader", "Trunk's loader names no wasm file")
    glue_name = match.group(2).rsplit("/", 1)[-1]
    wasm_name = wasm.group(1).rsplit("/", 1)[-1]
    tag = f'<script type="module" src="{public_url}{LOADER}"></script>'
    return html[: match.start()] + tag + html[match.end():], glue_name, wasm_name


def run(build: Build) -> list[pathlib.Path]:
    html, glue_name, wasm_name = externalize(build.index.read_text(), build.public_url)
    loader = build.staging / LOADER
    loader.write_text(render(TEMPLATE.read_text(), glue_name, wasm_name))
    # Embedders link the stylesheet by a stable name; the hashed copy stays for index.html.
    for css in build.staging.glob("jobs-gallery-*.css"):
        (build.staging / "jobs-gallery.css").write_bytes(css.read_bytes())
    build.index.write_text(html)
    print(f"post-build: loader: {LOADER} loads {glue_name} and {wasm_name}")
    return [loader]
