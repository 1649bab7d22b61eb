// The jobs gallery's loader, dist/jobs-gallery-loader.js. It defines <jobs-gallery>,
// starts a gallery on every element with data-jobs-gallery (also ones added later), and
// exports `mount(element, options)` for JavaScript; types in jobs-gallery.d.ts.
// scripts/post_build fills in the names of the hashed glue and wasm of each build.
//
// It loads them relative to its own URL, so dist/ can be served from any folder or
// origin, and it is a file rather than Trunk's inline script, which a strict
// Content-Security-Policy (script-src 'self') refuses.
//
// Importing it costs nothing: the glue and the wasm are fetched, side by side, when the
// first gallery mounts; where there is no window (server rendering) nothing happens.
// No top-level await: WebKit never runs a second module script that imports a module
// still awaiting at its top level (docs/decisions/embedding-loader.md).
const browser = typeof window !== 'undefined' && typeof document !== 'undefined';
const live = new Set();
let started = null, memory = null, saver, panelsStarted = null;

function start() {
  started ??= Promise.all([import('./__GLUE__'), fetch(new URL('./__WASM__', import.meta.url))])
    .then(([glue, wasm]) => glue.default({ module_or_path: wasm }).then((exports) => {
      memory = exports.memory;
      return glue;
    }))
    .catch((error) => {
      started = null; // a later mount tries again
      throw error;
    });
  return started;
}

// The gallery's words (src/words/). The language is the `lang` option, else the nearest
// lang in the page (the element's own included), else English. English is in the wasm,
// which then formats dates in the browser's locale; German or French, or a host's labels,
// are the words module's (jobs-gallery-words.js), imported beside the wasm only then, so
// that no English shows first and English readers fetch nothing more. The promise never
// fails: without the module, English.
const LANGUAGES = ['de', 'fr'];
let wordsModule;
function words(element, o) {
  let tag = o.lang ?? element.closest('[lang]')?.lang ?? '';
  try { tag = Intl.getCanonicalLocales(String(tag).trim() || [])[0] ?? ''; } catch { tag = ''; }
  const language = tag.split('-')[0].toLowerCase(), file = LANGUAGES.includes(language) && language;
  if (!file && !o.labels) return Promise.resolve({});
  wordsModule ??= import('./jobs-gallery-words.js').catch((error) => { wordsModule = null; throw error; });
  return wordsModule.then((m) => m.words(tag, file, o.labels), (error) => {
    console.warn('jobs-gallery: the words module did not load; the gallery speaks English', error);
    return {};
  });
}

// The save module, imported on the first download so that it is off the first load.
const saveModule = () => (saver ??= import('./jobs-gallery-save.js').catch((e) => { saver = null; throw e; }));

// The panels (the viewer, the job's dialog, "Download this page") are a wasm of their own, fetched and compiled on the
// first click that opens one, so that the first load does without them (panels/); one
// copy serves every gallery on the page.
function startPanels() {
  panelsStarted ??= import('./__PANELS_GLUE__')
    .then((glue) => glue.default({ module_or_path: new URL('./__PANELS_WASM__', import.meta.url) }).then(() => glue))
    .catch((error) => {
      panelsStarted = null; // a later click tries again
      throw error;
    });
  return panelsStarted;
}

// The panels' wasm could not be fetched or compiled: say so under the gallery's toolbar,
// where the click was, until a panel opens.
function panelFailed(root, error, said) {
  console.error('jobs-gallery: the panel could not open', error);
  if (!root || root.querySelector(':scope > .jg-panel-failed')) return;
  const notice = document.createElement('p');
  notice.className = 'jg-notice jg-panel-failed';
  notice.setAttribute('role', 'alert');
  notice.textContent = said?.panel_failed ?? 'This could not open. Check the connection and try again.';
  root.querySelector(':scope > .jg-toolbar')?.after(notice);
}

