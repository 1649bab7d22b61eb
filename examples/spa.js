// A single-page app in miniature: three routes swapped with history.pushState (no
// reload), each making its own elements, as a React or Vue router would. The app does
// nothing for the widget but add and remove elements: <jobs-gallery> and the drop-in
// [data-jobs-gallery] start when they are added, stop when they are removed, and take
// attribute changes live. window.spa is for the end-to-end tests (and the console).
import * as loader from "/jobs-gallery-loader.js";

const { diagnostics } = loader;

const view = document.getElementById("view");
// What the Settings route edits, applied to the Jobs gallery when it is made.
const settings = { "page-size": "6", theme: "auto" };
// Attributes for every gallery this page makes (the tests poll faster with them).
const attributes = {};
let route = null;

function el(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const column = (title, ...children) => el("section", { class: "column" }, el("h2", {}, title), ...children);
const gallery = (attrs) => el("jobs-gallery", { "api-key": "dpct_demo", ...attributes, ...attrs });

function select(id, label, value, choices, onChange) {
  const field = el("select", { id }, ...choices.map((choice) => el("option", { value: choice }, choice)));
  field.value = value;
  field.addEventListener("change", () => onChange(field.value));
  return el("label", {}, `${label} `, field);
}

function button(id, text, onClick) {
  const b = el("button", { type: "button", id }, text);
  b.addEventListener("click", onClick);
  return b;
}

const routes = {
  jobs() {
    const jobs = gallery({ id: "main-gallery", ...settings });
    const [here, there] = [el("div", { id: "slot-a" }, jobs), el("div", { id: "slot-b" })];
    const size = select("jobs-page-size", "Page size", settings["page-size"], ["6", "12", "24"], (value) => {
      settings["page-size"] = value;
      jobs.setAttribute("page-size", value);
    });
    const dark = button("jobs-theme", "Dark theme", () => {
      settings.theme = settings.theme === "dark" ? "light" : "dark";
      dark.setAttribute("aria-pressed", String(settings.theme === "dark"));
      jobs.setAttribute("theme", settings.theme);
    });
    dark.setAttribute("aria-pressed", String(settings.theme === "dark"));
    // Out and back in within one task, as a list re-ordering does: the gallery and the
    // page its reader is on stay.
    const move = button("jobs-move", "Move to the other column", () => {
      const to = jobs.parentElement === here ? there : here;
      jobs.remove();
      to.append(jobs);
    });
    return [column("Jobs", el("p", { class: "controls" }, size, dark, move), here), column("Other column", there)];
  },
  two() {
    const data = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`data-${name}`, value]));
    const dropIn = el("div", { id: "drop-in-gallery", "data-jobs-gallery": "", "data-api-key": "dpct_demo", ...data, "data-page-size": "4" });
    return [column("An element", gallery({ id: "element-gallery", "page-size": "5" })), column("A drop-in", dropIn)];
  },
  settings() {
    const form = el("form", { id: "settings" },
      el("p", {}, select("settings-page-size", "Jobs per page", settings["page-size"], ["6", "12", "24"], (value) => { settings["page-size"] = value; })),
      el("p", {}, select("settings-theme", "Theme", settings.theme, ["auto", "light", "dark"], (value) => { settings.theme = value; })));
    form.addEventListener("submit", (event) => event.preventDefault());
    return [column("Settings", el("p", {}, "Applied to the Jobs gallery when you go back to it."), form)];
  },
};

function show(name) {
  route = Object.hasOwn(routes, name) ? name : "jobs";
  view.replaceChildren(...routes[route]());
  for (const b of document.querySelectorAll("[data-route]")) {
    b.setAttribute("aria-current", b.dataset.route === route ? "page" : "false");
  }
}

function go(name) {
  history.pushState({ route: name }, "", `?route=${encodeURIComponent(name)}`);
  show(name);
}

// Mounts a gallery and unmounts it, n times, each time once its first page is on
// screen: what a leak would grow with (the leak test in e2e/tests/e2e/lifecycle.rs).
async function cycle(n) {
  const slot = document.getElementById("stress-slot");
  for (let i = 0; i < n; i++) {
    const one = gallery({ "page-size": "6" });
    let timer;
    const shown = new Promise((resolve, reject) => {
      one.addEventListener("page-change", resolve, { once: true });
      timer = setTimeout(() => reject(new Error(`mount ${i + 1} of ${n}: no page-change within 10 s`)), 10000);
    });
    slot.append(one);
    try {
      await shown;
    } finally {
      clearTimeout(timer);
      one.remove();
    }
    // A task later the deferred unmount has run.
    await new Promise((resolve) => setTimeout(resolve));
    spa.cycles += 1;
  }
}

const status = document.getElementById("stress-status");
document.getElementById("stress").addEventListener("click", () => {
  status.textContent = "Mounting and unmounting…";
  cycle(50).then(
    () => {
      const { galleries, wasmMemoryBytes } = diagnostics();
      status.textContent = `50 mounts and unmounts done; galleries alive now (the route's included): ${galleries}; wasm memory: ${wasmMemoryBytes / 1024} KiB.`;
    },
    (error) => { status.textContent = `Stress failed: ${error.message}`; },
  );
});
for (const b of document.querySelectorAll("[data-route]")) b.addEventListener("click", () => go(b.dataset.route));
addEventListener("popstate", () => show(new URLSearchParams(location.search).get("route")));

// The loader as this page imported it: a script the browser driver runs may get a
// module instance of its own (Firefox does), with galleries of its own.
const spa = { go, cycle, cycles: 0, settings, attributes, loader, get route() { return route; } };
window.spa = spa;
show(new URLSearchParams(location.search).get("route"));
