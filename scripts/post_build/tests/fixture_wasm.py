"""A small wasm module built byte by byte, with every kind of import and export that
wasm-bindgen's output carries, for the stages' tests."""


def uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def name(text: str) -> bytes:
    raw = text.encode()
    return uleb(len(raw)) + raw


def section(id_: int, body: bytes) -> bytes:
    return bytes([id_]) + uleb(len(body)) + body


def vec(items: list[bytes]) -> bytes:
    return uleb(len(items)) + b"".join(items)


GLUE_IMPORT = "__wbg_setAttribute_2f8a0c1d3e4b5a69"
CLOSURE_EXPORT = "closure12_externref_shim__h0123456789abcdef"
CLOSURE_EXPORT_2 = "wasm_bindgen__convert__closures__invoke__h00112233aabbccdd_7"
PLAIN_IMPORT = "__wbindgen_init_externref_table"


def module() -> bytes:
    """Imports: two functions (one hashed), a memory with a maximum, a table, a global;
    exports: the memory, a plain function and two hashed trampolines."""
    types = section(1, vec([b"\x60\x00\x00"]))  # one type: () -> ()
    imports = section(
        2,
        vec(
            [
                name("wbg") + name(GLUE_IMPORT) + b"\x00" + uleb(0),
                name("wbg") + name(PLAIN_IMPORT) + b"\x00" + uleb(0),
                name("wbg") + name("memory_17aa00bb11cc22dd") + b"\x02\x01" + uleb(17) + uleb(300),
                name("wbg") + name("table") + b"\x01\x70\x00" + uleb(4),
                name("wbg") + name("stack_pointer") + b"\x03\x7f\x01",
            ]
        ),
    )
    functions = section(3, vec([uleb(0), uleb(0), uleb(0)]))
    exports = section(
        7,
        vec(
            [
                name("memory") + b"\x02" + uleb(0),
                name("mount") + b"\x00" + uleb(2),
                name(CLOSURE_EXPORT) + b"\x00" + uleb(3),
                name(CLOSURE_EXPORT_2) + b"\x00" + uleb(4),
            ]
        ),
    )
    # Each body: no locals, a call to the hashed import, end.
    body = b"\x00\x10" + uleb(0) + b"\x0b"
    code = section(10, vec([uleb(len(body)) + body] * 3))
    custom = section(0, name("producers") + b"\x00")
    return b"\0asm\x01\0\0\0" + types + imports + functions + exports + code + custom


GLUE = f"""
const imports = {{ wbg: {{}} }};
imports.wbg.{GLUE_IMPORT} = function(a, b) {{ a.setAttribute(b); }};
imports.wbg.{PLAIN_IMPORT} = function() {{}};
imports.wbg.memory_17aa00bb11cc22dd = new WebAssembly.Memory({{ initial: 17, maximum: 300 }});
export function call(f) {{ wasm.{CLOSURE_EXPORT}(f); wasm.{CLOSURE_EXPORT_2}(f); }}
"""
