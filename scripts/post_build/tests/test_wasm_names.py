import json
import shutil
import subprocess
import tempfile
import unittest
import pathlib

from post_build.build import Build, BuildError
from post_build import wasm_names
from . import fixture_wasm as fx

NODE = shutil.which("node") or shutil.which("nodejs")

# Reads a module the way a browser does and lists its import and export names.
DESCRIBE = """
const bytes = require('fs').readFileSync(process.argv[1]);
const m = new WebAssembly.Module(bytes);
console.log(JSON.stringify({
  imports: WebAssembly.Module.imports(m).map(i => [i.module, i.name, i.kind]),
  exports: WebAssembly.Module.exports(m).map(e => [e.name, e.kind]),
}));
"""


def describe(wasm: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".wasm") as f:
        f.write(wasm)
        f.flush()
        out = subprocess.run([NODE, "-e", DESCRIBE, f.name], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


class ShortNames(unittest.TestCase):
    def test_short_names_count_up_in_letters(self):
        self.assertEqual([wasm_names.short_name(n) for n in (0, 1, 51, 52, 53)], ["a", "b", "Z", "ba", "bb"])

    def test_uleb_round_trips(self):
        for value in (0, 1, 127, 128, 300, 2**21, 2**32 - 1):
            encoded = wasm_names.uleb(value)
            self.assertEqual(wasm_names.read_uleb(encoded + b"\xff", 0), (value, len(encoded)))


@unittest.skipIf(NODE is None, "node is installed by scripts/setup.sh")
class Rewrite(unittest.TestCase):
    def test_the_fixture_is_a_valid_module(self):
        self.assertEqual(len(describe(fx.module())["imports"]), 5)

    def test_only_hashed_names_are_renamed_and_the_module_still_loads(self):
        before = describe(fx.module())
        module, imports, exports = wasm_names.rewrite(fx.module())
        after = describe(module)
        self.assertEqual(imports, {fx.GLUE_IMPORT: "a", "memory_17aa00bb11cc22dd": "b"})
        self.assertEqual(set(exports), {fx.CLOSURE_EXPORT, fx.CLOSURE_EXPORT_2})
        self.assertNotIn("memory", exports.values(), "a short export name must not clash")
        renamed = {**imports, **exports}
        self.assertEqual(
            after["imports"],
            [[m, renamed.get(n, n), k] for m, n, k in before["imports"]],
        )
        self.assertEqual(after["exports"], [[renamed.get(n, n), k] for n, k in before["exports"]])
        self.assertLess(len(module), len(fx.module()))

    def test_the_glue_follows_the_wasm(self):
        _, imports, exports = wasm_names.rewrite(fx.module())
        glue = wasm_names.rename_in_glue(fx.GLUE, {**imports, **exports})
        for old in (fx.GLUE_IMPORT, fx.CLOSURE_EXPORT, fx.CLOSURE_EXPORT_2):
            self.assertNotIn(old, glue)
        self.assertIn(f"imports.wbg.{fx.PLAIN_IMPORT} =", glue)
        self.assertIn(f"imports.wbg.{imports[fx.GLUE_IMPORT]} = function", glue)

    def test_a_name_missing_from_the_glue_stops_the_build_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            (staging / "jobs-gallery-0123abcd.js").write_text(fx.GLUE.replace(fx.CLOSURE_EXPORT, "other"))
            (staging / "jobs-gallery-0123abcd_bg.wasm").write_bytes(fx.module())
            with self.assertRaises(BuildError) as stopped:
                wasm_names.run(Build(staging, release=True, public_url="/"))
            self.assertIn(fx.CLOSURE_EXPORT, str(stopped.exception))
            self.assertEqual((staging / "jobs-gallery-0123abcd_bg.wasm").read_bytes(), fx.module())

    def test_not_a_wasm_module(self):
        with self.assertRaises(BuildError):
            wasm_names.rewrite(b"<html>")


if __name__ == "__main__":
    unittest.main()
