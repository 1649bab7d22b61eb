// Types of the jobs gallery's loader module, dist/jobs-gallery-loader.js, for host pages
// written in TypeScript. Hand-written against the loader's contract (README, "Embedding");
// scripts/check-types.sh type-checks examples/typescript/ against this file and checks that
// custom-elements.json names the same attributes (the `@attribute` tags) and events.

/** The theme a gallery is drawn in; `"auto"` follows the reader's `prefers-color-scheme`. */
export type JobsGalleryTheme = "light" | "dark" | "auto";

/** When a gallery starts: at once, or once its element is within 200 px of the viewport. */
export type JobsGalleryLoading = "eager" | "lazy";

/** Options of {@link mount}; the attributes of `<jobs-gallery>` in camelCase. All optional. */
export interface MountOptions {
  /**
   * Base URL in front of `/v1/jobs`, without `/v1`. `""` is the page's own origin.
   * @defaultValue `""`
   */
  apiBase?: string;
  /**
   * A `dpct_…` key, sent as `Authorization: Bearer …` to the API only. For demos and
   * trusted pages; a proxy that adds the key is safer (README, "Security").
   * @defaultValue none
   */
  apiKey?: string;
  /**
   * Jobs per page, 1–100.
   * @defaultValue `20`
   */
  pageSize?: number;
  /**
   * A request that takes longer ends in the timeout banner; clamped to 1000–120000.
   * @defaultValue `15000`
   */
  timeoutMs?: number;
  /**
   * Refresh interval while a shown job is pending or processing; clamped to 500–600000.
   * @defaultValue `2000`
   */
  pollActiveMs?: number;
  /**
   * Refresh interval while every shown job is finished; clamped to 1000–3600000.
   * @defaultValue `30000`
   */
  pollIdleMs?: number;
  /**
   * A prefix such as `"jobs"`: the page and size go into the address as
   * `?jobs.page=3&jobs.size=50` (replaceState; other parameters and the hash stay).
   * @defaultValue off
   */
  urlSync?: string;
  /**
   * A same-origin path that fetches a result picture for "Download" when the image host
   * sends no CORS headers: `GET {path}?url=<picture>` (the companion server's
   * `/media-proxy`). Without it, such a picture opens in a new tab instead.
   * @defaultValue none
   */
  mediaProxy?: string;
  /**
   * How often a watched job ("Notify me") is asked for by id while the tab is hidden or
   * the window unfocused, or the job is not on the page shown; clamped to 1000–3600000.
   * @defaultValue `30000`
   */
  watchIntervalMs?: number;
  /**
   * Opt-in: while the tab is hidden, the page's title starts with the count of watched
   * jobs that finished, `"(2) "`, until the reader is back (the title is the host's).
   * @defaultValue `false`
   */
  titleBadge?: boolean;
  /**
   * The language the gallery speaks (a BCP 47 tag; `de-AT` speaks German). Without it,
   * the nearest `lang` in the page; English where neither names German or French.
   * @defaultValue the page's `lang`
   */
  lang?: string;
  /**
   * Words of the host's own, by key (the README lists the keys): a text, or a plural's
   * forms `{ one, other }`; a key left out keeps the language's word.
   * @defaultValue none
   */
  labels?: JobsGalleryLabels | string;
  /**
   * Forces light or dark; sets `data-theme` on the mount element.
   * @defaultValue `"auto"`
   */
  theme?: JobsGalleryTheme;
  /**
   * `"lazy"` waits until the element is within 200 px of the viewport before fetching
   * and starting the wasm.
   * @defaultValue `"eager"`
   */
  loading?: JobsGalleryLoading;
}

/** What {@link mount} returns at once; the gallery starts when the wasm is ready. */
export interface GalleryHandle {
  /**
   * Resolves when the gallery has mounted (wasm running, its elements in place), at the
   * same time as the `jobs-gallery-ready` event. Never rejects: unmounted before it was
   * ready, where there is no `window`, or when the wasm could not load (the element then
   * says so in place of the gallery, and the console has the error), it stays pending.
   */
  readonly ready: Promise<void>;
  /** Loads the shown page now. Before the gallery is ready it has nothing to do. */
  refresh(): void;
  /**
   * Reconfigures the live gallery with the options given; the others keep their values.
   * A new `pageSize` keeps the first job on screen in view; a new `apiBase` or `apiKey`
   * starts over on page 1; `theme` applies at once; timeouts and poll intervals apply
   * from the next request.
   */
  setOptions(options: Partial<MountOptions>): void;
  /**
   * Stops polling, aborts the request in flight, removes the timers, listeners and the
   * gallery's elements. Idempotent; before the gallery is ready it means it never starts.
   */
  unmount(): void;
}

/**
 * Starts a gallery in `element` (its markup goes inside, in the light DOM) and returns
 * its handle at once. The first mount on a page fetches and compiles the wasm. Where
 * there is no `window` (server rendering) it does nothing and returns an inert handle.
 */
export declare function mount(element: HTMLElement, options?: MountOptions): GalleryHandle;

