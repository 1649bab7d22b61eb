// Reads the Lighthouse reports scripts/lighthouse.sh wrote (RUN_DIR/widget-N.json,
// RUN_DIR/floor-N.json), keeps each page's median run, writes
// { widget, floor, runs, median } to OUT_JSON and prints the table and the failed audits.
//
//   node bench/lighthouse/summarize.mjs RUN_DIR OUT_JSON
//
// The median run is Lighthouse's own computeMedianRun: the run nearest the median first
// contentful paint and time to interactive. Its authors avoid the median of the
// performance score, which swings with one metric at the start or end of the load.
// Every run's scores and metrics stay in `runs`.
//
// A full report is about 1 MB, mostly screenshots and the details of audits that passed;
// the written copy keeps `details` and `description` only for audits that did not pass
// (what is left to fix), drops error stacks, `i18n`, `timing.entries` and
// `fullPageScreenshot`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lhRoot = join(here, '..', '..', 'tools', 'lighthouse', 'node_modules', 'lighthouse');
const { computeMedianRun } = await import(
  pathToFileURL(join(lhRoot, 'core', 'lib', 'median-run.js')).href
);

const [runDir, outJson] = process.argv.slice(2);
if (!runDir || !outJson) {
  console.error('usage: node bench/lighthouse/summarize.mjs RUN_DIR OUT_JSON');
  process.exit(2);
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['FCP', 'first-contentful-paint'],
  ['LCP', 'largest-contentful-paint'],
  ['TBT', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
  ['SI', 'speed-index'],
];
// Lighthouse shows an audit as passed from 0.9 on; binary audits are 0 or 1.
const PASS = 0.9;
const MAX_ITEMS = 12;

function loadRuns(page) {
  return readdirSync(runDir)
    .filter((f) => new RegExp(`^${page}-\\d+\\.json$`).test(f))
    .sort((a, b) => parseInt(a.split('-')[1], 10) - parseInt(b.split('-')[1], 10))
    .map((f) => JSON.parse(readFileSync(join(runDir, f), 'utf8')));
}

const score100 = (lhr, cat) => {
  const s = lhr.categories[cat]?.score;
  return s == null ? null : Math.round(s * 100);
};

function runSummary(lhr) {
  const r = {};
  for (const c of CATEGORIES) r[c] = score100(lhr, c);
  for (const [name, id] of METRICS) r[name] = lhr.audits[id]?.numericValue ?? null;
  r.benchmarkIndex = lhr.environment?.benchmarkIndex ?? null;
  if (lhr.runtimeError) r.runtimeError = lhr.runtimeError.code;
  return r;
}

const failed = (a) => a.scoreDisplayMode === 'error' || (a.score !== null && a.score < 1);

function strip(lhr) {
  const out = { ...lhr };
  delete out.i18n;
  delete out.fullPageScreenshot;
  if (out.timing) out.timing = { total: out.timing.total };
  out.audits = {};
  for (const [id, a] of Object.entries(lhr.audits)) {
    if (failed(a)) {
      const { errorStack, ...rest } = a;
      out.audits[id] = rest;
    } else {
      const { details, description, ...rest } = a;
      out.audits[id] = rest;
    }
  }
  return out;
}

function median(page) {
  const runs = loadRuns(page);
  if (runs.length === 0) return { runs: [], lhr: null };
  const bad = runs.find((r) => r.runtimeError);
  if (bad) {
    const { code, message } = bad.runtimeError;
    console.error(`lighthouse: a ${page} run failed: ${code}: ${message}`);
    process.exit(1);
  }
  return { runs, lhr: computeMedianRun(runs) };
}

const widget = median('widget');
const floor = median('floor');
if (!widget.lhr) {
  console.error(`lighthouse: no widget-N.json in ${runDir}`);
  process.exit(1);
}

const result = {
  widget: strip(widget.lhr),
  floor: floor.lhr ? strip(floor.lhr) : null,
  median: {
    widget: widget.runs.indexOf(widget.lhr),
    floor: floor.lhr ? floor.runs.indexOf(floor.lhr) : null,
  },
  runs: {
    widget: widget.runs.map(runSummary),
    floor: floor.runs.map(runSummary),
  },
};
const text = JSON.stringify(result);
writeFileSync(outJson, text);

// The table.
const fmtMs = (v) => {
  if (v == null) return '-';
  if (v < 1000) return `${Math.round(v)} ms`;
  return v < 60000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v / 1000)} s`;
};
const fmtMetric = (name, v) => (v == null ? '-' : name === 'CLS' ? v.toFixed(3) : fmtMs(v));
const pad = (s, n) => String(s).padEnd(n);
const lh = widget.lhr;
const settings = lh.configSettings;
const t = settings.throttling;
console.log(
  `lighthouse ${lh.lighthouseVersion}, ${settings.formFactor}, ` +
    `${settings.throttlingMethod} throttling (${t.rttMs} ms RTT, ` +
    `${(t.throughputKbps / 1000).toFixed(1)} Mbit/s, CPU x${t.cpuSlowdownMultiplier}), ` +
    `${lh.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chrome'}, ` +
    `median of ${widget.runs.length} runs (nearest median FCP and TTI)`,
);
const head = ['page', 'perf', 'a11y', 'bp', 'seo', ...METRICS.map(([n]) => n), 'runs (perf)'];
const widths = [8, 6, 6, 6, 6, 9, 9, 9, 7, 9, 0];
console.log(head.map((h, i) => pad(h, widths[i])).join('').trimEnd());
for (const [name, page] of [['widget', widget], ['floor', floor]]) {
  if (!page.lhr) {
    console.log(`${pad(name, widths[0])}(no page)`);
    continue;
  }
  const s = runSummary(page.lhr);
  const cells = [
    name,
    ...CATEGORIES.map((c) => s[c] ?? '-'),
    ...METRICS.map(([n]) => fmtMetric(n, s[n])),
    page.runs.map((r) => score100(r, 'performance')).join(' '),
  ];
  console.log(cells.map((c, i) => pad(c, widths[i])).join('').trimEnd());
}
const bi = widget.runs.map((r) => r.environment?.benchmarkIndex).filter((v) => v != null);
if (bi.length) {
  const shown = bi.map(Math.round).join(' ');
  console.log(`benchmarkIndex (Lighthouse's CPU score of this machine): ${shown}`);
}

