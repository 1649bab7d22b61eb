"""The build being rewritten: Trunk's staging folder, its profile, and the files the
stages work on."""
import hashlib
import os
import pathlib
import re
from dataclasses import dataclass


PANELS = "jobs-gallery-panels"


class BuildError(SystemExit):
    """Stops the build with a message naming the stage; nothing after it runs."""

    def __init__(self, stage: str, message: str):
        super().__init__(f"post-build: {stage}: {message}")


@dataclass
class Build:
    staging: pathlib.Path
    release: bool
    public_url: str

    @classmethod
    def from_env(cls) -> "Build":
        return cls(
            staging=pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist")),
            release=os.environ.get("TRUNK_PROFILE", "release") == "release",
            public_url=os.environ.get("TRUNK_PUBLIC_URL", "/"),
        )

    @property
    def index(self) -> pathlib.Path:
        return self.staging / "index.html"

    def glue(self) -> pathlib.Path:
        """wasm-bindgen's JS glue, `jobs-gallery-<hash>.js`: exactly one, or the build stops."""
        glue = [
            p
            for p in self.staging.glob("jobs-gallery-*.js")
            if re.fullmatch(r"jobs-gallery-[0-9a-f]+\.js", p.name)
        ]
        if len(glue) != 1:
            raise BuildError("build", f"expected one hashed glue file in {self.staging}, found {[p.name for p in glue]}")
        return glue[0]

    def wasm(self) -> pathlib.Path:
        """The wasm that goes with the glue, `jobs-gallery-<hash>_bg.wasm`."""
        return self.staging / self.glue().name.replace(".js", "_bg.wasm")

    def panels(self) -> tuple[pathlib.Path, pathlib.Path]:
        """The panels' glue and wasm (panels/: the wasm the loader fetches on the first
        click that opens a panel). Trunk builds them as a worker, under the crate's name;
        the first call gives them a content hash, as Trunk does the gallery's, so that a
        long cache never serves an old panel with a new gallery."""
        named = sorted(self.staging.glob(f"{PANELS}-*_bg.wasm"))
        if len(named) == 1:
            return named[0].with_name(named[0].name.replace("_bg.wasm", ".js")), named[0]
        glue, wasm = self.staging / f"{PANELS}.js", self.staging / f"{PANELS}_bg.wasm"
        if named or not (glue.exists() and wasm.exists()):
            raise BuildError("build", f"expected Trunk's {glue.name} and {wasm.name} in {self.staging}, found {[p.name for p in named]}")
        digest = hashlib.sha256(glue.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
        hashed = (glue.with_name(f"{PANELS}-{digest}.js"), wasm.with_name(f"{PANELS}-{digest}_bg.wasm"))
        glue.rename(hashed[0])
        wasm.rename(hashed[1])
        return hashed
