//! The benchmark of issues 5 and 7: the release build in headless Chromium (through
//! chromedriver, with the e2e harness) against the companion server on loopback.
//!
//! ```text
//! jobs-gallery-bench [--runs 7] [--poll-runs 3] [--live-polls 500] [--live-runs 1]
//!                    [--dist DIR] [--server-bin PATH] [--out bench/results]
//! ```
//!
//! `scripts/bench.sh` builds what it needs and runs it. Every timing is the median of
//! `--runs` fresh sessions (new server, new browser profile) with min and max; the
//! per-poll counts are over `--poll-runs` runs per page size; the live memory run is
//! `--live-runs` runs of `--live-polls` polls. Writes `latest.json` and `latest.md`
//! into `--out` and prints the table.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context as _, Result};
use jobs_gallery_e2e::{run_with, secs, Options, Test, PAGE_TIMEOUT};
use serde_json::{json, Value};

const PROBE: &str = include_str!("probe.js");

/// Seconds between live jobs in the per-poll runs: one live job in the whole run.
const POLL_RUN_INTERVAL: i64 = 600;
/// Seconds from the server's start to the arrival of that live job (the first page is
/// loaded and settled by then).
const POLL_RUN_LEAD: i64 = 10;
/// Poll interval of the per-poll runs' page (while a job is active).
const POLL_RUN_ACTIVE_MS: u32 = 1000;
/// Poll interval of the live memory run's page.
const LIVE_ACTIVE_MS: u32 = 500;
/// How long the tab stays hidden.
const HIDDEN_SECS: u64 = 10;

struct Args {
    runs: usize,
    poll_runs: usize,
    live_polls: usize,
    live_runs: usize,
    out: PathBuf,
    dist: PathBuf,
}

