"""The build being rewritten: Trunk's staging folder, its profile, and the files the
stages work on."""
import os
import pathlib
import re
from dataclasses import dataclass


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
