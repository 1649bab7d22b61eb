// The last poll the probe saw is over 200 ms old: the task that closes it has run.
const p = window.__bench.polls; return p.length > 0 && performance.now() - p[p.length - 1].t > 200;
