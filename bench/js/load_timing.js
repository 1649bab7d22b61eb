// After the first cards painted: the probe's marks, the resource timing of the wasm,
// the glue, the loader, the stylesheet, the floor's script and the first /v1/jobs
// request whose URL matches arguments[0] (a regular expression; any /v1/jobs request
// without it), and the navigation's.
const B = window.__bench;
const res = performance.getEntriesByType('resource');
const jobs = new RegExp(arguments[0] || '/v1/jobs');
const pick = (f) => { const e = res.find(f); return e ? { name: e.name, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, responseEnd: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null; };
const nav = performance.getEntriesByType('navigation')[0];
return {
  t: B.t,
  wasm: pick(e => e.name.endsWith('.wasm')),
  glue: pick(e => /jobs-gallery-[0-9a-f]+\.js$/.test(e.name)),
  loader: pick(e => e.name.endsWith('jobs-gallery-loader.js')),
  css: pick(e => /\/jobs-gallery(-[0-9a-f]+)?\.css$/.test(e.name)),
  floor_js: pick(e => e.name.endsWith('/floor/floor.js')),
  jobs: pick(e => e.name.includes('/v1/jobs') && jobs.test(e.name)),
  nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, transfer: nav.transferSize },
};
