// What cls_watch.js collected, with the shifts still queued for its observer; null
// where it did not run. And the viewport's width, the one the page was laid out at.
const S = window.__benchCls;
if (!S) return null;
S.take(S.observer.takeRecords());
const { t0, count, sum, beforeWindow, largest, largestSession, shifts } = S;
return { t0, now: performance.now(), count, sum, beforeWindow, largest, largestSession, shifts, innerWidth: window.innerWidth };