/** What {@link diagnostics} reports, for leak checks. */
export interface GalleryDiagnostics {
  /** Galleries started on this page and not unmounted, those still waiting for the
   * wasm or, lazy, for the viewport included. */
  galleries: number;
  /** The wasm's linear memory in bytes; 0 before the wasm has loaded. */
  wasmMemoryBytes: number;
}

/** Live galleries on this page and the wasm's memory size. */
export declare function diagnostics(): GalleryDiagnostics;

/**
 * The attributes of `<jobs-gallery>` and the values they take, for typing the element in
 * JSX (React's `IntrinsicElements`) and templates. Numbers are written as text in HTML.
 */
export interface JobsGalleryAttributes {
  "api-base": string;
  "api-key": string;
  "page-size": number | `${number}`;
  "timeout-ms": number | `${number}`;
  "poll-active-ms": number | `${number}`;
  "poll-idle-ms": number | `${number}`;
  "url-sync": string;
  theme: JobsGalleryTheme;
  loading: JobsGalleryLoading;
  "media-proxy": string;
  "watch-interval-ms": number | `${number}`;
  /** A boolean attribute: present (and not `"false"`) is on. */
  "title-badge": boolean | "" | "true" | "false";
  /** A JSON object: `{"refresh": "Neu laden"}`. */
  labels: string;
}

/** A host's words by key: a text, or a plural's forms by `Intl.PluralRules` category. */
export type JobsGalleryLabels = Record<
  string,
  string | { other: string; zero?: string; one?: string; two?: string; few?: string; many?: string }
>;

/**
 * `<jobs-gallery>`: a gallery configured by its attributes, in the light DOM (the page's
 * stylesheet and the DOM contract apply inside it). Connected, it mounts (a `lazy` one once
 * near the viewport); removed, it unmounts, unless it is back in the page by the end of
 * the task, so moving it keeps the page the reader is on. An attribute change reconfigures
 * it live, as {@link GalleryHandle.setOptions} does. Each property reflects its attribute.
 */
export declare class JobsGalleryElement extends HTMLElement {
  /** The attributes whose changes reconfigure the gallery. */
  static readonly observedAttributes: readonly (keyof JobsGalleryAttributes)[];
  /**
   * Base URL in front of `/v1/jobs`, without `/v1`; `""` is the page's own origin.
   * @attribute api-base
   * @defaultValue `""`
   */
  apiBase: string;
  /**
   * A `dpct_…` key. Write-only: the attribute is removed from the DOM once read and the
   * key kept in the element's private state, so reading gives `""`.
   * @attribute api-key
   * @defaultValue `""`
   */
  apiKey: string;
  /**
   * Jobs per page, 1–100.
   * @attribute page-size
   * @defaultValue `20`
   */
  pageSize: number;
  /**
   * Request timeout in ms, clamped to 1000–120000.
   * @attribute timeout-ms
   * @defaultValue `15000`
   */
  timeoutMs: number;
  /**
   * Refresh interval in ms while a shown job is pending or processing, clamped to
   * 500–600000.
   * @attribute poll-active-ms
   * @defaultValue `2000`
   */
  pollActiveMs: number;
  /**
   * Refresh interval in ms while every shown job is finished, clamped to 1000–3600000.
   * @attribute poll-idle-ms
   * @defaultValue `30000`
   */
  pollIdleMs: number;
  /**
   * Prefix of the page and size in the address (`?{prefix}.page=…&{prefix}.size=…`);
   * `""` is off.
   * @attribute url-sync
   * @defaultValue `""`
   */
  urlSync: string;
  /**
   * Light, dark, or the reader's preference.
   * @attribute theme
   * @defaultValue `"auto"`
   */
  theme: JobsGalleryTheme;
  /**
   * `"lazy"` waits for the viewport (200 px margin) before starting.
   * @attribute loading
   * @defaultValue `"eager"`
   */
  loading: JobsGalleryLoading;
  /**
   * Same-origin path for pictures whose host sends no CORS headers (`?url=<picture>`);
   * `""` is none.
   * @attribute media-proxy
   * @defaultValue `""`
   */
  mediaProxy: string;
  /**
   * How often a watched job is asked for by id while the tab is hidden or the window
   * unfocused, or the job is not on the page shown, in ms.
   * @attribute watch-interval-ms
   * @defaultValue `30000`
   */
  watchIntervalMs: number;
  /**
   * The count of finished watched jobs before the page's title while the tab is hidden.
   * @attribute title-badge
   * @defaultValue `false`
   */
  titleBadge: boolean;
  /**
   * Words of the host's own by key, as JSON; the language is HTML's own `lang`.
   * @attribute labels
   * @defaultValue `""`
   */
  labels: string;
  /** Resolves when the gallery has mounted; never rejects. */
  readonly ready: Promise<void>;
  /** Loads the shown page now. */
  refresh(): void;