// "Notify me": a click keeps or drops job `id`'s watch under the gallery's `key` in
// localStorage (a line per job, `<id> <lapses at>`, as src/gallery/watches.rs reads it),
// asks for the permission to notify while the click still counts, and tells the host.
function toggleWatch(element, root, key, id) {
  let lines = [];
  try { lines = (localStorage.getItem(key) ?? '').split('\n').filter(Boolean); } catch {}
  const mine = lines.find((line) => line.split(' ')[0] === id);
  const on = mine?.split(' ').length !== 2;
  lines = lines.filter((line) => line !== mine);
  if (on) lines.push(`${id} ${Date.now() + 864e5}`);
  try { localStorage.setItem(key, lines.map((line) => `${line}\n`).join('')); } catch {}
  if (on && globalThis.Notification?.permission === 'default') {
    // Older Safari answers through a callback and returns nothing; an unmounted
    // gallery's element (no data-notifications left) is not written to again.
    Promise.resolve(Notification.requestPermission())
      .then(() => 'notifications' in element.dataset && notifications(element), () => {});
  }
  root?.dispatchEvent(new CustomEvent(on ? 'job-watch' : 'job-unwatch', { bubbles: true, composed: true, detail: { jobId: id } }));
}

// The options the panels' watcher reads when it opens.
const WATCHER_OPTIONS = ['apiBase', 'apiKey', 'timeoutMs', 'watchIntervalMs', 'titleBadge'];

// Whether the browser will notify, as data-notifications on the mount element, for the
// stylesheet's words on "Notify me": "granted", "denied", "default" or "missing".
function notifications(element) {
  element.dataset.notifications = globalThis.Notification?.permission ?? 'missing';
}

// The theme is data-theme on the mount element; the loader takes back only what it wrote,
// so a data-theme the host set itself stays.
function setTheme(element, theme, written) {
  if (element.dataset.theme === written) delete element.dataset.theme;
  if (theme === 'light' || theme === 'dark') return (element.dataset.theme = theme);
}

// The wasm could not be fetched or compiled: say so where the gallery would be.
function failed(element, error, said) {
  console.error('jobs-gallery: the gallery could not start', error);
  const notice = document.createElement('p');
  notice.className = 'jg-load-failed';
  notice.setAttribute('role', 'alert');
  notice.textContent = said?.load_failed ?? 'The gallery could not load. Check the connection and reload the page.';
  element.replaceChildren(notice);
}
const clearFailed = (element) => element.querySelector(':scope > .jg-load-failed')?.remove();

// The first page's request, started while the wasm is still on its way so that the
// API's round trip runs beside it; the gallery takes it over if it asks the same (see
// Prefetched in src/api/client.rs), else aborts it. Where the address names the page
// (URL sync's ?prefix.page=, the demo's ?scenario=), the gallery asks for itself.
function firstRequest(o) {
  const query = new URLSearchParams(location.search);
  if (o.urlSync && (query.has(`${o.urlSync}.page`) || query.has(`${o.urlSync}.size`))) return null;
  if (o.scenarioSwitch !== undefined && query.has('scenario')) return null;
  const size = Math.min(100, Math.max(1, Math.trunc(Number(o.pageSize)) || 20));
  const url = `${String(o.apiBase ?? '').trim().replace(/\/+$/, '')}/v1/jobs?limit=${size}&offset=0`;
  const apiKey = String(o.apiKey ?? '').trim();
  const headers = { Accept: 'application/json' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const abort = new AbortController();
  const response = fetch(url, { headers, signal: abort.signal });
  response.catch(() => {}); // its failure is the gallery's to tell, when it reads it
  return { url, response, abort };
}

// Runs `go` once the element is within 200 px of the viewport; returns the cancel.
function whenNear(element, go) {
  if (typeof IntersectionObserver === 'undefined') return go(), null;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) observer.disconnect(), go();
  }, { rootMargin: '200px' });
  observer.observe(element);
  return () => observer.disconnect();
}

