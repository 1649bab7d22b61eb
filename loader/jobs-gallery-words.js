// The jobs gallery's words module, dist/jobs-gallery-words.js: what the loader imports
// for a gallery that speaks German or French, or has labels of the host's own, so that
// English readers fetch none of it. It fetches the language's file and the order the
// wasm knows the keys in (locales/keys.json), and gives the wasm `say(i, n)`: key i's
// text, for a count n the form of its `Intl.PluralRules` category (else `other`), or
// nothing where English stands (src/words/). A file that does not load leaves English,
// with a warning; so does a text that is no string nor a plural's forms, where the wasm
// reads it. The promise never fails.
// The key order of this build: post-build names it with the file's hash, so that a cached
// order never meets another build's wasm, whose texts it would shift.
const KEYS = '__KEYS__';
const files = new Map();
function localeFile(name) {
  let file = files.get(name);
  if (!file) {
    file = fetch(new URL(`./locales/${name}.json`, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    });
    file.catch(() => files.delete(name)); // a later gallery tries again
    files.set(name, file);
  }
  return file;
}

// `tag`: the canonical language tag asked for (or ""); `file`: its language where it has
// a file; `labels`: the host's words, an object or its JSON.
export function words(tag, file, labels) {
  try { if (typeof labels === 'string') labels = JSON.parse(labels); } catch { labels = 0; }
  if (labels != null && (typeof labels !== 'object' || Array.isArray(labels))) {
    console.warn('jobs-gallery: labels must be a JSON object; they are left out');
    labels = null;
  }
  labels = Object(labels);
  // Dates, numbers and plurals in the language shown: the page's locale where it names a
  // region of it (de-AT), else the browser's where it speaks it (an en-GB reader of an
  // "en" page keeps en-GB dates), else the language itself.
  // (Intl's own default is not always the browser's language: Firefox's follows its own.)
  let own = '';
  try { own = Intl.getCanonicalLocales(navigator.language)[0]; } catch { /* "C" in WebKitGTK */ }
  const intlFor = (lang) => (tag.includes('-') || !own.startsWith(lang) ? (tag.startsWith(lang) ? tag : lang) : own);
  // English formats dates in the browser's locale, as it does without the module.
  const english = { textLang: tag.startsWith('en') ? tag : 'en', intlLang: tag.startsWith('en-') ? tag : '', said: labels };
  const warn = (what) => (error) => console.warn(`jobs-gallery: locales/${what}.json did not load; the gallery speaks English`, error);
  return Promise.all([localeFile(KEYS), file && localeFile(file).catch(warn(file))]).then(([keys, locale]) => {
    const said = { ...Object(locale), ...labels }, texts = keys.map((key) => said[key]);
    const shown = locale ? { textLang: tag, intlLang: intlFor(file) } : english;
    const rules = new Intl.PluralRules(shown.intlLang || undefined);
    const say = (i, n) => {
      const text = texts[i];
      return n === undefined || typeof text !== 'object' ? text : text?.[rules.select(n)] ?? text?.other;
    };
    return { ...shown, said, say };
  }).catch((error) => (warn('keys')(error), english));
}
