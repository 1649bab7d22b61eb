// Async: clicks "Next page" and answers when 20 cards, none of them the old page's, are
// in the DOM, at the next animation frame (the frame that paints them).
const done = arguments[arguments.length - 1];
const old = new Set(Array.from(document.querySelectorAll('article[data-job-id]'), a => a.getAttribute('data-job-id')));
const btn = document.querySelector('nav[aria-label="Job pages"] button[aria-label="Next page"]');
if (!btn) { done({ error: 'no Next button' }); return; }
let fired = false;
const obs = new MutationObserver(() => {
  if (fired) return;
  const arts = Array.from(document.querySelectorAll('article[data-job-id]'));
  if (arts.length === 20 && !arts.some(a => old.has(a.getAttribute('data-job-id')))) {
    fired = true;
    const dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      const paint = performance.now();
      const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.name.includes('offset=20')).pop();
      done({ t0, dom, paint, reqStart: e ? e.startTime : null, respEnd: e ? e.responseEnd : null });
    });
  }
});
obs.observe(document.querySelector('.jobs-gallery'), { subtree: true, childList: true, attributes: true });
const t0 = performance.now();
btn.click();
setTimeout(() => { if (!fired) { obs.disconnect(); done({ error: 'no new page within 20 s' }); } }, 20000);
