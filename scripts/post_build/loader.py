"""Stage 1: the loader and the stable-named stylesheet.

Trunk writes an inline module script that starts the wasm; a strict CSP refuses inline
scripts, and embedders need one stable file to load. This stage fills the checked-in
template `loader/jobs-gallery-loader.js` with this build's hashed file names, writes it
as `dist/jobs-gallery-loader.js`, puts a tag for it where Trunk's inline script was, and
copies the widget's hashed stylesheet to `dist/jobs-gallery.css`.

Beside it goes the module it imports only when a user first downloads, off the first
load: `loader/jobs-gallery-save.js`, under a stable name (the loader names it, as it is
named itself).

It also copies what host developers read but browsers never load (so no part of the
size budget): the loader's TypeScript declarations `loader/jobs-gallery.d.ts` and its
Custom Elements Manifest `loader/custom-elements.json` (both checked by
scripts/check-types.sh), and writes `jobs-gallery-loader.d.ts`, one line that points
TypeScript from the loader's own name to the declarations."""
import pathlib
import re

from .build import Build, BuildError

LOADER = "jobs-gallery-loader.js"
TEMPLATE = pathlib.Path(__file__).resolve().parents[2] / "loader" / LOADER
FOR_HOSTS = (TEMPLATE.with_name("jobs-gallery.d.ts"), TEMPLATE.with_name("custom-elements.json"))
SAVE = "jobs-gallery-save.js"
# tsc looks for the types of `import … from "./jobs-gallery-loader.js"` in
# jobs-gallery-loader.d.ts beside it; the issue names the declarations jobs-gallery.d.ts.
TYPES_BY_LOADER_NAME = 'export * from "./jobs-gallery.js";\n'

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
    loader, save = build.staging / LOADER, build.staging / SAVE
    loader.write_text(render(TEMPLATE.read_text(), glue_name, wasm_name))
    save.write_bytes(TEMPLATE.with_name(SAVE).read_bytes())
    # Embedders link the stylesheet by a stable name; the hashed copy stays for index.html.
    for css in build.staging.glob("jobs-gallery-*.css"):
        (build.staging / "jobs-gallery.css").write_bytes(css.read_bytes())
    for source in FOR_HOSTS:
        (build.staging / source.name).write_bytes(source.read_bytes())
    (build.staging / LOADER.replace(".js", ".d.ts")).write_text(TYPES_BY_LOADER_NAME)
    build.index.write_text(html)
    print(f"post-build: loader: {LOADER} loads {glue_name} and {wasm_name}, and {SAVE} on demand")
    return [loader, save]