  addEventListener<K extends keyof JobsGalleryElementEventMap>(
    type: K,
    listener: (this: JobsGalleryElement, event: JobsGalleryElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof JobsGalleryElementEventMap>(
    type: K,
    listener: (this: JobsGalleryElement, event: JobsGalleryElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** A job's status; `"unknown"` is any status this version of the gallery does not know. */
export type JobStatus = "pending" | "processing" | "completed" | "failed" | "unknown";

/** One result file of an image, in one format. */
export interface ResultLink {
  /** `"png"`, `"jpeg"`, `"webp"`, or `"image"` for a format the gallery does not know. */
  format: "png" | "jpeg" | "webp" | (string & {});
  /** The signed URL; `null` when the gallery refused it as unsafe (it shows no link). */
  url: string | null;
  sizeBytes: number | null;
  /**
   * ISO 8601: when the link stops working, as the card counts it: the link's own
   * `expires_at`, else the latest of its sibling formats', else the result's, else
   * `completedAt` + 1 h.
   */
  expiresAt: string | null;
}

/** One result image, with its files. */
export interface ResultImage {
  /** The scene it belongs to, 1-based; `null` for a single image. */
  scene: number | null;
  prompt: string | null;
  links: ResultLink[];
}

/** A job as the gallery read it from `GET /v1/jobs`. Times are ISO 8601. */
export interface JobSummary {
  id: string;
  status: JobStatus;
  /** The kind of job as the API names it, e.g. `"story"` or `"image"`. */
  kind: string | null;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  scenes: { completed: number; total: number } | null;
  /** Why a failed job failed. */
  error: { code: string; message: string } | null;
  /** The cost as the decimal text the API sent, e.g. `"0.12"`. */
  costEur: string | null;
  images: ResultImage[];
}

/** `detail` of `job-completed` and `job-failed`. */
export interface JobEventDetail {
  /** The same as `job.id`. */
  jobId: string;
  job: JobSummary;
}

/** `detail` of `job-watch` and `job-unwatch`. */
export interface JobWatchDetail {
  jobId: string;
}

/** `detail` of `page-change`: the page now on screen. */
export interface PageChangeDetail {
  /** 1-based. */
  page: number;
  size: number;
  /** Jobs in all pages, as the API counted them. */
  total: number;
}

/** What failed, as the banner's `data-error-kind` names it. */
export type GalleryErrorKind =
  | "bad_request"
  | "unauthorized"
  | "payment_required"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "legal"
  | "server_error"
  | "bad_gateway"
  | "unavailable"
  | "unexpected_status"
  | "network"
  | "timeout"
  | "decode";

/** `detail` of `gallery-error`, `auth-required` and `payment-required`. */
export interface GalleryErrorDetail {
  kind: GalleryErrorKind;
  /** The HTTP status, when there was an answer. */
  status: number | null;
  /** The `error` code of the answer's body. */
  code: string | null;
  /** The server's message as sent: text, never markup. */
  message: string | null;
  requestId: string | null;
  /** From `Retry-After`, when the answer had one. */
  retryAfterSeconds: number | null;
}

/** `detail` of `jobs-gallery-ready`: nothing. */
export type JobsGalleryReadyDetail = Record<string, never>;

/**
 * The gallery's events: `CustomEvent`s that bubble and are composed, dispatched on its
 * root `section.jobs-gallery` (`jobs-gallery-ready` on the mount element), so a listener
 * on the mount element or any ancestor hears them.
 */
export interface JobsGalleryEventMap {
  /** The gallery has mounted; {@link GalleryHandle.ready} resolves with it. */
  "jobs-gallery-ready": CustomEvent<JobsGalleryReadyDetail>;
  /**
   * A job on the shown page went from pending or processing to completed, or a watched
   * job completed (told once, also while the tab is hidden).
   */
  "job-completed": CustomEvent<JobEventDetail>;
  /** The same for failed. */
  "job-failed": CustomEvent<JobEventDetail>;
  /** The reader asked to be told when a running job finishes ("Notify me"). */
  "job-watch": CustomEvent<JobWatchDetail>;
  /** The reader took a watch back, or the watched job is gone from the API. */
  "job-unwatch": CustomEvent<JobWatchDetail>;
  /** The page or size on screen changed, the first page shown included. */
  "page-change": CustomEvent<PageChangeDetail>;
  /** A failure started or changed kind (not on every retry of the same failure). */
  "gallery-error": CustomEvent<GalleryErrorDetail>;
  /** The API answered 401. */
  "auth-required": CustomEvent<GalleryErrorDetail>;
  /** The API answered 402. */
  "payment-required": CustomEvent<GalleryErrorDetail>;
}

/** The events a `<jobs-gallery>` hears: an element's own and the gallery's. */
export interface JobsGalleryElementEventMap extends HTMLElementEventMap, JobsGalleryEventMap {}

// Any element can be a mount point ([data-jobs-gallery], mount()), and the events bubble
// to the document and the window, so the maps of all three learn them.
declare global {
  interface HTMLElementTagNameMap {
    "jobs-gallery": JobsGalleryElement;
  }
  interface HTMLElementEventMap extends JobsGalleryEventMap {}
  interface DocumentEventMap extends JobsGalleryEventMap {}
  interface WindowEventMap extends JobsGalleryEventMap {}
}
