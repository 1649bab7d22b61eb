#!/usr/bin/env python3
"""Trunk's post-build hook (Trunk.toml): rewrites Trunk's output into what embedders load,
one stage after another, each in its own module of scripts/post_build/:

1. loader     the checked-in loader template filled in, instead of Trunk's inline script
2. wasm_names short names for the wasm's imports and trampolines (release)
3. minify     the JS glue and the loader through terser (release)
4. integrity  Subresource Integrity of every rewritten file, computed once
5. compress   .gz and .br copies (release)

Debug builds (`trunk serve`) get stages 1 and 4 only."""
import sys

sys.dont_write_bytecode = True  # trunk serve watches scripts/: no __pycache__ there

from post_build import compress, integrity, loader, minify, wasm_names  # noqa: E402
from post_build.build import Build  # noqa: E402


def main() -> None:
    build = Build.from_env()
    changed = loader.run(build) + wasm_names.run(build) + minify.run(build)
    integrity.run(build, list(dict.fromkeys(changed)))
    compress.run(build)


if __name__ == "__main__":
    main()
