// Starts collecting the page's layout shifts (Layout Instability API) into
// window.__benchCls: every `layout-shift` entry since the navigation (buffered: the
// load's too) and from now on, leaving out those that follow input (hadRecentInput; the
// benchmark gives none). Kept: their count and sum, the part of the sum before now, the
// largest with its sources, the largest session window (Web Vitals': shifts less than
// 1 s apart, in at most 5 s), and the first 200 shifts. Answers false where the browser
// has no layout-shift entries.
const types = PerformanceObserver.supportedEntryTypes || [];
if (!types.includes("layout-shift")) return false;
const KEEP = 200;
const S = (window.__benchCls = {
  t0: performance.now(),
  count: 0,
  sum: 0,
  beforeWindow: 0,
  largest: null,
  largestSession: 0,
  shifts: [],
});
let session = { first: 0, last: 0, value: 0 };
// The node as a reader of the table finds it: tag and first class, and the card it is
// in (the first 8 characters of its job id). Described when the shift is seen: the node
// may be gone later.
const describe = (n) => {
  if (!n) return null;
  const e = n.nodeType === 1 ? n : n.parentElement;
  if (!e) return n.nodeName;
  const cls = typeof e.className === "string" ? e.className.trim().split(/\s+/)[0] : "";
  let s = e.tagName.toLowerCase() + (cls ? "." + cls : "");
  const card = e.closest("article[data-job-id]");
  if (card) s += (card === e ? " " : " in card ") + card.getAttribute("data-job-id").slice(0, 8);
  return (n.nodeType === 3 ? "#text in " : "") + s;
};
const rect = (r) => [r.x, r.y, r.width, r.height].map(Math.round);
const shift = (e) => ({
  t: e.startTime,
  value: e.value,
  sources: Array.from(e.sources || [], (s) => ({ node: describe(s.node), previous: rect(s.previousRect), current: rect(s.currentRect) })),
});
S.take = (entries) => {
  for (const e of entries) {
    if (e.hadRecentInput) continue;
    S.count++;
    S.sum += e.value;
    if (e.startTime < S.t0) S.beforeWindow += e.value;
    const described = S.count <= KEEP || !S.largest || e.value > S.largest.value ? shift(e) : null;
    if (S.count <= KEEP) S.shifts.push(described);
    if (!S.largest || e.value > S.largest.value) S.largest = described;
    if (session.value > 0 && e.startTime - session.last < 1000 && e.startTime - session.first < 5000) {
      session.value += e.value;
    } else {
      session = { first: e.startTime, last: 0, value: e.value };
    }
    session.last = e.startTime;
    S.largestSession = Math.max(S.largestSession, session.value);
  }
};
S.observer = new PerformanceObserver((list) => S.take(list.getEntries()));
S.observer.observe({ type: "layout-shift", buffered: true });
return true;
