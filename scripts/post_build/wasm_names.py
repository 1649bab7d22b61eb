"""Stage 2 (release builds): short names for what joins the wasm to its JS glue.

wasm-bindgen names each import after the function it wraps plus a 16-digit hash
(`__wbg_setAttribute_2f8a…`), and the same ~150 names appear twice, in the wasm's import
section and in the glue. Hex digits hardly compress (size/post-build in docs/size.md).
Neither wasm-bindgen nor wasm-opt can shorten them (wasm-opt's `--minify-imports` renames
only Emscripten's `env` module), so this stage does.

Only names that end in such a hash are renamed: import names, and the exported closure
trampolines (`…invoke__h<hash>`). A hash makes each name unique, so a whole-word
replacement in the glue cannot touch anything else; a name the glue does not contain
stops the build instead of shipping a wasm that fails to link. The files keep their
hashed names (the name still stands for one build)."""
import pathlib
import re

from .build import Build, BuildError

HASHED_IMPORT = re.compile(r".*_[0-9a-f]{16}")
HASHED_EXPORT = re.compile(r".*__h[0-9a-f]{16}(_\d+)?")
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def short_name(n: int) -> str:
    name = LETTERS[n % 52]
    n //= 52
    while n:
        name = LETTERS[n % 52] + name
        n //= 52
    return name


def read_uleb(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name_bytes(name: str) -> bytes:
    raw = name.encode()
    return uleb(len(raw)) + raw


def skip_limits(data: bytes, at: int) -> int:
    flags, at = read_uleb(data, at)
    _, at = read_uleb(data, at)
    if flags & 1:
        _, at = read_uleb(data, at)
    return at


def rename_imports(body: bytes, mapping: dict) -> bytes:
    count, at = read_uleb(body, 0)
    out = bytearray(uleb(count))
    for _ in range(count):
        length, at = read_uleb(body, at)
        module = body[at:at + length]
        at += length
        length, at = read_uleb(body, at)
        field = body[at:at + length].decode()
        at += length
        start = at
        kind = body[at]
        at += 1
        if kind == 0:  # function: type index
            _, at = read_uleb(body, at)
        elif kind == 1:  # table: element type, limits
            at = skip_limits(body, at + 1)
        elif kind == 2:  # memory: limits
            at = skip_limits(body, at)
        elif kind == 3:  # global: value type, mutability
            at += 2
        elif kind == 4:  # tag: attribute, type index
            _, at = read_uleb(body, at + 1)
        else:
            raise BuildError("wasm-names", f"unknown import kind {kind} for {field}")
        if HASHED_IMPORT.fullmatch(field):
            field = mapping.setdefault(field, short_name(len(mapping)))
        out += uleb(len(module)) + module + name_bytes(field) + body[start:at]
    return bytes(out)


def rename_exports(body: bytes, mapping: dict) -> bytes:
    count, at = read_uleb(body, 0)
    entries = []
    for _ in range(count):
        length, at = read_uleb(body, at)
        name = body[at:at + length].decode()
        at += length
        start = at
        _, at = read_uleb(body, at + 1)
        entries.append((name, body[start:at]))
    taken = {name for name, _ in entries}
    out = bytearray(uleb(count))
    n = 0
    for name, rest in entries:
        if HASHED_EXPORT.fullmatch(name):
            while short_name(n) in taken:
                n += 1
            mapping[name] = short_name(n)
            taken.add(mapping[name])
            name = mapping[name]
        out += name_bytes(name) + rest
    return bytes(out)


def rewrite(wasm: bytes) -> tuple[bytes, dict, dict]:
    if wasm[:8] != b"\0asm\x01\0\0\0":
        raise BuildError("wasm-names", "not a wasm module")
    imports, exports = {}, {}
    out = bytearray(wasm[:8])
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, start = read_uleb(wasm, at + 1)
        body = wasm[start:start + size]
        if section == 2:
            body = rename_imports(body, imports)
        elif section == 7:
            body = rename_exports(body, exports)
        out += bytes([section]) + uleb(len(body)) + body
        at = start + size
    return bytes(out), imports, exports


def rename_in_glue(text: str, mapping: dict) -> str:
    """`text` with every old name replaced as a whole word; each must be found."""
    for old, new in mapping.items():
        text, found = re.subn(r"\b" + re.escape(old) + r"\b", new, text)
        if not found:
            raise BuildError("wasm-names", f"{old} is not in the JS glue; files left as they were")
    return text


def run(build: Build) -> list[pathlib.Path]:
    """Renames in the gallery's wasm and glue, and in the panels' (panels/)."""
    if not build.release:
        return []
    changed = []
    for pair in (lambda: (build.glue(), build.wasm()), build.panels):
        glue, wasm = pair()
        before = wasm.stat().st_size + glue.stat().st_size
        module, imports, exports = rewrite(wasm.read_bytes())
        text = rename_in_glue(glue.read_text(), {**imports, **exports})
        wasm.write_bytes(module)
        glue.write_text(text)
        after = wasm.stat().st_size + glue.stat().st_size
        print(
            f"post-build: wasm-names: {wasm.name}: {len(imports)} imports and {len(exports)} exports "
            f"renamed, wasm + glue {before} -> {after} bytes"
        )
        changed += [wasm, glue]
    return changed
