// The gallery's "Download" and "Download this page", dist/jobs-gallery-save.js. The
// loader imports it on the first use (the `save` and `saveZip` it hands the wasms), so
// no first load pays for it, and passes the gallery's `media-proxy` as `proxy`. The ZIP
// writer, client-zip (MIT, copied into the build as jobs-gallery-zip.js), is imported
// by the first "Download this page" only.
//
//   download(url, fileName, proxy)  → 'saved' | 'opened' | 'blocked' | 'failed'
//   downloadZip(entries, zipName, proxy, progress, signal)
//                                   → { saved, failed: [names], cancelled }
//
// An image is fetched and saved from a blob: URL, because <a download> names the file
// only for a same-origin link and the images live on another origin. That fetch needs
// the image's origin to allow CORS; where it does not, the host's same-origin proxy
// (`proxy`, a path answering `?url=`) fetches it, if the host has one. An image that
// cannot be fetched either way opens in a new tab, where the user can still save it;
// 'blocked' says the browser did not let it (the click is long past by then).
//
// Neither rejects: each answers what happened, for the gallery to tell. Nothing is added
// to the host's document: a link that is not in it still downloads on click(). A ZIP
// stores the pictures as they are, since they are compressed already.

// The image as a Response, straight from its origin where CORS allows it, else through
// the proxy. A refused or failed request throws a TypeError; an answer that is not ok
// fails too. An abort (`signal`) is never retried through the proxy.
async function fetchImage(url, proxy, signal) {
  let response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit', signal });
  } catch (error) {
    if (!proxy || signal?.aborted) throw error;
    response = await fetch(`${proxy}?url=${encodeURIComponent(url)}`, { signal });
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${response.url}`);
  return response;
}

const click = (attributes) => Object.assign(document.createElement('a'), attributes).click();

// Revoked a minute later: revoking the URL at once can cancel the download it started.
function save(blob, name) {
  const href = URL.createObjectURL(blob);
  click({ href, download: name });
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

// Only an http(s) address is opened: never a javascript: or data: one from the API.
function openable(url) {
  try {
    const { protocol, href } = new URL(url, document.baseURI);
    return protocol === 'https:' || protocol === 'http:' ? href : null;
  } catch {
    return null;
  }
}

export async function download(url, fileName, proxy) {
  let why;
  try {
    const response = await fetchImage(url, proxy);
    save(await response.blob(), fileName);
    return 'saved';
  } catch (error) {
    why = error;
  }
  const href = openable(url);
  if (!href) {
    console.warn('jobs-gallery: the image could not be saved', why);
    return 'failed';
  }
  const route = proxy ? 'directly or through the proxy' : 'without CORS access or a proxy';
  console.warn(`jobs-gallery: the image could not be fetched ${route}, so it opens in a new tab`, why);
  // Without 'noopener', so that a blocked tab shows as null; the opener is cut at once.
  const tab = window.open(href, '_blank');
  if (!tab) return 'blocked';
  tab.opener = null;
  return 'opened';
}

export async function downloadZip(entries, zipName, proxy, progress, signal) {
  const failed = [];
  let saved = 0;
  // One picture at a time: client-zip reads an entry's body before it asks for the next,
  // so `done` counts pictures in the archive (or left out), not requests sent.
  async function* files() {
    let done = 0;
    for (const { url, name } of entries) {
      let input = null;
      try {
        input = await fetchImage(url, proxy, signal);
      } catch {
        if (signal?.aborted) return;
        failed.push(name);
      }
      if (input) {
        saved++;
        yield { name, input };
      }
      progress?.(++done, entries.length);
    }
  }
  try {
    const { downloadZip: zip } = await import('./jobs-gallery-zip.js');
    const blob = await zip(files()).blob();
    if (signal?.aborted) return { saved: 0, failed, cancelled: true };
    if (saved) save(blob, zipName);
    return { saved, failed, cancelled: false };
  } catch (error) {
    // An abort while a body streams in ends here too.
    if (signal?.aborted) return { saved: 0, failed, cancelled: true };
    // No archive at all (client-zip did not load, a body broke off): nothing saved.
    console.warn('jobs-gallery: the ZIP could not be made', error);
    return { saved: 0, failed: entries.map((entry) => entry.name), cancelled: false };
  }
}