fn parse_args() -> Result<Args> {
    let root = jobs_gallery_e2e::repo_root();
    let mut a = Args {
        runs: 7,
        poll_runs: 3,
        live_polls: 500,
        live_runs: 1,
        out: root.join("bench/results"),
        dist: root.join("dist"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| anyhow!("{flag} needs a value"));
        match flag.as_str() {
            "--runs" => a.runs = value()?.parse()?,
            "--poll-runs" => a.poll_runs = value()?.parse()?,
            "--live-polls" => a.live_polls = value()?.parse()?,
            "--live-runs" => a.live_runs = value()?.parse()?,
            "--out" => a.out = value()?.into(),
            "--dist" => a.dist = value()?.into(),
            "--server-bin" => std::env::set_var("E2E_SERVER_BIN", value()?),
            "-h" | "--help" => {
                println!("jobs-gallery-bench [--runs 7] [--poll-runs 3] [--live-polls 500] [--live-runs 1] [--dist DIR] [--server-bin PATH] [--out DIR]");
                std::process::exit(0);
            }
            other => bail!("unknown flag {other}"),
        }
    }
    if a.runs == 0 || a.poll_runs == 0 || a.live_runs == 0 {
        bail!("--runs, --poll-runs and --live-runs must be at least 1");
    }
    std::env::set_var("E2E_DIST", &a.dist);
    // The probe and the memory figures go through CDP: Chromium only.
    std::env::set_var("E2E_BROWSER", "chromium");
    Ok(a)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------
// Statistics

fn stats(values: &[f64]) -> Value {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return json!({ "median": null, "min": null, "max": null, "n": 0 });
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    json!({ "median": round(median), "min": round(v[0]), "max": round(v[n - 1]), "n": n })
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn num(v: &Value, path: &str) -> f64 {
    v.pointer(path).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// Stats of `path` over the runs' values.
fn over(runs: &[Value], path: &str) -> Value {
    stats(&runs.iter().map(|r| num(r, path)).collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------
// Transfer (deterministic: read from dist/ and its precompressed copies)

fn transfer(dist: &Path) -> Result<Value> {
    let mut groups: Vec<(&str, Vec<String>, [u64; 3])> = vec![
        ("wasm", vec![], [0; 3]),
        ("js", vec![], [0; 3]),
        ("css", vec![], [0; 3]),
    ];
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        // What an embedding page loads (as scripts/check-size.sh counts it): the loader,
        // the hashed glue and wasm, the widget's hashed stylesheet (not its stable copy,
        // not the demo page's stylesheet).
        let group = if name.starts_with("jobs-gallery-") && name.ends_with(".wasm") {
            0
        } else if name.starts_with("jobs-gallery-") && name.ends_with(".js") {
            1
        } else if name.starts_with("jobs-gallery-") && name.ends_with(".css") {
            2
        } else {
            continue;
        };
        let size = |p: PathBuf| {
            std::fs::metadata(&p)
                .map(|m| m.len())
                .with_context(|| format!("{} (release builds ship it)", p.display()))
        };
        let raw = size(dist.join(&name))?;
        let gz = size(dist.join(format!("{name}.gz")))?;
        let br = size(dist.join(format!("{name}.br")))?;
        let g = &mut groups[group];
        g.1.push(name);
        g.2[0] += raw;
        g.2[1] += gz;
        g.2[2] += br;
    }
    let mut out = serde_json::Map::new();
    let mut total = [0u64; 3];
    for (kind, files, [raw, gz, br]) in groups {
        if files.is_empty() {
            bail!("no {kind} file of the widget in {}", dist.display());
        }
        total[0] += raw;
        total[1] += gz;
        total[2] += br;
        out.insert(
            kind.into(),
            json!({ "files": files, "raw": raw, "gzip": gz, "brotli": br }),
        );
    }
    out.insert(
        "total".into(),
        json!({ "raw": total[0], "gzip": total[1], "brotli": total[2] }),
    );
    Ok(Value::Object(out))
}

// ---------------------------------------------------------------------------------
// In-browser helpers

async fn inject_probe(t: &Test) -> Result<()> {
    t.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .await?;
    Ok(())
}

async fn memory(t: &Test) -> Result<Value> {
    // Twice: a first collection can leave garbage that finalizers free.
    for _ in 0..2 {
        t.cdp("HeapProfiler.collectGarbage", json!({})).await?;
    }
    let heap = t.cdp("Runtime.getHeapUsage", json!({})).await?;
    let dom = t.cdp("Memory.getDOMCounters", json!({})).await?;
    let wasm = t.js("const m = window.__bench && window.__bench.wasmMemory; return m ? m.buffer.byteLength : null;", vec![]).await?;
    Ok(json!({
        "js_heap_used": heap["usedSize"],
        "js_heap_total": heap["totalSize"],
        "wasm_memory": wasm,
        "dom_nodes": dom["nodes"],
        "js_event_listeners": dom["jsEventListeners"],
        "documents": dom["documents"],
    }))
}

/// Waits (bounded) until every `<img>` that started loading finished (the first load
/// settled: lazy images near the viewport requested and decoded).
async fn images_settled(t: &Test) -> Result<()> {
    t.wait_until("images to finish loading", secs(20), || async {
        let v = t
            .js(
                "return Array.from(document.images).every(i => i.complete);",
                vec![],
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await
}

const LOAD_TIMING_JS: &str = r#"
const B = window.__bench;
const res = performance.getEntriesByType('resource');
const pick = (f) => { const e = res.find(f); return e ? { name: e.name, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, responseEnd: e.responseEnd, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null; };
const nav = performance.getEntriesByType('navigation')[0];
return {
  t: B.t,
  wasm: pick(e => e.name.endsWith('.wasm')),
  glue: pick(e => /jobs-gallery-[0-9a-f]+\.js$/.test(e.name)),
  loader: pick(e => e.name.endsWith('jobs-gallery-loader.js')),
  jobs: pick(e => e.name.includes('/v1/jobs')),
  nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, transfer: nav.transferSize },
};
"#;

const PAGE_CHANGE_JS: &str = r#"
const done = arguments[arguments.length - 1];
const old = new Set(Array.from(document.querySelectorAll('article[data-job-id]'), a => a.getAttribute('data-job-id')));
const btn = document.querySelector('nav[aria-label="Job pages"] button[aria-label="Next page"]');
if (!btn) { done({ error: 'no Next button' }); return; }
let fired = false;
const obs = new MutationObserver(() => {
  if (fired) return;
  const arts = Array.from(document.querySelectorAll('article[data-job-id]'));
  if (arts.length === 20 && !arts.some(a => old.has(a.getAttribute('data-job-id')))) {
    fired = true;
    const dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      const paint = performance.now();
      const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.name.includes('offset=20')).pop();
      done({ t0, dom, paint, reqStart: e ? e.startTime : null, respEnd: e ? e.responseEnd : null });
    });
  }
});
obs.observe(document.querySelector('.jobs-gallery'), { subtree: true, childList: true, attributes: true });
const t0 = performance.now();
btn.click();
setTimeout(() => { if (!fired) { obs.disconnect(); done({ error: 'no new page within 20 s' }); } }, 20000);
"#;

const PAGE_100_JS: &str = r#"
const done = arguments[arguments.length - 1];
const sel = document.querySelector('.jobs-gallery select');
if (!sel) { done({ error: 'no page size select' }); return; }
let fired = false;
const obs = new MutationObserver(() => {
  if (fired) return;
  if (document.querySelectorAll('article[data-job-id]').length >= 100) {
    fired = true;
    const dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      const paint = performance.now();
      const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.name.includes('limit=100')).pop();
      done({ t0, dom, paint, reqStart: e ? e.startTime : null, respEnd: e ? e.responseEnd : null });
    });
  }
});
obs.observe(document.querySelector('.jobs-gallery'), { subtree: true, childList: true });
const t0 = performance.now();
sel.value = '100';
sel.dispatchEvent(new Event('change', { bubbles: true }));
setTimeout(() => { if (!fired) { obs.disconnect(); done({ error: 'no 100 cards within 20 s' }); } }, 20000);
"#;

/// One first-load run (frozen server, cold profile): load phases, memory after load,
/// a page change, and a page of 100.
async fn load_run(t: Test) -> Result<Value> {
    inject_probe(&t).await?;
    t.open("/").await?;
    t.wait_until("20 cards painted", secs(30), || async {
        let v = t
            .js(
                "return !!(window.__bench && window.__bench.t.paint20 != null);",
                vec![],
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    let raw = t.js(LOAD_TIMING_JS, vec![]).await?;
    let wasm_end = num(&raw, "/wasm/responseEnd");
    let inst_end = num(&raw, "/t/instEnd");
    let jobs_start = num(&raw, "/jobs/start");
    let jobs_end = num(&raw, "/jobs/responseEnd");
    let paint = num(&raw, "/t/paint20");
    let load = json!({
        "download": wasm_end,
        "compile_instantiate": inst_end - wasm_end,
        "start_to_request": jobs_start - inst_end,
        "first_fetch": jobs_end - jobs_start,
        "render": paint - jobs_end,
        "total": paint,
        "html_done": num(&raw, "/nav/responseEnd"),
        "wasm_transfer": num(&raw, "/wasm/transfer"),
    });
    images_settled(&t).await?;
    let mem = memory(&t).await?;

    let change = t.js_async(PAGE_CHANGE_JS, vec![]).await?;
    if let Some(e) = change.get("error") {
        bail!("page change: {e}");
    }
    let page_change = json!({
        "click_to_paint": num(&change, "/paint") - num(&change, "/t0"),
        "click_to_request": num(&change, "/reqStart") - num(&change, "/t0"),
        "fetch": num(&change, "/respEnd") - num(&change, "/reqStart"),
        "render": num(&change, "/paint") - num(&change, "/respEnd"),
    });
    t.wait_idle(PAGE_TIMEOUT).await?;

    let p100 = t.js_async(PAGE_100_JS, vec![]).await?;
    if let Some(e) = p100.get("error") {
        bail!("page of 100: {e}");
    }
    let page_100 = json!({
        "response_to_paint": num(&p100, "/paint") - num(&p100, "/respEnd"),
        "fetch": num(&p100, "/respEnd") - num(&p100, "/reqStart"),
        "change_to_paint": num(&p100, "/paint") - num(&p100, "/t0"),
    });
    Ok(
        json!({ "load": load, "memory_after_load": mem, "page_change": page_change, "page_100": page_100, "raw": raw }),
    )
}

// ---------------------------------------------------------------------------------
// Per-poll runs: one live story job advancing scene by scene

/// The story the per-poll runs watch: a seed whose first live job is a story of 4–6
/// scenes that completes, found in the demo's pure history.
struct Story {
    seed: u64,
    id: String,
    scenes: u32,
    /// Seconds from its arrival to its final state.
    duration: i64,
}

fn pick_story() -> Result<Story> {
    for seed in 1..2000u64 {
        let demo = jobs_gallery_server::Demo::with_options(seed, 0, POLL_RUN_INTERVAL, "");
        let at = |s: i64| demo.history_at(POLL_RUN_INTERVAL + s).into_iter().next();
        let Some(end) = at(120) else { continue };
        let story = matches!(
            &end.result,
            Some(jobs_gallery_server::model::JobResult::Story(_))
        );
        if !story || end.status != "completed" || !(4..=6).contains(&end.scenes_total) {
            continue;
        }
        let duration = (0..120)
            .find(|&s| at(s).is_some_and(|j| j.status == "completed"))
            .unwrap_or(120);
        return Ok(Story {
            seed,
            id: end.job_id,
            scenes: end.scenes_total,
            duration,
        });
    }
    bail!("no seed below 2000 has a 4-6 scene story as its first live job")
}

const POLLS_JS: &str = r#"
const B = window.__bench;
return { polls: B.polls, between: B.between, clocks: B.clocks, media: B.media, mediaAtWatch: B.mediaAtWatch, watchT: B.watchT, now: performance.now() };
"#;

async fn poll_run(t: Test, size: usize, story: Arc<Story>) -> Result<Value> {
    inject_probe(&t).await?;
    let size_s = size.to_string();
    let active = POLL_RUN_ACTIVE_MS.to_string();
    // Idle polls at the same pace: the page has no active job until the story arrives.
    t.open_page(&[
        ("data-api-key", "dpct_demo"),
        ("data-page-size", &size_s),
        ("data-poll-active-ms", &active),
        ("data-poll-idle-ms", &active),
    ])
    .await?;
    t.wait_count("article[data-job-id]", size, PAGE_TIMEOUT)
        .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    images_settled(&t).await?;
    let media_log_before = t.requests("/media/").len();
    let jobs_log_before = t.requests("/v1/jobs").len();
    t.js("window.__bench.startWatch(); return true;", vec![])
        .await?;
    let card = format!("article[data-job-id=\"{}\"]", story.id);
    let bound = secs((POLL_RUN_LEAD + story.duration + 30) as u64);
    t.wait_element(&card, bound)
        .await
        .context("the live story's card")?;
    t.wait_until("the story to finish", bound, || async {
        let v = t.js(&format!("const a = document.querySelector('{}'); return a ? a.getAttribute('data-status') : null;", card.replace('\'', "\\'")), vec![]).await?;
        Ok(matches!(v.as_str(), Some("completed") | Some("failed")).then_some(()))
    })
    .await?;
    // Let the poll that brought the final state close (its next task).
    t.wait_until("the last poll to close", secs(5), || async {
        let v = t.js("const p = window.__bench.polls; return p.length > 0 && performance.now() - p[p.length - 1].t > 200;", vec![]).await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    images_settled(&t).await?;
    let data = t.js(POLLS_JS, vec![]).await?;
    let media_log = t.requests("/media/").len() - media_log_before;
    let jobs_log = t.requests("/v1/jobs").len() - jobs_log_before;
    Ok(summarize_polls(&data, media_log, jobs_log, size))
}

fn summarize_polls(data: &Value, media_log: usize, jobs_log: usize, size: usize) -> Value {
    let polls = data["polls"].as_array().cloned().unwrap_or_default();
    let len = |p: &Value, k: &str| p[k].as_array().map_or(0, Vec::len);
    let mut one_change = Vec::new();
    let mut advance = Vec::new();
    let mut transition = Vec::new();
    let mut one_change_detail: Vec<Value> = Vec::new();
    let (mut quiet, mut arrivals, mut multi) = (0, 0, 0);
    let (mut unchanged, mut unchanged_active, mut unchanged_clock, mut replaced, mut outside) =
        (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut unchanged_detail = Vec::new();
    let mut quiet_unchanged = 0.0;
    for p in &polls {
        let changed = len(p, "changed");
        let added = len(p, "added") + len(p, "removed");
        unchanged += num(p, "/inUnchanged");
        unchanged_active += num(p, "/unchangedActive");
        unchanged_clock += num(p, "/unchangedClock");
        replaced += num(p, "/replaced");
        outside += num(p, "/outside");
        if let Some(d) = p["unchangedDetail"].as_array() {
            unchanged_detail.extend(d.iter().take(10).cloned());
        }
        if added > 0 {
            arrivals += 1;
        } else if changed == 1 {
            one_change.push(num(p, "/inChanged"));
            if p["transition"] == json!(true) {
                transition.push(num(p, "/inChanged"));
            } else {
                advance.push(num(p, "/inChanged"));
            }
            one_change_detail.push(json!({ "status": p["statuses"][0], "transition": p["transition"], "records": p["inChanged"], "clock_records": p["changedClock"], "what": p["changedDetail"] }));
        } else if changed == 0 {
            quiet += 1;
            quiet_unchanged += num(p, "/inChanged");
        } else {
            multi += 1;
        }
    }
    // Clock ticks on finished cards: the most any one clock (card + its <time>) ticked
    // within a minute.
    let mut max_ticks_per_min = 0usize;
    if let Some(clocks) = data["clocks"].as_object() {
        for ticks in clocks.values() {
            let ts: Vec<f64> = ticks
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .collect();
            for (i, &t0) in ts.iter().enumerate() {
                let n = ts[i..].iter().take_while(|&&t| t - t0 < 60_000.0).count();
                max_ticks_per_min = max_ticks_per_min.max(n);
            }
        }
    }
    let watched_s = (num(data, "/now") - num(data, "/watchT")) / 1000.0;
    let max_changed = one_change.iter().copied().fold(f64::NAN, f64::max);
    json!({
        "cards": size,
        "watched_s": round(watched_s),
        "polls": polls.len(),
        "polls_in_server_log": jobs_log,
        "polls_one_job_changed": one_change.len(),
        "polls_nothing_changed": quiet,
        "polls_new_job_arrived": arrivals,
        "polls_several_changed": multi,
        "changed_card_records": stats(&one_change),
        "changed_card_records_max": max_changed,
        "advance_polls": advance.len(),
        "advance_records_max": advance.iter().copied().fold(f64::NAN, f64::max),
        "advance_records": stats(&advance),
        "transition_polls": transition.len(),
        "transition_records_max": transition.iter().copied().fold(f64::NAN, f64::max),
        "transition_records": transition,
        "changed_card_detail": one_change_detail,
        "unchanged_finished_card_records": unchanged,
        "unchanged_finished_card_detail": unchanged_detail,
        "unchanged_active_card_records": unchanged_active,
        "records_outside_cards": outside,
        "clock_tick_records_at_polls": unchanged_clock,
        "clock_tick_records_between_polls": data["between"]["clock"],
        "finished_card_records_between_polls_not_clock": data["between"]["other"],
        "finished_card_records_between_polls_detail": data["between"]["otherDetail"],
        "max_ticks_per_clock_per_minute": max_ticks_per_min,
        "replaced_cards": replaced,
        "image_rerequests": data["media"]["repeat"],
        "image_rerequest_urls": data["media"]["repeatUrls"],
        "new_image_requests": data["media"]["fresh"],
        "media_requests_in_server_log": media_log,
        "quiet_poll_records_total": quiet_unchanged,
    })
}

// ---------------------------------------------------------------------------------
// Live memory run: many polls of a page whose jobs keep arriving and changing

async fn live_run(t: Test, polls: usize) -> Result<Value> {
    inject_probe(&t).await?;
    let active = LIVE_ACTIVE_MS.to_string();
    t.open_page(&[
        ("data-api-key", "dpct_demo"),
        ("data-page-size", "20"),
        ("data-poll-active-ms", &active),
        ("data-poll-idle-ms", "1000"),
    ])
    .await?;
    t.wait_count("article[data-job-id]", 20, PAGE_TIMEOUT)
        .await?;
    t.wait_idle(PAGE_TIMEOUT).await?;
    images_settled(&t).await?;
    let after_load = memory(&t).await?;
    let n0 = t.requests("/v1/jobs").len();
    let started = Instant::now();
    let mut checkpoints = Vec::new();
    let step = (polls / 5).max(1);
    let mut done = 0;
    while done < polls {
        done = (done + step).min(polls);
        // A poll every LIVE_ACTIVE_MS plus the request; bounded at 4× that.
        let bound = Duration::from_millis((step as u64) * u64::from(LIVE_ACTIVE_MS) * 4 + 30_000);
        t.wait_requests("/v1/jobs", n0 + done, bound).await?;
        let mut m = memory(&t).await?;
        m["polls"] = json!(done);
        m["elapsed_s"] = json!(round(started.elapsed().as_secs_f64()));
        eprintln!("bench:   live: {done} polls, {m}");
        checkpoints.push(m);
    }
    let after = checkpoints.last().cloned().unwrap_or(Value::Null);
    let growth = |k: &str| {
        after[k].as_f64().unwrap_or(f64::NAN) - after_load[k].as_f64().unwrap_or(f64::NAN)
    };

    // Hidden tab: a second tab in front hides this one.
    let first = t.client.window().await?;
    let before_hidden = t.requests("/v1/jobs").len();
    let other = t.client.new_window(true).await?;
    t.client.switch_to_window(other.handle.clone()).await?;
    t.client.goto("about:blank").await?;
    let hidden_from = Instant::now();
    tokio::time::sleep(secs(HIDDEN_SECS)).await; // the measured window, not a wait for a condition
    let in_hidden_log = t.requests("/v1/jobs").len() - before_hidden;
    let hidden_for = hidden_from.elapsed().as_secs_f64();
    t.client.close_window().await?;
    t.client.switch_to_window(first).await?;
    // Coming back refreshes at once.
    let back = Instant::now();
    let back_n = t.requests("/v1/jobs").len();
    let refreshed = t
        .wait_requests("/v1/jobs", back_n + 1, secs(10))
        .await
        .is_ok();
    let refresh_after = back.elapsed().as_secs_f64();
    let vis = t
        .js(
            r#"const B = window.__bench; const h = B.vis.find(v => v.state === 'hidden'); const v = h && B.vis.find(x => x.state === 'visible' && x.t > h.t);
               const reqs = h && v ? performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/jobs') && e.startTime > h.t && e.startTime < v.t).length : null;
               return { events: B.vis, hidden_at: h ? h.t : null, visible_at: v ? v.t : null, requests_started_while_hidden: reqs };"#,
            vec![],
        )
        .await?;
    Ok(json!({
        "polls": polls,
        "memory_after_load": after_load,
        "checkpoints": checkpoints,
        "growth": {
            "js_heap_used": growth("js_heap_used"),
            "wasm_memory": growth("wasm_memory"),
            "dom_nodes": growth("dom_nodes"),
            "js_event_listeners": growth("js_event_listeners"),
        },
        "hidden": {
            "seconds": round(hidden_for),
            "page_saw_hidden": vis["hidden_at"].is_number(),
            "requests_started_while_hidden": vis["requests_started_while_hidden"],
            "requests_logged_while_hidden": in_hidden_log,
            "refreshed_on_return": refreshed,
            "refresh_after_s": round(refresh_after),
            "visibility_events": vis["events"],
        },
    }))
}

// ---------------------------------------------------------------------------------
// Running

/// Runs `body` in a fresh server + browser session; a failure is reported, not fatal.
async fn session<F, Fut>(name: String, server_args: Vec<String>, body: F) -> Option<Value>
where
    F: FnOnce(Test) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Value>> + 'static,
{
    let slot = Arc::new(Mutex::new(None));
    let out = slot.clone();
    let task_name = name.clone();
    // A local task: a failed run panics (the harness saves its artifacts), which the
    // join handle turns into an error for this run only.
    let joined = tokio::task::spawn_local(async move {
        run_with(
            &task_name,
            Options {
                server_args,
                ..Options::default()
            },
            |t| async move {
                let v = body(t).await?;
                *out.lock().unwrap() = Some(v);
                Ok(())
            },
        )
        .await
    })
    .await;
    if let Err(e) = joined {
        eprintln!("bench: {name} failed: {e}");
    }
    let v = slot.lock().unwrap().take();
    v
}

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let version = Command::new(&chromium)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    json!({ "nproc": nproc, "cpu": cpu, "chromium": version })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(tokio::task::LocalSet::new().run_until(run(args)))
}

async fn run(args: Args) -> Result<()> {
    let began = Instant::now();
    let machine = machine();
    eprintln!("bench: {machine}");
    let transfer = transfer(&args.dist)?;
    eprintln!("bench: transfer {transfer}");

    let mut loads = Vec::new();
    for i in 0..args.runs {
        let frozen = jobs_gallery_e2e::frozen_args();
        if let Some(v) = session(format!("bench-load-{i}"), frozen, load_run).await {
            eprintln!("bench: load run {}/{}: {}", i + 1, args.runs, v["load"]);
            loads.push(v);
        }
    }
    if loads.is_empty() {
        bail!("every load run failed (see e2e/artifacts/bench-load-*.log)");
    }

    let story = Arc::new(pick_story()?);
    eprintln!(
        "bench: per-poll story: seed {} job {} ({} scenes, {} s)",
        story.seed, story.id, story.scenes, story.duration
    );
    let mut per_poll = serde_json::Map::new();
    for size in [20usize, 100] {
        let mut runs = Vec::new();
        for i in 0..args.poll_runs {
            let server_args = vec![
                "--seed".into(),
                story.seed.to_string(),
                "--start".into(),
                (unix_now() - POLL_RUN_INTERVAL + POLL_RUN_LEAD).to_string(),
                "--live-interval".into(),
                POLL_RUN_INTERVAL.to_string(),
            ];
            let story = story.clone();
            if let Some(v) = session(format!("bench-polls-{size}-{i}"), server_args, move |t| {
                poll_run(t, size, story)
            })
            .await
            {
                eprintln!(
                    "bench: per-poll {size} cards run {}/{}: {} polls, changed card {} records (max), unchanged {} , replaced {}, image re-requests {}",
                    i + 1,
                    args.poll_runs,
                    v["polls"],
                    v["changed_card_records_max"],
                    v["unchanged_finished_card_records"],
                    v["replaced_cards"],
                    v["image_rerequests"]
                );
                runs.push(v);
            }
        }
        per_poll.insert(size.to_string(), Value::Array(runs));
    }

    let mut lives = Vec::new();
    for i in 0..args.live_runs {
        let polls = args.live_polls;
        let server_args = vec!["--live-interval".into(), "1".into()];
        if let Some(v) = session(format!("bench-live-{i}"), server_args, move |t| {
            live_run(t, polls)
        })
        .await
        {
            eprintln!(
                "bench: live run {}/{}: growth {} hidden {}",
                i + 1,
                args.live_runs,
                v["growth"],
                v["hidden"]
            );
            lives.push(v);
        }
    }

    let report = build_report(
        &args,
        machine,
        transfer,
        &loads,
        &per_poll,
        &lives,
        &story,
        began.elapsed(),
    );
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(
        args.out.join("latest.json"),
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    let table = markdown(&report);
    std::fs::write(args.out.join("latest.md"), &table)?;
    println!("{table}");
    eprintln!(
        "bench: wrote {} and latest.md in {:.0} s",
        args.out.join("latest.json").display(),
        began.elapsed().as_secs_f64()
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn build_report(
    args: &Args,
    machine: Value,
    transfer: Value,
    loads: &[Value],
    per_poll: &serde_json::Map<String, Value>,
    lives: &[Value],
    story: &Story,
    took: Duration,
) -> Value {
    let mut polls = serde_json::Map::new();
    for (size, runs) in per_poll {
        let runs = runs.as_array().cloned().unwrap_or_default();
        let sum = |k: &str| runs.iter().map(|r| num(r, &format!("/{k}"))).sum::<f64>();
        let max = |k: &str| {
            runs.iter()
                .map(|r| num(r, &format!("/{k}")))
                .fold(f64::NAN, f64::max)
        };
        polls.insert(
            size.clone(),
            json!({
                "runs": runs.len(),
                "polls": over(&runs, "/polls"),
                "polls_one_job_changed": over(&runs, "/polls_one_job_changed"),
                "changed_card_records_median": over(&runs, "/changed_card_records/median"),
                "changed_card_records_max": over(&runs, "/changed_card_records_max"),
                "advance_polls": over(&runs, "/advance_polls"),
                "advance_records_median": over(&runs, "/advance_records/median"),
                "advance_records_max": over(&runs, "/advance_records_max"),
                "transition_polls": over(&runs, "/transition_polls"),
                "transition_records_max": over(&runs, "/transition_records_max"),
                "unchanged_finished_card_records_total": sum("unchanged_finished_card_records") + sum("finished_card_records_between_polls_not_clock"),
                "clock_tick_records_total": sum("clock_tick_records_at_polls") + sum("clock_tick_records_between_polls"),
                "max_ticks_per_clock_per_minute": max("max_ticks_per_clock_per_minute"),
                "replaced_cards_total": sum("replaced_cards"),
                "image_rerequests_total": sum("image_rerequests"),
                "polls_several_changed_total": sum("polls_several_changed"),
                "each_run": runs,
            }),
        );
    }
    let hidden_requests = lives
        .iter()
        .map(|l| {
            num(l, "/hidden/requests_started_while_hidden")
                .max(num(l, "/hidden/requests_logged_while_hidden"))
        })
        .fold(0.0, f64::max);
    let hidden_ok = !lives.is_empty()
        && lives
            .iter()
            .all(|l| l["hidden"]["page_saw_hidden"] == json!(true));
    let get = |size: &str, k: &str| {
        polls
            .get(size)
            .map(|p| p.pointer(k).and_then(Value::as_f64).unwrap_or(f64::NAN))
            .unwrap_or(f64::NAN)
    };
    let worst = |k: &str| {
        ["20", "100"]
            .iter()
            .map(|s| get(s, k))
            .fold(f64::NAN, f64::max)
    };
    let targets = json!({
        "changed_card_records_at_most_6_scene_advance": { "value": worst("/advance_records_max/max"), "met": worst("/advance_records_max/max") <= 6.0 },
        "changed_card_records_at_most_6_status_change": { "value": worst("/transition_records_max/max"), "met": worst("/transition_records_max/max") <= 6.0 },
        "unchanged_finished_cards_no_records": { "value": worst("/unchanged_finished_card_records_total"), "met": worst("/unchanged_finished_card_records_total") == 0.0 },
        "finished_clocks_tick_at_most_once_a_minute": { "value": worst("/max_ticks_per_clock_per_minute"), "met": worst("/max_ticks_per_clock_per_minute") <= 1.0 },
        "no_replaced_card": { "value": worst("/replaced_cards_total"), "met": worst("/replaced_cards_total") == 0.0 },
        "no_image_rerequest": { "value": worst("/image_rerequests_total"), "met": worst("/image_rerequests_total") == 0.0 },
        "no_request_while_hidden": { "value": hidden_requests, "met": hidden_ok && hidden_requests == 0.0 },
        "first_load_gzip_at_most_100kb": { "value": transfer["total"]["gzip"], "met": transfer["total"]["gzip"].as_f64().unwrap_or(f64::MAX) <= 100_000.0 },
    });
    let live_growth = |k: &str| {
        stats(
            &lives
                .iter()
                .map(|l| num(l, &format!("/growth/{k}")))
                .collect::<Vec<_>>(),
        )
    };
    json!({
        "generated_unix": unix_now(),
        "took_s": took.as_secs(),
        "machine": machine,
        "settings": {
            "runs": args.runs,
            "poll_runs": args.poll_runs,
            "live_polls": args.live_polls,
            "live_runs": args.live_runs,
            "poll_run_active_ms": POLL_RUN_ACTIVE_MS,
            "live_active_ms": LIVE_ACTIVE_MS,
            "hidden_s": HIDDEN_SECS,
            "story": { "seed": story.seed, "job_id": story.id, "scenes": story.scenes, "seconds": story.duration },
        },
        "transfer": transfer,
        "load_ms": {
            "download": over(loads, "/load/download"),
            "compile_instantiate": over(loads, "/load/compile_instantiate"),
            "start_to_request": over(loads, "/load/start_to_request"),
            "first_fetch": over(loads, "/load/first_fetch"),
            "render": over(loads, "/load/render"),
            "total": over(loads, "/load/total"),
        },
        "page_100_ms": {
            "response_to_paint": over(loads, "/page_100/response_to_paint"),
            "fetch": over(loads, "/page_100/fetch"),
        },
        "page_change_ms": {
            "click_to_paint": over(loads, "/page_change/click_to_paint"),
            "click_to_request": over(loads, "/page_change/click_to_request"),
            "fetch": over(loads, "/page_change/fetch"),
            "render": over(loads, "/page_change/render"),
        },
        "memory_after_load": {
            "js_heap_used": over(loads, "/memory_after_load/js_heap_used"),
            "wasm_memory": over(loads, "/memory_after_load/wasm_memory"),
            "dom_nodes": over(loads, "/memory_after_load/dom_nodes"),
            "js_event_listeners": over(loads, "/memory_after_load/js_event_listeners"),
        },
        "live": {
            "runs": lives,
            "growth": {
                "js_heap_used": live_growth("js_heap_used"),
                "wasm_memory": live_growth("wasm_memory"),
                "dom_nodes": live_growth("dom_nodes"),
                "js_event_listeners": live_growth("js_event_listeners"),
            },
        },
        "per_poll": polls,
        "targets": targets,
        "load_runs": loads,
    })
}

// ---------------------------------------------------------------------------------
// The table

fn f(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "–".into(),
    }
}

fn kb(v: &Value) -> String {
    v.as_f64()
        .map_or("–".into(), |x| format!("{:.1}", x / 1000.0))
}

fn mb(v: &Value) -> String {
    v.as_f64()
        .map_or("–".into(), |x| format!("{:.2}", x / 1_000_000.0))
}

/// "median (min–max)"
fn mmm(s: &Value, unit: impl Fn(&Value) -> String) -> String {
    format!(
        "{} ({}–{})",
        unit(&s["median"]),
        unit(&s["min"]),
        unit(&s["max"])
    )
}

fn markdown(r: &Value) -> String {
    let m = &r["machine"];
    let s = &r["settings"];
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(format!(
        "Machine: {} × {} (nproc {}), {}; release build; figures are median (min–max) of {} cold loads, {} per-poll runs per page size, {} live run(s) of {} polls.",
        m["nproc"], m["cpu"].as_str().unwrap_or("?"), m["nproc"], m["chromium"].as_str().unwrap_or("?"),
        s["runs"], s["poll_runs"], s["live_runs"], s["live_polls"]
    ));
    line(String::new());
    line("| first-load transfer | raw KB | gzip KB | brotli KB |".into());
    line("|---|---:|---:|---:|".into());
    for k in ["wasm", "js", "css", "total"] {
        let t = &r["transfer"][k];
        line(format!(
            "| {k} | {} | {} | {} |",
            kb(&t["raw"]),
            kb(&t["gzip"]),
            kb(&t["brotli"])
        ));
    }
    line(String::new());
    line("| time (ms) | median (min–max) |".into());
    line("|---|---|".into());
    let l = &r["load_ms"];
    for (k, label) in [
        ("download", "load: download (navigation → wasm responseEnd)"),
        (
            "compile_instantiate",
            "load: wasm compile + instantiate (after download)",
        ),
        ("start_to_request", "load: start → first request"),
        ("first_fetch", "load: first fetch (/v1/jobs)"),
        ("render", "load: render (response → frame with 20 cards)"),
        ("total", "load: navigation → 20 cards painted"),
    ] {
        line(format!("| {label} | {} |", mmm(&l[k], f)));
    }
    line(format!(
        "| page of 100: response → frame with 100 cards | {} |",
        mmm(&r["page_100_ms"]["response_to_paint"], f)
    ));
    line(format!(
        "| page change 20 → next 20: click → paint | {} |",
        mmm(&r["page_change_ms"]["click_to_paint"], f)
    ));
    line(format!(
        "| … of which fetch | {} |",
        mmm(&r["page_change_ms"]["fetch"], f)
    ));
    line(format!(
        "| … of which render (response → paint) | {} |",
        mmm(&r["page_change_ms"]["render"], f)
    ));
    line(String::new());
    line("| memory | after load | growth over the live run |".into());
    line("|---|---|---|".into());
    let ml = &r["memory_after_load"];
    let g = &r["live"]["growth"];
    line(format!(
        "| JS heap used (MB) | {} | {} |",
        mmm(&ml["js_heap_used"], mb),
        mmm(&g["js_heap_used"], mb)
    ));
    line(format!(
        "| wasm linear memory (MB) | {} | {} |",
        mmm(&ml["wasm_memory"], mb),
        mmm(&g["wasm_memory"], mb)
    ));
    line(format!(
        "| DOM nodes | {} | {} |",
        mmm(&ml["dom_nodes"], f),
        mmm(&g["dom_nodes"], f)
    ));
    line(format!(
        "| JS event listeners | {} | {} |",
        mmm(&ml["js_event_listeners"], f),
        mmm(&g["js_event_listeners"], f)
    ));
    line(String::new());
    line("| per poll, one job changing | 20 cards | 100 cards |".into());
    line("|---|---|---|".into());
    let p = |size: &str, k: &str| r["per_poll"][size][k].clone();
    let row = |label: &str, k: &str, stat: bool| {
        let cell = |size: &str| {
            if stat {
                mmm(&p(size, k), f)
            } else {
                f(&p(size, k))
            }
        };
        format!("| {label} | {} | {} |", cell("20"), cell("100"))
    };
    let mut rows = vec![
        row("polls watched per run", "polls", true),
        row(
            "polls with one job changed, per run",
            "polls_one_job_changed",
            true,
        ),
        row(
            "… of which a scene advanced (same status)",
            "advance_polls",
            true,
        ),
        row(
            "records in the changed card, scene advanced: median",
            "advance_records_median",
            true,
        ),
        row(
            "records in the changed card, scene advanced: max",
            "advance_records_max",
            true,
        ),
        row(
            "… status changed (pending → processing → completed)",
            "transition_polls",
            true,
        ),
        row(
            "records in the changed card, status changed: max",
            "transition_records_max",
            true,
        ),
        row(
            "records in unchanged finished cards (all runs)",
            "unchanged_finished_card_records_total",
            false,
        ),
        row(
            "clock-tick records in finished cards (all runs)",
            "clock_tick_records_total",
            false,
        ),
        row(
            "most ticks of one clock in a minute",
            "max_ticks_per_clock_per_minute",
            false,
        ),
        row("replaced cards (all runs)", "replaced_cards_total", false),
        row(
            "image re-requests (all runs)",
            "image_rerequests_total",
            false,
        ),
    ];
    for r in rows.drain(..) {
        line(r);
    }
    let lives = r["live"]["runs"].as_array().cloned().unwrap_or_default();
    let hidden = lives
        .first()
        .map(|l| l["hidden"].clone())
        .unwrap_or(Value::Null);
    line(format!(
        "| requests while the tab was hidden ({} s, tab seen hidden: {}) | {} | |",
        f(&hidden["seconds"]),
        hidden["page_saw_hidden"],
        f(&r["targets"]["no_request_while_hidden"]["value"])
    ));
    line(String::new());
    line("| target | value | met |".into());
    line("|---|---|---|".into());
    if let Some(t) = r["targets"].as_object() {
        for (k, v) in t {
            line(format!(
                "| {} | {} | {} |",
                k.replace('_', " "),
                f(&v["value"]),
                if v["met"] == json!(true) {
                    "yes"
                } else {
                    "**no**"
                }
            ));
        }
    }
    out
}
