// After the first 20 cards painted: the probe's marks, the resource timing of the wasm,
// the glue, the loader and the first /v1/jobs request, and the navigation's.
const B = window.__bench;
const res = performance.getEntriesByType('resource');
const pick = (f) => { const e = res.find(f); return e ? { name: e.name, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, responseEnd: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null; };
const nav = performance.getEntriesByType('navigation')[0];
return {
  t: B.t,
  wasm: pick(e => e.name.endsWith('.wasm')),
  glue: pick(e => /jobs-gallery-[0-9a-f]+\.js$/.test(e.name)),
  loader: pick(e => e.name.endsWith('jobs-gallery-loader.js')),
  jobs: pick(e => e.name.includes('/v1/jobs')),
  nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, transfer: nav.transferSize },
};
