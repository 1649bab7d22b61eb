import pathlib
import re
import tempfile
import unittest
from unittest import mock

from post_build import integrity, loader, minify
from post_build.build import Build, BuildError
from post_build.integrity import sri

TRUNK_PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/jobs-gallery-77aa.css" integrity="sha384-AAAA" crossorigin="anonymous">
<link rel="modulepreload" href="/jobs-gallery-0123abcd.js" crossorigin="anonymous" integrity="sha384-BBBB">
<link rel=preload href=/jobs-gallery-0123abcd_bg.wasm crossorigin=anonymous integrity=sha384-CCCC as=fetch type=application/wasm>
<script type="module">
import init, * as bindings from '/jobs-gallery-0123abcd.js';
const wasm = await init({ module_or_path: '/jobs-gallery-0123abcd_bg.wasm' });
window.wasmBindings = bindings;
</script></head><body></body></html>"""


NAMES = {
    "__GLUE__": "jobs-gallery-0123abcd.js",
    "__WASM__": "x_bg.wasm",
    "__PANELS_GLUE__": "jobs-gallery-panels-4567.js",
    "__PANELS_WASM__": "jobs-gallery-panels-4567_bg.wasm",
}


def fake_client_zip() -> pathlib.Path:
    """A package shaped like npm's client-zip, for the stage that copies it."""
    package = pathlib.Path(tempfile.mkdtemp()) / "client-zip"
    package.mkdir()
    (package / "index.js").write_text("export function downloadZip() {}\n")
    (package / "package.json").write_text('{"name": "client-zip", "version": "2.5.1", "license": "MIT"}')
    (package / "LICENSE.txt").write_text("MIT License\n\nCopyright 2020 David Junger\n")
    return package


CLIENT_ZIP = fake_client_zip()


def trunks_panels(staging: pathlib.Path) -> None:
    """The panels' glue and wasm as Trunk writes a worker: under the crate's name."""
    (staging / "jobs-gallery-panels.js").write_text("export default function init() {}")
    (staging / "jobs-gallery-panels_bg.wasm").write_bytes(b"\0asm")
    (staging / "locales").mkdir(exist_ok=True)
    (staging / "locales" / "keys.json").write_text('["pause", "refresh"]\n')


def run_loader(staging: pathlib.Path) -> list[pathlib.Path]:
    """Stage 1 over a staging folder as Trunk leaves it: the page and the panels."""
    (staging / "index.html").write_text(TRUNK_PAGE)
    trunks_panels(staging)
    return loader.run(Build(staging, release=False, public_url="/"), CLIENT_ZIP)


