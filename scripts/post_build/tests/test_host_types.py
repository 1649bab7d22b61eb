import json
import pathlib
import subprocess
import tempfile
import unittest

from post_build import loader
from post_build.build import Build

from .test_loader_and_integrity import CLIENT_ZIP, TRUNK_PAGE, trunks_panels

CHECK_SIZE = pathlib.Path(__file__).resolve().parents[2] / "check-size.sh"


def stage(staging: pathlib.Path) -> list[pathlib.Path]:
    (staging / "index.html").write_text(TRUNK_PAGE)
    (staging / "jobs-gallery-77aa.css").write_text(".jobs-gallery{}")
    trunks_panels(staging)
    return loader.run(Build(staging, release=False, public_url="/"), CLIENT_ZIP)


class HostTypes(unittest.TestCase):
    def test_the_declarations_and_the_manifest_are_copied_as_they_are(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            written = stage(staging)
            for source in loader.FOR_HOSTS:
                self.assertEqual((staging / source.name).read_bytes(), source.read_bytes())
            panels = {p.name for p in Build(staging, release=False, public_url="/").panels()}
            self.assertEqual(
                {p.name for p in staging.iterdir()} - {"index.html", "jobs-gallery-77aa.css", "locales"} - panels,
                {
                    "jobs-gallery-loader.js",
                    "jobs-gallery-save.js",
                    "jobs-gallery-words.js",
                    "jobs-gallery-zip.js",
                    "jobs-gallery.css",
                    "jobs-gallery.d.ts",
                    "custom-elements.json",
                    "jobs-gallery-loader.d.ts",
                },
            )
            self.assertEqual(
                written,
                [staging / "jobs-gallery-loader.js", staging / "jobs-gallery-save.js", staging / "jobs-gallery-words.js", staging / "jobs-gallery-zip.js"],
                "no tag names them: no integrity hash",
            )

    def test_the_loaders_own_name_finds_the_declarations(self):
        with tempfile.TemporaryDirectory() as d:
            staging = pathlib.Path(d)
            stage(staging)
            shim = (staging / "jobs-gallery-loader.d.ts").read_text()
        self.assertEqual(shim.strip(), 'export * from "./jobs-gallery.js";')

    def test_the_manifest_describes_the_loader_module(self):
        manifest = json.loads(loader.FOR_HOSTS[1].read_text())
        self.assertEqual(manifest["schemaVersion"], "1.0.0")
        self.assertEqual([m["path"] for m in manifest["modules"]], [loader.LOADER])

    def test_the_size_check_does_not_count_them_nor_the_module_loaded_on_demand(self):
        with tempfile.TemporaryDirectory() as d:
            dist = pathlib.Path(d)
            for name in ("jobs-gallery-loader.js", "jobs-gallery-0123abcd.js", "jobs-gallery-77aa.css"):
                (dist / name).write_text("x" * 100)
            (dist / loader.SAVE).write_text("y" * 5000)
            (dist / f"{loader.SAVE}.gz").write_bytes(bytes(7))
            (dist / loader.WORDS).write_text("w" * 1500)
            (dist / f"{loader.WORDS}.gz").write_bytes(bytes(6))
            (dist / loader.ZIP).write_text("z" * 2000)
            (dist / f"{loader.ZIP}.gz").write_bytes(bytes(5))
            (dist / "jobs-gallery-panels-4567.js").write_text("p" * 300)
            (dist / "jobs-gallery-panels-4567.js.gz").write_bytes(bytes(9))
            (dist / "jobs-gallery-panels-4567_bg.wasm").write_bytes(b"\0asm" + bytes(4000))
            (dist / "jobs-gallery-panels-4567_bg.wasm.gz").write_bytes(bytes(11))
            (dist / "jobs-gallery-0123abcd_bg.wasm").write_bytes(b"\0asm" + bytes(96))
            for source in loader.FOR_HOSTS:
                (dist / source.name).write_bytes(source.read_bytes())
                (dist / f"{source.name}.gz").write_bytes(source.read_bytes())
            (dist / "jobs-gallery-loader.d.ts").write_text(loader.TYPES_BY_LOADER_NAME)
            out = subprocess.run(["bash", str(CHECK_SIZE), str(dist), "1000000"], check=True, capture_output=True, text=True)
        lines = out.stdout.splitlines()
        total = next(i for i, line in enumerate(lines) if line.startswith("total "))
        listed = [line.split()[0] for line in lines[1:total]]
        self.assertEqual(
            sorted(listed),
            ["jobs-gallery-0123abcd.js", "jobs-gallery-0123abcd_bg.wasm", "jobs-gallery-77aa.css", "jobs-gallery-loader.js"],
        )
        self.assertEqual(lines[total + 1], "on demand (not in the first load):")
        on_demand = [line.split() for line in lines[total + 2:-1]]
        self.assertEqual(
            [(row[0], row[1], row[3]) for row in on_demand],
            [("jobs-gallery-panels-4567.js", "300", "9"), ("jobs-gallery-panels-4567_bg.wasm", "4004", "11"), (loader.SAVE, "5000", "7"), (loader.WORDS, "1500", "6"), (loader.ZIP, "2000", "5")],
        )
        sent = [int(line.split()[3]) for line in lines[1:total]]
        self.assertEqual(int(lines[total].split()[3]), sum(sent), "only the first load counts")


if __name__ == "__main__":
    unittest.main()
