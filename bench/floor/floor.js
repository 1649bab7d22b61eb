// The benchmark's floor (docs/benchmark.md): the first page of jobs in the widget's card
// markup, drawn by as little JavaScript as can draw it. No paging, polling, clocks,
// viewer or error handling: the shortest path from the page to 20 painted cards.
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const LABEL = { pending: "Pending", processing: "Processing", completed: "Completed", failed: "Failed" };
const ICON = { pending: "\u25F7", processing: "\u21BB", completed: "\u2713", failed: "\u2715" };
// Each result image's smallest format, as the widget's thumbnail takes it.
const smallest = (formats) => Object.values(formats || {}).sort((a, b) => (a.size_bytes ?? 0) - (b.size_bytes ?? 0))[0]?.url;
const images = (r) =>
  !r ? [] : r.scenes ? r.scenes.map((s) => ({ url: smallest(s.images || s.formats), alt: s.prompt })) : r.formats ? [{ url: smallest(r.formats) }] : r.image_url ? [{ url: r.image_url }] : [];
const ago = (t) => `${Math.max(0, Math.round((Date.now() - Date.parse(t)) / 60000))} min ago`;
const fact = (dt, dd) => `<div class="jg-meta"><dt>${dt}</dt><dd>${dd}</dd></div>`;

function card(j) {
  const s = LABEL[j.status] ? j.status : "unknown";
  const total = j.scenes_total ?? 0;
  const done = j.scenes_completed ?? 0;
  const imgs = images(j.result).filter((i) => i.url);
  const shown = imgs.length > 4 ? imgs.slice(0, 3) : imgs;
  const tiles = shown.map((i) => `<a class="jg-thumb" href="${esc(i.url)}"><img class="jg-thumb__img" src="${esc(i.url)}" alt="${esc(i.alt || "Result image")}" loading="lazy" decoding="async" width="160" height="160"></a>`);
  if (imgs.length > 4) tiles.push(`<div class="jg-thumb jg-thumb--more"><span class="jg-thumb__note">+${imgs.length - 3}</span></div>`);
  const kind = j.operation || j.type || (j.result?.scenes && "story");
  return `<article class="jg-card" data-job-id="${esc(j.job_id)}" data-status="${s}">
<h3 class="jg-card__title"><span class="jg-visually-hidden">Job </span><code class="jg-card__id">${esc(String(j.job_id).slice(0, 8))}</code></h3>
<div class="jg-card__body"><header class="jg-card__head"><span class="jg-badge jg-badge--${s}"><span class="jg-badge__icon" aria-hidden="true">${ICON[s] || "?"}</span><span class="jg-badge__text">${LABEL[s] || "Unknown"}</span></span>${kind ? `<span class="jg-card__kind">${esc(kind)}</span>` : ""}</header>
${total > 1 ? `<div class="jg-progress"><div class="jg-progress__track jg-progress__track--segmented" role="progressbar" aria-label="Scenes completed" style="--_jg-scenes:${total}"><div class="jg-progress__fill" style="width:${(100 * Math.min(done, total)) / total}%"></div></div><span class="jg-progress__text">${done} of ${total} scenes</span></div>` : ""}
${tiles.length ? `<div class="jg-thumbs">${tiles.join("")}</div>` : ""}
${j.error ? `<div class="jg-card__error"><code class="jg-card__error-code">${esc(j.error.code)}</code><p class="jg-card__error-message">${esc(j.error.message)}</p></div>` : ""}
<dl class="jg-card__meta">${fact("Created", esc(ago(j.created_at)))}${j.result?.cost_eur ? fact("Cost", `\u20AC${Number(j.result.cost_eur).toFixed(2)}`) : ""}</dl></div></article>`;
}

const res = await fetch("/v1/jobs?limit=20&offset=0", { headers: { Accept: "application/json", Authorization: "Bearer dpct_demo" } });
const page = JSON.parse(await res.text());
document.querySelector(".jg-grid").innerHTML = (page.generations || []).map(card).join("");