class Loader(unittest.TestCase):
    def test_the_inline_script_becomes_the_loader_file(self):
        html, glue, wasm = loader.externalize(TRUNK_PAGE, "/app/")
        self.assertEqual((glue, wasm), ("jobs-gallery-0123abcd.js", "jobs-gallery-0123abcd_bg.wasm"))
        self.assertIn('<script type="module" src="/app/jobs-gallery-loader.js"></script>', html)
        self.assertNotIn("wasmBindings", html)

    def test_a_page_without_trunks_loader_stops_the_build(self):
        with self.assertRaises(BuildError):
            loader.externalize("<html></html>", "/")

    def test_the_checked_in_template_is_filled_in(self):
        js = loader.render(loader.TEMPLATE.read_text(), NAMES)
        self.assertIn("import('./jobs-gallery-0123abcd.js')", js, "the glue is imported on the first mount, not at import")
        self.assertIn("import('./jobs-gallery-panels-4567.js')", js, "the panels are imported on the first click")
        self.assertIn("new URL('./jobs-gallery-panels-4567_bg.wasm', import.meta.url)", js)
        self.assertIn("new URL('./x_bg.wasm', import.meta.url)", js)
        self.assertIn("export function mount(", js)
        self.assertNotIn("__GLUE__", js)
        self.assertNotIn("__PANELS_", js)
        code = "\n".join(line for line in js.splitlines() if not line.startswith("//"))
        self.assertNotIn("await", code, "top-level await stops WebKit running importers")

    def test_a_template_without_its_placeholders_stops_the_build(self):
        with self.assertRaises(BuildError):
            loader.render("import init from './x.js';", NAMES)
        with self.assertRaises(BuildError):
            loader.render("'__GLUE__' '__WASM__' '__PANELS_GLUE__'", NAMES)

    def test_the_stage_writes_the_loader_the_stylesheet_and_the_page(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            (staging / "index.html").write_text(TRUNK_PAGE)
            (staging / "jobs-gallery-77aa.css").write_text(".jobs-gallery{}")
            trunks_panels(staging)
            written = loader.run(Build(staging, release=False, public_url="/"), CLIENT_ZIP)
            self.assertEqual(
                written,
                [staging / "jobs-gallery-loader.js", staging / "jobs-gallery-save.js", staging / "jobs-gallery-words.js", staging / "jobs-gallery-zip.js"],
                "the modules loaded on demand are minified and compressed like the loader",
            )
            self.assertEqual((staging / "jobs-gallery.css").read_text(), ".jobs-gallery{}")

    def test_the_stable_stylesheet_is_the_gallerys_not_the_panels(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            (staging / "index.html").write_text(TRUNK_PAGE)
            (staging / "jobs-gallery-77aa.css").write_text(".jobs-gallery{}")
            (staging / loader.PANELS_CSS).write_text(".jobs-gallery .jg-viewer{}")
            trunks_panels(staging)
            loader.run(Build(staging, release=False, public_url="/"), CLIENT_ZIP)
            self.assertEqual((staging / "jobs-gallery.css").read_text(), ".jobs-gallery{}")
            self.assertIn("jobs-gallery-loader.js", (staging / "index.html").read_text())


class OnDemand(unittest.TestCase):
    """The save module, which the loader imports on the first download, and the words
    module, which it imports for a gallery in German or French or with labels."""

    def test_the_modules_are_copied_beside_the_loader(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            run_loader(staging)
            copied = (staging / loader.SAVE).read_bytes()
            self.assertEqual(copied, loader.TEMPLATE.with_name(loader.SAVE).read_bytes())
            self.assertTrue((staging / loader.WORDS).is_file())

    def test_the_words_module_fetches_this_builds_key_order(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            run_loader(staging)
            words = (staging / loader.WORDS).read_text()
            named = re.search(r"'(keys-[0-9a-f]{16})'", words)
            self.assertIsNotNone(named, "no hashed key order in the words module")
            copy = staging / "locales" / f"{named.group(1)}.json"
            self.assertEqual(copy.read_bytes(), (staging / "locales" / "keys.json").read_bytes())
            self.assertNotIn("__KEYS__", words)

    def test_the_loader_imports_them_by_the_names_written(self):
        js = loader.render(loader.TEMPLATE.read_text(), NAMES)
        self.assertIn(f"import('./{loader.SAVE}')", js)
        self.assertIn(f"import('./{loader.WORDS}')", js)

    def test_a_release_build_minifies_it_with_the_glue_and_the_loader(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            names = ["jobs-gallery-0123abcd.js", loader.LOADER, loader.SAVE, loader.WORDS, loader.ZIP, "jobs-gallery-panels-4567.js"]
            (staging / "jobs-gallery-panels-4567_bg.wasm").write_bytes(b"\0asm")
            for name in names:
                (staging / name).write_text("x")
            log = staging / "terser.log"
            terser = staging / "terser"  # writes the name of each file it is given
            terser.write_text(f"#!/bin/sh\nbasename \"$1\" >>'{log}'\n")
            terser.chmod(0o755)
            with mock.patch.object(minify, "terser", lambda: str(terser)):
                changed = minify.run(Build(staging, release=True, public_url="/"))
            self.assertEqual(log.read_text().split(), names)
        self.assertEqual([p.name for p in changed], names)


class ZipWriter(unittest.TestCase):
    """client-zip, which the save module imports for the first "Download this page"."""

    def test_it_is_copied_under_its_license_banner(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            run_loader(staging)
            text = (staging / loader.ZIP).read_text()
        self.assertTrue(text.startswith("/*! client-zip 2.5.1 | MIT License | Copyright 2020 David Junger */\n"))
        self.assertIn("export function downloadZip", text)

    def test_without_it_the_build_stops(self):
        with self.assertRaises(BuildError):
            loader.zip_module(pathlib.Path(tempfile.mkdtemp()) / "client-zip")

    @unittest.skipUnless((loader.CLIENT_ZIP / "index.js").is_file(), "scripts/setup.sh installs client-zip")
    def test_the_installed_one_exports_what_the_save_module_imports(self):
        text = loader.zip_module(loader.CLIENT_ZIP)
        self.assertRegex(text, r"export\s*\{[^}]*downloadZip")

    def test_the_save_module_imports_it_by_the_name_written(self):
        self.assertIn(f"import('./{loader.ZIP}')", loader.TEMPLATE.with_name(loader.SAVE).read_text())


class Panels(unittest.TestCase):
    """The panels' wasm, which the loader fetches on the first click that opens a panel."""

    def test_trunks_panels_get_a_content_hash_that_the_loader_names(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            run_loader(staging)
            glue, wasm = Build(staging, release=False, public_url="/").panels()
            self.assertRegex(glue.name, r"^jobs-gallery-panels-[0-9a-f]{16}\.js$")
            self.assertEqual(wasm.name, glue.name.replace(".js", "_bg.wasm"))
            self.assertEqual(wasm.read_bytes(), b"\0asm")
            self.assertFalse((staging / "jobs-gallery-panels.js").exists())
            js = (staging / loader.LOADER).read_text()
            self.assertIn(f"import('./{glue.name}')", js)
            self.assertIn(f"new URL('./{wasm.name}', import.meta.url)", js)

    def test_another_panel_build_gets_another_name(self):
        names = []
        for content in (b"\0asm1", b"\0asm2"):
            with tempfile.TemporaryDirectory() as d:
                staging = pathlib.Path(d)
                trunks_panels(staging)
                (staging / "jobs-gallery-panels_bg.wasm").write_bytes(content)
                names.append(Build(staging, release=False, public_url="/").panels()[1].name)
        self.assertNotEqual(names[0], names[1])

    def test_a_build_without_the_panels_stops(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            (staging / "index.html").write_text(TRUNK_PAGE)
            with self.assertRaises(BuildError):
                loader.run(Build(staging, release=False, public_url="/"), CLIENT_ZIP)


class Integrity(unittest.TestCase):
    def test_every_tag_naming_a_rewritten_file_gets_its_new_hash(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            glue = staging / "jobs-gallery-0123abcd.js"
            wasm = staging / "jobs-gallery-0123abcd_bg.wasm"
            glue.write_text("export {}")
            wasm.write_bytes(b"\0asm")
            html, count = integrity.rehash(TRUNK_PAGE, [glue, wasm])
        self.assertEqual(count, 2)
        self.assertIn(f'integrity="{sri(b"export {}")}"', html)
        wasm_digest = sri(b"\0asm")
        self.assertIn(f"integrity={wasm_digest} as=fetch", html)
        self.assertIn('integrity="sha384-AAAA"', html, "an unchanged file keeps its hash")

    def test_the_glue_is_not_mistaken_for_the_wasm_of_the_same_name(self):
        with tempfile.TemporaryDirectory() as d:
            glue = pathlib.Path(d) / "jobs-gallery-0123abcd.js"
            glue.write_text("x")
            html, count = integrity.rehash(TRUNK_PAGE, [glue])
        self.assertEqual(count, 1)
        self.assertIn("integrity=sha384-CCCC", html)

    def test_a_release_build_whose_rewritten_files_have_no_tag_stops(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            (staging / "index.html").write_text("<html></html>")
            glue = staging / "jobs-gallery-0123abcd.js"
            glue.write_text("x")
            with self.assertRaises(BuildError):
                integrity.run(Build(staging, release=True, public_url="/"), [glue])


if __name__ == "__main__":
    unittest.main()