export function mount(element, options = {}) {
  let gallery = null, gone = false, cancel = null, settled, prefetch = null, theme, watching, said = {};
  const panels = new Map();
  let current = { ...options };
  // "Download" and "Download this page" save through the save module (a module that did
  // not load fails that one download); client-zip is imported by the first ZIP only.
  const save = (url, name) => saveModule().then((m) => m.download(url, name, current.mediaProxy), () => 'failed');
  const saveZip = (entries, name, progress, signal) => saveModule()
    .then((m) => m.downloadZip(entries, name, current.mediaProxy, progress, signal), () => null);
  // Opens panel `kind` in this gallery with the gallery's `arg`: one panel of a kind at a
  // time, freed when the reader closes it (after the close, which runs in the panel's own
  // wasm) or when the gallery goes.
  const openPanel = (kind, arg) => {
    const root = element.querySelector(':scope > .jobs-gallery');
    // The watcher, `[key, job id]` for a click on "Notify me": one per gallery and key,
    // kept while the gallery lives.
    if (kind === 'watch') {
      if (arg[1]) toggleWatch(element, root, arg[0], arg[1]);
      if (watching === arg[0]) return;
      watching = arg[0];
    }
    // A page's download under way is not started again: its Cancel gets the focus.
    const running = kind === 'zip' && root?.querySelector('.jg-save-panel__cancel');
    if (running) return running.focus();
    // The panels' stylesheet, linked by the panels (panels/src/stylesheet.rs), is waited
    // for, except by the watcher, which draws nothing.
    startPanels().then((glue) => (kind === 'watch' ? glue
      : glue.styled(element, new URL('./jobs-gallery-panels.css', import.meta.url).href).then(() => glue))).then((glue) => {
      if (gone || !gallery) return;
      root?.querySelector(':scope > .jg-panel-failed')?.remove();
      panels.get(kind)?.free();
      const panel = glue.open(kind, root, {
        ...current, ...said, save, saveZip, arg, open: openPanel,
        closed: () => setTimeout(() => { if (panels.get(kind) === panel) panels.delete(kind), panel.free(); }),
      });
      panels.set(kind, panel);
    }).catch((error) => {
      if (kind === 'watch') watching = null; // the next click tries again
      if (!gone) panelFailed(root, error, said.said);
    });
  };
  // A reader about to open a picture (pointing at a thumbnail, or tabbing to one) starts
  // the panels' wasm, so that the viewer is there by the click.
  const intent = (event) => event.target.closest?.('.jg-thumb') && startPanels().catch(() => {});
  const ready = new Promise((resolve) => { settled = resolve; });
  const handle = {
    ready,
    refresh() { gallery?.refresh(); },
    setOptions(partial) {
      // An element being upgraded may hear of its attributes after it has mounted with them.
      if (gone || Object.keys(partial).every((key) => current[key] === partial[key])) return;
      const before = current;
      current = { ...current, ...partial };
      // Asked with the old options: the gallery will ask again with the new ones.
      if (!gallery && prefetch) {
        prefetch.abort.abort();
        prefetch = null;
      }
      if ('theme' in partial) theme = setTheme(element, partial.theme, theme);
      // A lazy gallery told to load now, while it still waits for the viewport.
      if (cancel && !gallery && current.loading !== 'lazy') {
        cancel();
        cancel = null;
        go();
      }
      // Words are drawn once: the gallery starts again in its new language.
      if (gallery && (before.lang !== current.lang || before.labels !== current.labels)) {
        panels.forEach((panel) => panel.free());
        panels.clear();
        watching = null;
        gallery.unmount();
        gallery.free();
        gallery = null;
        return go();
      }
      gallery?.setOptions(current);
      // The watcher asks with the options it opened with: it starts again with the new
      // ones (under another API base, the gallery opens it again if it has watches there).
      if (watching && WATCHER_OPTIONS.some((key) => before[key] !== current[key])) {
        const key = watching;
        panels.get('watch')?.free();
        panels.delete('watch');
        watching = null;
        if (before.apiBase === current.apiBase) openPanel('watch', [key]);
      }
    },
    unmount() {
      if (gone) return;
      gone = true;
      live.delete(handle);
      cancel?.();
      if (!gallery) prefetch?.abort.abort();
      panels.forEach((panel) => panel.free());
      panels.clear();
      gallery?.unmount();
      gallery?.free();
      gallery = null;
      if (!browser) return;
      setTheme(element, undefined, theme);
      delete element.dataset.notifications;
      element.querySelector(':scope > .jg-panel-style')?.remove();
      clearFailed(element);
      element.removeEventListener('pointerover', intent);
      element.removeEventListener('focusin', intent);
    },
  };
  if (!browser) return handle;
  live.add(handle);
  theme = setTheme(element, current.theme);
  notifications(element);
  function go() {
    prefetch = memory ? null : firstRequest(current);
    const asked = current, spoken = words(element, asked);
    Promise.all([start(), spoken]).then(([glue, resolved]) => {
      if (gone || gallery) return;
      // Asked again in other words while these were on their way.
      if (asked.lang !== current.lang || asked.labels !== current.labels) return go();
      said = resolved;
      clearFailed(element);
      gallery = glue.mount(element, { ...current, ...said, prefetch, panel: openPanel });
      // The language it speaks, for screen readers (English where no module said).
      element.querySelector(':scope > .jobs-gallery')?.setAttribute('lang', said.textLang || 'en');
      element.addEventListener('pointerover', intent, { passive: true });
      element.addEventListener('focusin', intent);
      // A link to a job (URL sync's ?prefix.job=<id>) opens its dialog; the panel reads
      // and checks the id itself.
      if (current.urlSync && new URLSearchParams(location.search).has(`${current.urlSync}.job`)) openPanel('job');
      settled();
      element.dispatchEvent(new CustomEvent('jobs-gallery-ready', { bubbles: true, composed: true, detail: {} }));
    }).catch((error) => {
      prefetch?.abort.abort();
      spoken.then((resolved) => !gone && !gallery && failed(element, error, resolved.said));
    });
  }
  if (current.loading === 'lazy') cancel = whenNear(element, () => ((cancel = null), go()));
  else go();
  return handle;
}

