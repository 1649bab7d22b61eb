// Async: picks 100 in the page-size select and answers when 100 cards are in the DOM,
// at the next animation frame (the frame that paints them).
const done = arguments[arguments.length - 1];
const sel = document.querySelector('.jobs-gallery select');
if (!sel) { done({ error: 'no page size select' }); return; }
let fired = false;
const obs = new MutationObserver(() => {
  if (fired) return;
  if (document.querySelectorAll('article[data-job-id]').length >= 100) {
    fired = true;
    const dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      const paint = performance.now();
      const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.name.includes('limit=100')).pop();
      done({ t0, dom, paint, reqStart: e ? e.startTime : null, respEnd: e ? e.responseEnd : null });
    });
  }
});
obs.observe(document.querySelector('.jobs-gallery'), { subtree: true, childList: true });
const t0 = performance.now();
sel.value = '100';
sel.dispatchEvent(new Event('change', { bubbles: true }));
setTimeout(() => { if (!fired) { obs.disconnect(); done({ error: 'no 100 cards within 20 s' }); } }, 20000);
