"""Stage 1: the loader and the stable-named stylesheet.

Trunk writes an inline module script that starts the wasm; a strict CSP refuses inline
scripts, and embedders need one stable file to load. This stage fills the checked-in
template `loader/jobs-gallery-loader.js` with this build's hashed file names, writes it
as `dist/jobs-gallery-loader.js`, puts a tag for it where Trunk's inline script was, and
copies the widget's hashed stylesheet to `dist/jobs-gallery.css`.

Beside it go the modules it imports only when a user first downloads, off the first
load: `loader/jobs-gallery-save.js`, `loader/jobs-gallery-words.js` (imported for a
gallery that speaks German or French, or has labels), and client-zip (npm, installed into tools/ by
scripts/setup.sh) as `jobs-gallery-zip.js`, under a banner with its license, which
terser keeps (a `/*!` comment). Both have stable names: the loader names them, as it is
named itself. The panels' glue and wasm (panels/), which it fetches on the first click
that opens a panel, get hashed names here (`Build.panels`), and the loader names them.

It also copies what host developers read but browsers never load (so no part of the
size budget): the loader's TypeScript declarations `loader/jobs-gallery.d.ts` and its
Custom Elements Manifest `loader/custom-elements.json` (both checked by
scripts/check-types.sh), and writes `jobs-gallery-loader.d.ts`, one line that points
TypeScript from the loader's own name to the declarations."""
import hashlib
import json
import pathlib
import re

from .build import Build, BuildError

LOADER = "jobs-gallery-loader.js"
TEMPLATE = pathlib.Path(__file__).resolve().parents[2] / "loader" / LOADER
FOR_HOSTS = (TEMPLATE.with_name("jobs-gallery.d.ts"), TEMPLATE.with_name("custom-elements.json"))
SAVE = "jobs-gallery-save.js"
WORDS = "jobs-gallery-words.js"
PANELS_CSS = "jobs-gallery-panels.css"
ZIP = "jobs-gallery-zip.js"
CLIENT_ZIP = TEMPLATE.parents[1] / "tools/client-zip/node_modules/client-zip"
# tsc looks for the types of `import … from "./jobs-gallery-loader.js"` in
# jobs-gallery-loader.d.ts beside it; the issue names the declarations jobs-gallery.d.ts.
TYPES_BY_LOADER_NAME = 'export * from "./jobs-gallery.js";\n'

# Quotes and spaces vary: a minified page has the inline script rewritten.
INLINE = re.compile(
    r"<script type=\"?module\"?>\s*(import\s*init\s*,\s*\*\s*as\s*bindings\s*from\s*['\"]([^'\"]+)['\"].*?)</script>",
    re.S,
)
PLACEHOLDERS = ("__GLUE__", "__WASM__", "__PANELS_GLUE__", "__PANELS_WASM__")
WASM = re.compile(r"module_or_path:\s*['\"]([^'\"]+)['\"]")


def render(template: str, names: dict[str, str]) -> str:
    """The template with this build's names (`__GLUE__`, `__WASM__`, `__PANELS_GLUE__`,
    `__PANELS_WASM__`); each placeholder must be there exactly once."""
    for placeholder in PLACEHOLDERS:
        if template.count(placeholder) != 1 or placeholder not in names:
            raise BuildError("loader", f"the template must name {placeholder} exactly once")
    for placeholder in sorted(PLACEHOLDERS, key=len, reverse=True):
        template = template.replace(placeholder, names[placeholder])
    return template


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


def zip_module(package: pathlib.Path) -> str:
    """client-zip's ES module, headed by its version, license and copyright."""
    if not (package / "index.js").is_file():
        raise BuildError("loader", f"no client-zip in {package}: run scripts/setup.sh")
    meta = json.loads((package / "package.json").read_text())
    license_text = (package / "LICENSE.txt").read_text()
    copyright_line = next((line.strip() for line in license_text.splitlines() if line.startswith("Copyright")), None)
    if not copyright_line:
        raise BuildError("loader", f"no copyright line in {package / 'LICENSE.txt'}")
    banner = f"/*! client-zip {meta['version']} | {meta['license']} License | {copyright_line} */\n"
    return banner + (package / "index.js").read_text()


def keys_name(build: Build) -> str:
    """Copies `locales/keys.json` (Trunk's copy of locales/) under a name with its hash,
    which the words module fetches: the order the wasm knows its keys in, which a cache
    must never hand to another build's wasm. Returns the name, without `.json`."""
    keys = build.staging / "locales" / "keys.json"
    if not keys.is_file():
        raise BuildError("loader", f"no {keys} (index.html copies locales/)")
    name = f"keys-{hashlib.sha256(keys.read_bytes()).hexdigest()[:16]}"
    keys.with_name(f"{name}.json").write_bytes(keys.read_bytes())
    return name


def run(build: Build, client_zip: pathlib.Path | None = None) -> list[pathlib.Path]:
    html, glue_name, wasm_name = externalize(build.index.read_text(), build.public_url)
    zip_text = zip_module(client_zip or CLIENT_ZIP)
    loader, save, words, zip_ = (build.staging / name for name in (LOADER, SAVE, WORDS, ZIP))
    panels_glue, panels_wasm = build.panels()
    names = {
        "__GLUE__": glue_name,
        "__WASM__": wasm_name,
        "__PANELS_GLUE__": panels_glue.name,
        "__PANELS_WASM__": panels_wasm.name,
    }
    loader.write_text(render(TEMPLATE.read_text(), names))
    save.write_bytes(TEMPLATE.with_name(SAVE).read_bytes())
    words.write_text(TEMPLATE.with_name(WORDS).read_text().replace("'__KEYS__'", f"'{keys_name(build)}'"))
    zip_.write_text(zip_text)
    # Embedders link the stylesheet by a stable name; the hashed copy stays for index.html.
    # (Trunk's hashed copy, not the panels' stylesheet, which keeps its own name.)
    for css in build.staging.glob("jobs-gallery-*.css"):
        if css.name != PANELS_CSS:
            (build.staging / "jobs-gallery.css").write_bytes(css.read_bytes())
    for source in FOR_HOSTS:
        (build.staging / source.name).write_bytes(source.read_bytes())
    (build.staging / LOADER.replace(".js", ".d.ts")).write_text(TYPES_BY_LOADER_NAME)
    build.index.write_text(html)
    print(
        f"post-build: loader: {LOADER} loads {glue_name} and {wasm_name}, "
        f"and on demand {SAVE}, {WORDS}, {ZIP}, {panels_glue.name} and {panels_wasm.name}"
    )
    return [loader, save, words, zip_]