/** Live galleries on this page and the wasm's memory in bytes, for leak checks. */
export function diagnostics() {
  return { galleries: live.size, wasmMemoryBytes: memory ? memory.buffer.byteLength : 0 };
}

const ATTRIBUTES = ['api-base', 'api-key', 'page-size', 'timeout-ms', 'poll-active-ms', 'poll-idle-ms', 'url-sync', 'theme', 'loading', 'media-proxy', 'watch-interval-ms', 'title-badge', 'labels'];
const DEFAULTS = { pageSize: 20, timeoutMs: 15000, pollActiveMs: 2000, pollIdleMs: 30000, theme: 'auto', loading: 'eager', watchIntervalMs: 30000, titleBadge: false };
const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());

// A removal is final only if the element is not back in the page by the end of the
// task: moving a gallery (remove, then insert, awaits between them included) keeps it
// and the page it is on.
function whenGone(element, stop) {
  setTimeout(() => { if (!element.isConnected) stop(); });
}

export class JobsGalleryElement extends (browser ? HTMLElement : class {}) {
  // lang is HTML's own attribute (and property): observed, not defined again.
  static observedAttributes = [...ATTRIBUTES, 'lang'];
  #handle = null;
  #key = '';
  #settled;
  ready = new Promise((resolve) => { this.#settled = resolve; });

  connectedCallback() {
    // Properties set before the element was defined (React, Vue) go through the setters.
    for (const name of ATTRIBUTES) {
      const prop = camel(name);
      if (Object.hasOwn(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }
    this.#takeKey();
    if (this.#handle) return;
    const options = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) options[camel(name)] = value;
    }
    if (this.#key) options.apiKey = this.#key;
    if (this.hasAttribute('lang')) options.lang = this.lang;
    this.#handle = mount(this, options);
    this.#handle.ready.then(this.#settled);
  }

  disconnectedCallback() {
    whenGone(this, () => {
      this.#handle?.unmount();
      this.#handle = null;
    });
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'api-key') {
      // Our own removal of the key from the DOM is not a change of key.
      if (value === null) return;
      this.#takeKey();
      value = this.#key;
    }
    this.#handle?.setOptions({ [camel(name)]: value ?? undefined });
  }

  refresh() { this.#handle?.refresh(); }

  // The key stays in this element's private state, not in the DOM for other scripts.
  #takeKey() {
    const key = this.getAttribute('api-key');
    if (key !== null) {
      this.#key = key.trim();
      this.removeAttribute('api-key');
    }
  }

  get apiKey() { return ''; }
  set apiKey(key) { this.setAttribute('api-key', String(key ?? '')); }
}

for (const name of ATTRIBUTES.filter((name) => name !== 'api-key')) {
  const prop = camel(name);
  const number = typeof DEFAULTS[prop] === 'number';
  // A boolean attribute (title-badge): present and not "false" is true.
  const flag = typeof DEFAULTS[prop] === 'boolean';
  Object.defineProperty(JobsGalleryElement.prototype, prop, {
    configurable: true,
    get() {
      const value = this.getAttribute(name);
      if (flag) return value !== null && value !== 'false';
      if (value === null) return DEFAULTS[prop] ?? '';
      return number ? Number(value) : value;
    },
    set(value) {
      if (value === null || value === undefined || (flag && !value)) this.removeAttribute(name);
      else if (flag) this.setAttribute(name, '');
      else this.setAttribute(name, String(value));
    },
  });
}

// The drop-in way in: [data-jobs-gallery], configured by its data attributes. One
// MutationObserver starts the ones added later and stops the ones removed.
// A mark on the element, shared by every copy of the loader in the page (two builds, or
// one imported under two URLs), so that only one of them starts its gallery.
// The key is read once and kept here, out of the DOM, for the element's next mount.
const dropIns = new Map(), keys = new WeakMap(), taken = Symbol.for('jobs-gallery');

function attach(element) {
  if (element[taken] || element.localName === 'jobs-gallery') return;
  element[taken] = true;
  if (element.dataset.apiKey !== undefined) keys.set(element, element.dataset.apiKey);
  element.removeAttribute('data-api-key');
  // Its data-theme is the host's own: the stylesheet reads it, the loader leaves it be.
  dropIns.set(element, mount(element, { ...element.dataset, theme: undefined, apiKey: keys.get(element) }));
}

function detach(element) {
  const handle = dropIns.get(element);
  if (handle && !(element.isConnected && element.hasAttribute('data-jobs-gallery'))) {
    dropIns.delete(element);
    delete element[taken];
    handle.unmount();
  }
}

function scan(root) {
  if (root.matches?.('[data-jobs-gallery]')) attach(root);
  root.querySelectorAll?.('[data-jobs-gallery]').forEach(attach);
}

if (browser) {
  if (window.customElements && !customElements.get('jobs-gallery')) {
    customElements.define('jobs-gallery', JobsGalleryElement);
  }
  new MutationObserver((records) => {
    let changed = false;
    for (const record of records) {
      // What a gallery does inside itself (cards coming and going) is not the host's.
      if (record.target.closest?.('.jobs-gallery')) continue;
      record.addedNodes.forEach(scan);
      // data-jobs-gallery given to or taken from an element the host keeps
      if (record.type === 'attributes') scan(record.target);
      changed ||= record.removedNodes.length > 0 || record.type === 'attributes';
    }
    if (changed) setTimeout(() => [...dropIns.keys()].forEach(detach));
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-jobs-gallery'] });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => scan(document), { once: true });
  } else {
    scan(document);
  }
}
