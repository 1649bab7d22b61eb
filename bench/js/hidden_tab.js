// After the tab was hidden and shown again: its visibilitychange events and the
// /v1/jobs requests that started in between.
const B = window.__bench; const h = B.vis.find(v => v.state === 'hidden'); const v = h && B.vis.find(x => x.state === 'visible' && x.t > h.t);
const reqs = h && v ? performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.startTime > h.t && e.startTime < v.t).length : null;
return { events: B.vis, hidden_at: h ? h.t : null, visible_at: v ? v.t : null, requests_started_while_hidden: reqs };
