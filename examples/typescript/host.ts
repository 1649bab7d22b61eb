// A host page's script written in TypeScript, the way an embedder would use the gallery.
// It is type-checked, never run: scripts/check-types.sh runs `tsc --noEmit` on this folder
// (scripts/test.sh, step 1). The import names the URL the browser loads; tsconfig.json's
// `paths` maps it to loader/jobs-gallery.d.ts, the declarations shipped as
// dist/jobs-gallery.d.ts. Every `@ts-expect-error` line must be refused by the types, or
// tsc fails on the unused directive.
import { diagnostics, JobsGalleryElement, mount } from "/jobs-gallery-loader.js";
import type {
  GalleryErrorDetail,
  GalleryHandle,
  JobSummary,
  MountOptions,
  PageChangeDetail,
} from "/jobs-gallery-loader.js";

// 1. mount() on an element the page already has, with options.
const options: MountOptions = {
  apiBase: "/api",
  pageSize: 20,
  pollIdleMs: 60_000,
  urlSync: "jobs",
  theme: "auto",
  loading: "lazy",
};

function start(host: HTMLElement): GalleryHandle {
  const gallery = mount(host, options);
  // The events bubble to the mount element; HTMLElementEventMap types their detail.
  host.addEventListener("job-completed", (event) => {
    const job: JobSummary = event.detail.job;
    const firstLink = job.images[0]?.links[0];
    console.log(`${event.detail.jobId} done for €${job.costEur ?? "?"}`, firstLink?.url);
  });
  host.addEventListener("job-failed", (event) => {
    console.warn(event.detail.job.error?.code, event.detail.job.error?.message);
  });
  host.addEventListener("page-change", (event) => {
    const { page, size, total }: PageChangeDetail = event.detail;
    document.title = `Jobs ${(page - 1) * size + 1}–${Math.min(page * size, total)} of ${total}`;
  });
  host.addEventListener("jobs-gallery-ready", () => console.log("gallery ready"));
  return gallery;
}

const host = document.querySelector<HTMLElement>("#jobs");
if (host) {
  const gallery = start(host);
  void gallery.ready.then(() => {
    gallery.setOptions({ pageSize: 50, theme: "dark" });
    gallery.refresh();
  });
  document.querySelector("#close")?.addEventListener("click", () => gallery.unmount());

  // @ts-expect-error pageSize is a number, not text
  mount(host, { pageSize: "20" });
  // @ts-expect-error no such theme
  gallery.setOptions({ theme: "blue" });
  // @ts-expect-error options are camelCase: pageSize
  mount(host, { page_size: 20 });
  // @ts-expect-error the handle's promise is read-only
  gallery.ready = Promise.resolve();
}

// 2. Delegated listening on the document: the events are composed and bubble up.
function describe(error: GalleryErrorDetail): string {
  switch (error.kind) {
    case "unauthorized":
    case "payment_required":
      return "sign in again";
    case "rate_limited":
    case "unavailable":
      return `retry in ${error.retryAfterSeconds ?? "a few"} s`;
    default:
      return `${error.kind} (${error.status ?? "no answer"}, request ${error.requestId ?? "–"})`;
  }
}
document.addEventListener("gallery-error", (event) => console.warn(describe(event.detail)));
document.addEventListener("auth-required", (event) => console.warn(event.detail.code));
window.addEventListener("payment-required", (event) => console.warn(event.detail.message));

document.addEventListener("gallery-error", (event) => {
  // @ts-expect-error no such kind
  if (event.detail.kind === "teapot") return;
  // @ts-expect-error detail has requestId, not request_id
  console.log(event.detail.request_id);
});
document.addEventListener("job-completed", (event) => {
  // @ts-expect-error detail has jobId, not id
  console.log(event.detail.id);
  // @ts-expect-error sizes are numbers (or null)
  const size: string = event.detail.job.images[0]?.links[0]?.sizeBytes ?? "";
  console.log(size);
});

// 3. The element, made by script as a single-page app does on a route change.
async function addGallery(parent: Element): Promise<JobsGalleryElement> {
  const gallery = document.createElement("jobs-gallery"); // a JobsGalleryElement
  gallery.apiBase = "/api";
  gallery.pageSize = 12;
  gallery.pollActiveMs = 5_000;
  gallery.theme = "light";
  gallery.loading = "eager";
  gallery.setAttribute("url-sync", "recent");
  gallery.addEventListener("page-change", function (event) {
    // `this` is the element; its properties read back the attributes.
    console.log(this.pageSize === event.detail.size, this.urlSync);
  });
  parent.append(gallery);
  await gallery.ready;
  gallery.refresh();

  // @ts-expect-error pageSize is a number
  gallery.pageSize = "x";
  // @ts-expect-error loading is "eager" or "lazy"
  gallery.loading = "later";
  // @ts-expect-error the element has no unmount(): removing it unmounts
  gallery.unmount();
  return gallery;
}

// 4. Elements already in the page, found by tag name, and the leak check.
void customElements.whenDefined("jobs-gallery").then(async () => {
  for (const existing of document.querySelectorAll("jobs-gallery")) {
    existing.theme = "auto"; // typed through HTMLElementTagNameMap
  }
  const route = document.querySelector("main");
  if (!route) return;
  const added = await addGallery(route);
  console.log(added instanceof JobsGalleryElement, JobsGalleryElement.observedAttributes);
  added.remove();
  queueMicrotask(() => {
    const { galleries, wasmMemoryBytes } = diagnostics();
    console.log(`${galleries} galleries, ${wasmMemoryBytes} bytes of wasm memory`);
  });
});
