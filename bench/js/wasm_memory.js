// Bytes of the module's linear memory (the probe kept its exported memory), or null.
const m = window.__bench && window.__bench.wasmMemory; return m ? m.buffer.byteLength : null;
