// Injected at document start (CDP Page.addScriptToEvaluateOnNewDocument) by the
// benchmark. Records, in window.__bench:
// - t.instStart/instEnd: WebAssembly.instantiate(Streaming) called / resolved, and the
//   module's exported memory (wasm linear memory, for its byteLength);
// - t.firstCard, t.cards20 (the MutationObserver callback that saw 20 job cards) and
//   t.paint20 (the next animation frame: the frame that paints them); t.cards and
//   t.painted the same for the cards window.__benchCards names ({ css, n }, set by a
//   script injected before this one; 20 cards anywhere on the page by default), which
//   the floor comparison times (the embed page's first gallery);
// - per poll, once startWatch() ran: which jobs changed in the answer (its body, read
//   through Response.prototype.text, compared job by job with the previous answer),
//   the mutation records in the changed card, in unchanged cards and outside cards,
//   cards whose element was replaced, and /media/ requests (resource timing);
// - visibilitychange events.
(() => {
  if (window.__bench) return;
  const now = () => performance.now();
  const B = (window.__bench = {
    t: {},
    polls: [],
    between: { clock: 0, other: 0, active: 0, outside: 0, otherDetail: [] },
    clocks: {},
    vis: [],
    watch: false,
    media: { repeat: 0, fresh: 0, repeatUrls: [] },
  });
  try {
    performance.setResourceTimingBufferSize(1000000);
  } catch (e) {}

  for (const name of ["instantiateStreaming", "instantiate"]) {
    const orig = WebAssembly[name];
    if (typeof orig !== "function") continue;
    WebAssembly[name] = function (...args) {
      if (B.t.instStart == null) B.t.instStart = now();
      return orig.apply(this, args).then((r) => {
        const inst = r && r.instance ? r.instance : r;
        if (inst && inst.exports && inst.exports.memory instanceof WebAssembly.Memory) {
          B.wasmMemory = inst.exports.memory;
          if (B.t.instEnd == null) B.t.instEnd = now();
        }
        return r;
      });
    };
  }

  document.addEventListener("visibilitychange", () => B.vis.push({ state: document.visibilityState, t: now() }));

  let prev = null;
  let current = null;
  let els = new Map();
  const cards = () => document.querySelectorAll("article[data-job-id]");
  const snapshotEls = () => {
    els = new Map();
    for (const a of cards()) els.set(a.getAttribute("data-job-id"), a);
  };
  const target = window.__benchCards || { css: "article[data-job-id]", n: 20 };
  const finishedStatus = (s) => s === "completed" || s === "failed";

  const origText = Response.prototype.text;
  Response.prototype.text = function () {
    const url = this.url;
    return origText.call(this).then((body) => {
      if (url.includes("/v1/jobs")) onBody(body);
      return body;
    });
  };

  function onBody(body) {
    if (B.t.firstBody == null) B.t.firstBody = now();
    let jobs = [];
    try {
      jobs = JSON.parse(body).generations || [];
    } catch (e) {}
    const map = new Map(jobs.map((j) => [j.job_id, JSON.stringify(j)]));
    if (B.watch && prev) {
      const changed = [], added = [], removed = [];
      for (const [id, s] of map) {
        if (!prev.has(id)) added.push(id);
        else if (prev.get(id) !== s) changed.push(id);
      }
      for (const id of prev.keys()) if (!map.has(id)) removed.push(id);
      const poll = {
        t: now(),
        changed,
        added,
        removed,
        statuses: changed.map((id) => jobs.find((j) => j.job_id === id).status),
        // A status transition (pending → processing → completed/failed) or a job that
        // only advanced (a scene done).
        transition: changed.some((id) => JSON.parse(prev.get(id)).status !== jobs.find((j) => j.job_id === id).status),
        inChanged: 0,
        changedDetail: [],
        inUnchanged: 0,
        unchangedDetail: [],
        unchangedActive: 0,
        unchangedClock: 0,
        outside: 0,
        replaced: 0,
      };
      B.polls.push(poll);
      current = poll;
      // The answer is applied in this task (promise continuations, Leptos effects as
      // microtasks); the next task closes the poll.
      setTimeout(() => {
        for (const a of cards()) {
          const id = a.getAttribute("data-job-id");
          if (els.has(id) && els.get(id) !== a) poll.replaced++;
        }
        snapshotEls();
        if (current === poll) current = null;
      }, 0);
    }
    prev = map;
  }

  function describe(r) {
    const n = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    const where = n ? n.tagName.toLowerCase() + (n.className && typeof n.className === "string" ? "." + n.className.split(" ")[0] : "") : "?";
    const names = (list) => Array.from(list, (x) => (x.nodeType === 1 ? x.tagName.toLowerCase() + (x.className && typeof x.className === "string" ? "." + x.className.split(" ")[0] : "") : x.nodeType === 3 ? "#text" : "#comment"));
    const moved = r.type === "childList" ? " +" + names(r.addedNodes).join(",") + " -" + names(r.removedNodes).join(",") : "";
    return r.type + (r.attributeName ? "[" + r.attributeName + "]" : "") + " " + where + moved;
  }
  function tick(card, clockEl) {
    const key = card.getAttribute("data-job-id") + " " + clockEl.getAttribute("datetime");
    const list = (B.clocks[key] ||= []);
    const t = now();
    if (!list.length || t - list[list.length - 1] > 200) list.push(t);
  }

  function onRecords(records) {
    if (B.t.cards == null && document.querySelectorAll(target.css).length >= target.n) {
      B.t.cards = now();
      requestAnimationFrame(() => {
        B.t.painted = now();
      });
    }
    if (B.t.cards20 == null) {
      const n = cards().length;
      if (n >= 1 && B.t.firstCard == null) B.t.firstCard = now();
      if (n >= 20) {
        B.t.cards20 = now();
        requestAnimationFrame(() => {
          B.t.paint20 = now();
        });
      }
    }
    if (!B.watch) return;
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const card = node && node.closest("article[data-job-id]");
      const clockEl = node && node.closest("time");
      if (current) {
        if (!card) {
          current.outside++;
          continue;
        }
        const id = card.getAttribute("data-job-id");
        if ((current.changed.includes(id) || current.added.includes(id)) && r.type === "characterData" && !finishedStatus(card.getAttribute("data-status")) && node.closest(".jg-meta dd")) {
          // "Waiting 4 s" / "Running 12 s" count up every second on their own.
          current.changedClock = (current.changedClock || 0) + 1;
        } else if (current.changed.includes(id) || current.added.includes(id)) {
          current.inChanged++;
          if (current.changedDetail.length < 40) current.changedDetail.push(describe(r));
        } else if (!finishedStatus(card.getAttribute("data-status"))) {
          current.unchangedActive++;
        } else if (clockEl) {
          current.unchangedClock++;
          tick(card, clockEl);
        } else {
          current.inUnchanged++;
          if (current.unchangedDetail.length < 40) current.unchangedDetail.push(id.slice(0, 8) + " " + describe(r));
        }
      } else if (!card) {
        B.between.outside++;
      } else if (!finishedStatus(card.getAttribute("data-status"))) {
        B.between.active++;
      } else if (clockEl) {
        B.between.clock++;
        tick(card, clockEl);
      } else {
        B.between.other++;
        if (B.between.otherDetail.length < 40) B.between.otherDetail.push(describe(r));
      }
    }
  }
  new MutationObserver(onRecords).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  B.startWatch = () => {
    B.watch = true;
    B.watchT = now();
    snapshotEls();
    B.mediaSeen = new Set(
      performance.getEntriesByType("resource").filter((e) => e.name.includes("/media/")).map((e) => e.name)
    );
    B.mediaAtWatch = B.mediaSeen.size;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.name.includes("/media/")) continue;
        if (B.mediaSeen.has(e.name)) {
          B.media.repeat++;
          B.media.repeatUrls.push(e.name);
        } else {
          B.media.fresh++;
          B.mediaSeen.add(e.name);
        }
      }
    }).observe({ type: "resource" });
  };
})();
