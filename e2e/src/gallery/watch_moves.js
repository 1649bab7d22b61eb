// Watches, every frame, the boxes a reader's eyes rest on: the toolbar, the grid, each
// card and the pager. Each change of any of them (rounded to whole CSS pixels) is kept
// with what moved. Where the browser has the Layout Instability API (Chromium), the
// layout shift it reports is summed too. Started after the page has loaded, so the
// cards' own arrival does not count.
const root = document.querySelector(arguments[0]);
const parts = ".jg-toolbar, .jg-grid, article[data-job-id], .jg-pager";
const boxes = () =>
  Array.from(root.querySelectorAll(parts), (e) => {
    const r = e.getBoundingClientRect();
    const name = e.getAttribute("data-job-id") || e.className.split(" ")[0];
    return `${name}@${[r.x, r.y, r.width, r.height].map(Math.round).join(",")}`;
  });
const watch = { frames: 0, moves: [], shift: null, stop: false };
window.__jgWatch = watch;
let last = boxes();
const frame = () => {
  const now = boxes();
  watch.frames++;
  const moved = now.flatMap((b, i) => (b !== last[i] ? [`${last[i]} -> ${b}`] : []));
  if (moved.length || now.length !== last.length) {
    watch.moves.push({ frame: watch.frames, moved: moved.slice(0, 4), count: now.length });
    last = now;
  }
  if (!watch.stop) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
if (PerformanceObserver.supportedEntryTypes?.includes("layout-shift")) {
  watch.shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) watch.shift += entry.value;
    }
  }).observe({ type: "layout-shift" });
}
return true;