// The failed audits with their offending items.
function cell(v, type) {
  if (v == null) return '';
  if (typeof v !== 'object') {
    if (type === 'ms' || type === 'timespanMs') return fmtMs(v);
    if (type === 'bytes') return `${(v / 1024).toFixed(1)} KiB`;
    return String(v);
  }
  switch (v.type) {
    case 'node':
      return [v.selector, v.snippet].filter(Boolean).join(' ');
    case 'source-location':
      return `${v.url}:${v.line + 1}:${v.column + 1}`;
    case 'url':
      return v.value;
    case 'code':
      return v.value;
    case 'text':
      return v.value;
    default:
      return v.url ?? v.value ?? v.text ?? JSON.stringify(v).slice(0, 160);
  }
}

function itemLines(details) {
  if (!details) return [];
  if (details.type === 'list') return details.items.flatMap(itemLines);
  if (!Array.isArray(details.items) || !details.headings) return [];
  const heads = details.headings.filter((h) => h.key);
  return details.items.map((item) => {
    const parts = heads
      .map((h) => cell(item[h.key], h.valueType))
      .filter((s) => s !== '' && s !== '0')
      .map((s) => s.replace(/\s+/g, ' '));
    const sub = item.subItems?.items?.length ? ` (+${item.subItems.items.length} sub-items)` : '';
    return (parts.join(' | ') + sub).slice(0, 300);
  });
}

function printFailed(name, lhr) {
  const errored = new Map();
  for (const cat of CATEGORIES) {
    const refs = lhr.categories[cat]?.auditRefs ?? [];
    const bad = [];
    for (const ref of refs) {
      const a = lhr.audits[ref.id];
      if (!a) continue;
      if (a.scoreDisplayMode === 'error') {
        const ids = errored.get(a.errorMessage) ?? new Set();
        errored.set(a.errorMessage, ids.add(a.id));
      } else if (a.score !== null && a.score < (cat === 'performance' ? PASS : 1)) {
        // Performance: every audit under 0.9, metrics included; the others: binary fails.
        bad.push({ ref, a });
      }
    }
    if (!bad.length) continue;
    console.log(`\n${name} ${cat}: ${bad.length} failed`);
    for (const { ref, a } of bad) {
      const shown = a.displayValue ? `, ${a.displayValue}` : '';
      console.log(`  ${a.id} (score ${a.score}${shown}, weight ${ref.weight}): ${a.title}`);
      const lines = itemLines(a.details);
      for (const l of lines.slice(0, MAX_ITEMS)) console.log(`    - ${l}`);
      if (lines.length > MAX_ITEMS) {
        console.log(`    - ... ${lines.length - MAX_ITEMS} more in the JSON`);
      }
    }
  }
  // An audit that errored says nothing about the page: Lighthouse could not run it.
  for (const [message, ids] of errored) {
    console.log(`\n${name}: Lighthouse could not run ${[...ids].join(', ')}: ${message}`);
  }
  for (const w of lhr.runWarnings ?? []) console.log(`  ${name} run warning: ${w}`);
}

printFailed('widget', widget.lhr);
if (floor.lhr) printFailed('floor', floor.lhr);
console.log(`\nwrote ${outJson} (${Math.round(text.length / 1024)} KB)`);
