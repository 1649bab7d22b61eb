// The jobs gallery's loader, dist/jobs-gallery-loader.js: every element with
// data-jobs-gallery gets a gallery, and `mount(element, options)` is for JavaScript.
// scripts/post_build fills in the names of the hashed glue and wasm of each build.
//
// It imports them relative to its own URL, so dist/ can be served from any folder or
// origin, and it is a file rather than Trunk's inline script, which a strict
// Content-Security-Policy (script-src 'self') refuses.
//
// No top-level await: WebKit (Safari's engine) never runs a second module script that
// imports a module still awaiting at its top level (docs/decisions/embedding-loader.md).
// `mount` hands back its handle at once and starts the gallery when the wasm is ready;
// `refresh()` before then has nothing to do (the first load is on its way), `unmount()`
// before then means it never starts.
import init, { mount as mountNow } from './__GLUE__';
const ready = init({ module_or_path: new URL('./__WASM__', import.meta.url) });
export function mount(element, options) {
  let gallery = null, gone = false;
  ready.then(() => { if (!gone) gallery = mountNow(element, options); });
  return {
    refresh() { gallery?.refresh(); },
    unmount() { gone = true; gallery?.unmount(); gallery = null; },
  };
}
