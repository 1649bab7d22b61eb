//! latest.md: the table of a run's results, with the commit, the date and the machine,
//! every figure read from the [`Report`] (and Lighthouse's from lighthouse.json).

use crate::clock::utc_minute;
use crate::lighthouse::Lighthouse;
use crate::measure::cls::{ClsPages, ClsRun, Page, VIEWPORTS};
use crate::measure::floor::{Conditions, SpanStats, SplitStats, VersusFloor};
use crate::measure::per_poll::PollSummary;
use crate::report::Report;
use crate::stats::Stats;
use crate::targets::Figure;

/// To 0.1, whole numbers without a decimal; "–" where nothing was measured.
fn num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "–".into(),
    }
}

/// A layout shift score to 0.0001 (0 only where nothing shifted); "–" where nothing
/// was measured.
fn score(v: Option<f64>) -> String {
    match v {
        Some(0.0) => "0".into(),
        Some(x) if x < 0.0001 => "< 0.0001".into(),
        Some(x) => format!("{x:.4}"),
        None => "–".into(),
    }
}

fn kb(v: Option<f64>) -> String {
    v.map_or("–".into(), |x| format!("{:.1}", x / 1000.0))
}

fn mb(v: Option<f64>) -> String {
    v.map_or("–".into(), |x| format!("{:.2}", x / 1_000_000.0))
}

/// "median (min–max)"
fn mmm(s: &Stats, unit: fn(Option<f64>) -> String) -> String {
    format!("{} ({}–{})", unit(s.median), unit(s.min), unit(s.max))
}

/// What the run was of: its date and commit.
fn provenance(r: &Report) -> String {
    let commit = match &r.commit {
        Some(c) if r.uncommitted_changes => {
            format!("at commit {} with uncommitted changes", short(c))
        }
        Some(c) => format!("at commit {}", short(c)),
        None => "at an unrecorded commit".into(),
    };
    format!(
        "Benchmark run of {} {commit} (`bash scripts/bench.sh`). Written by the benchmark from latest.json: do not edit by hand.",
        utc_minute(r.generated_unix)
    )
}

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

pub fn markdown(r: &Report, lighthouse: Option<&Lighthouse>) -> String {
    let m = &r.machine;
    let s = &r.settings;
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(provenance(r));
    line(String::new());
    line(format!(
        "Machine: {} × {} (nproc {}), {}; release build; figures are median (min–max) of {} cold loads, {} per-poll runs per page size, {} live run(s) of {} polls.",
        m.nproc, m.cpu, m.nproc, m.chromium, s.runs, s.poll_runs, s.live_runs, s.live_polls
    ));
    line(String::new());
    line("| first-load transfer | raw KB | gzip KB | brotli KB |".into());
    line("|---|---:|---:|---:|".into());
    let t = &r.transfer;
    for (kind, b) in [
        ("wasm", t.wasm.bytes),
        ("js", t.js.bytes),
        ("css", t.css.bytes),
        ("total", t.total),
    ] {
        let kb = |x: u64| kb(Some(x as f64));
        line(format!(
            "| {kind} | {} | {} | {} |",
            kb(b.raw),
            kb(b.gzip),
            kb(b.brotli)
        ));
    }
    line(String::new());
    line("| time (ms) | median (min–max) |".into());
    line("|---|---|".into());
    let l = &r.load_ms;
    let pc = &r.page_change_ms;
    for (label, stats) in [
        (
            "load: download (navigation → wasm responseEnd)",
            &l.download,
        ),
        (
            "load: wasm compile + instantiate (after download)",
            &l.compile_instantiate,
        ),
        ("load: start → first request", &l.start_to_request),
        ("load: first fetch (/v1/jobs)", &l.first_fetch),
        ("load: render (response → frame with 20 cards)", &l.render),
        ("load: navigation → 20 cards painted", &l.total),
        (
            "page of 100: response → frame with 100 cards",
            &r.page_100_ms.response_to_paint,
        ),
        (
            "page change 20 → next 20: click → paint",
            &pc.click_to_paint,
        ),
        ("… of which fetch", &pc.fetch),
        ("… of which render (response → paint)", &pc.render),
    ] {
        line(format!("| {label} | {} |", mmm(stats, num)));
    }
    if let Some(v) = &r.versus_floor {
        line(String::new());
        for l in versus_floor(v, s.runs, s.mobile_runs) {
            line(l);
        }
    }
    if let Some(lh) = lighthouse {
        line(String::new());
        for l in lighthouse_table(lh) {
            line(l);
        }
    }
    line(String::new());
    line("| memory | after load | growth over the live run |".into());
    line("|---|---|---|".into());
    let (after, growth) = (&r.memory_after_load, &r.live.growth);
    for (label, unit, a, g) in [
        (
            "JS heap used (MB)",
            mb as fn(_) -> _,
            &after.js_heap_used,
            &growth.js_heap_used,
        ),
        (
            "wasm linear memory (MB)",
            mb,
            &after.wasm_memory,
            &growth.wasm_memory,
        ),
        ("DOM nodes", num, &after.dom_nodes, &growth.dom_nodes),
        (
            "JS event listeners",
            num,
            &after.js_event_listeners,
            &growth.js_event_listeners,
        ),
    ] {
        line(format!("| {label} | {} | {} |", mmm(a, unit), mmm(g, unit)));
    }
    line(String::new());
    line("| per poll, one job changing | 20 cards | 100 cards |".into());
    line("|---|---|---|".into());
    let sizes = [&r.per_poll.cards_20, &r.per_poll.cards_100];
    let per_run = |label: &str, f: fn(&PollSummary) -> &Stats| {
        let [a, b] = sizes.map(|p| mmm(f(p), num));
        format!("| {label} | {a} | {b} |")
    };
    let all_runs = |label: &str, f: fn(&PollSummary) -> Option<f64>| {
        let [a, b] = sizes.map(|p| num(f(p)));
        format!("| {label} | {a} | {b} |")
    };
    for row in [
        per_run("polls watched per run", |p| &p.polls),
        per_run("polls with one job changed, per run", |p| {
            &p.polls_one_job_changed
        }),
        per_run("… of which a scene advanced (same status)", |p| {
            &p.advance_polls
        }),
        per_run("records in the changed card, scene advanced: median", |p| {
            &p.advance_records_median
        }),
        per_run("records in the changed card, scene advanced: max", |p| {
            &p.advance_records_max
        }),
        per_run(
            "… status changed (pending → processing → completed)",
            |p| &p.transition_polls,
        ),
        per_run("records in the changed card, status changed: max", |p| {
            &p.transition_records_max
        }),
        all_runs("records in unchanged finished cards (all runs)", |p| {
            Some(p.unchanged_finished_card_records_total)
        }),
        all_runs("clock-tick records in finished cards (all runs)", |p| {
            Some(p.clock_tick_records_total)
        }),
        all_runs("most ticks of one clock in a minute", |p| {
            p.max_ticks_per_clock_per_minute
        }),
        all_runs("replaced cards (all runs)", |p| {
            Some(p.replaced_cards_total)
        }),
        all_runs("image re-requests (all runs)", |p| {
            Some(p.image_rerequests_total)
        }),
    ] {
        line(row);
    }
    let hidden = r.live.runs.first().map(|l| &l.hidden);
    line(format!(
        "| requests while the tab was hidden ({} s, tab seen hidden: {}) | {} | |",
        num(hidden.map(|h| h.seconds)),
        hidden.map_or("–".into(), |h| h.page_saw_hidden.to_string()),
        num(r.targets.no_request_while_hidden.value)
    ));
    if let Some(cls) = &r.cls {
        line(String::new());
        for l in layout_shift(cls, s.cls_s) {
            line(l);
        }
    }
    line(String::new());
    line("| target | value | met |".into());
    line("|---|---|---|".into());
    for (name, t, figure) in r.targets.named() {
        let met = if t.met { "yes" } else { "**no**" };
        let value = match figure {
            Figure::Amount => num(t.value),
            Figure::Shift => score(t.value),
            Figure::Ratio => times(t.value),
        };
        line(format!("| {name} | {value} | {met} |"));
    }
    out
}

/// "median (min–max)", or "–" where no run measured it.
fn measured(s: &Stats) -> String {
    if s.n == 0 {
        "–".into()
    } else {
        mmm(s, num)
    }
}

/// A multiple, to 0.01: "1.93×"; "–" where nothing was measured.
fn times(v: Option<f64>) -> String {
    v.map_or("–".into(), |x| format!("{x:.2}×"))
}

/// "150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4, 412 × 915 phone"
fn conditions(c: &Conditions) -> String {
    format!(
        "{} ms added to every request, {} Mbit/s down, {} kbit/s up, CPU ×{}, {} × {}{}",
        num(Some(c.latency_ms)),
        num(Some(c.download_bytes_per_s * 8.0 / 1e6)),
        num(Some(c.upload_bytes_per_s * 8.0 / 1e3)),
        num(Some(c.cpu_slowdown)),
        c.width,
        c.height,
        if c.mobile { " phone" } else { "" }
    )
}

/// The widget against the floor: the ratios, then the split of every page's load.
fn versus_floor(v: &VersusFloor, runs: usize, mobile_runs: Option<usize>) -> Vec<String> {
    let mut lines = vec![
        "| first cards painted (ms), against the floor | page | floor | ratio | target |".into(),
        "|---|---|---|---:|---:|".into(),
    ];
    let mut row = |label: &str, page: &Stats, floor: &Stats, ratio: Option<f64>, target: &str| {
        lines.push(format!(
            "| {label} | {} | {} | {} | ≤ {target} |",
            measured(page),
            measured(floor),
            times(ratio)
        ));
    };
    let (lo, ratios) = (&v.loopback, &v.ratios);
    row(
        "loopback, unthrottled: standalone page, cold",
        &lo.widget.cold.total,
        &lo.floor.cold.total,
        ratios.loopback,
        "1.5×",
    );
    let mut columns: Vec<(&str, &SplitStats)> = vec![
        ("loopback: standalone", &lo.widget.cold),
        ("loopback: floor", &lo.floor.cold),
    ];
    if let Some(m) = &v.mobile {
        let none = SplitStats::default();
        let embed = m.embed.as_ref().map_or(&none.total, |e| &e.cold.total);
        let repeat =
            |s: &Option<SplitStats>| s.as_ref().map_or(none.total.clone(), |r| r.total.clone());
        let (floor, floor_repeat) = (&m.floor.cold.total, repeat(&m.floor.repeat));
        row(
            "mobile: standalone page, cold",
            &m.widget.cold.total,
            floor,
            ratios.mobile_standalone,
            "2×",
        );
        row(
            "mobile: embed page, its first gallery's 6 cards, cold",
            embed,
            floor,
            ratios.mobile_embed,
            "2×",
        );
        row(
            "mobile: standalone page, repeat visit",
            &repeat(&m.widget.repeat),
            &floor_repeat,
            ratios.mobile_repeat,
            "1.3×",
        );
        columns.push(("mobile: standalone", &m.widget.cold));
        if let Some(e) = &m.embed {
            columns.push(("mobile: embed", &e.cold));
        }
        columns.push(("mobile: floor", &m.floor.cold));
        for (label, loads) in [
            ("mobile, again: standalone", &m.widget),
            ("mobile, again: floor", &m.floor),
        ] {
            if let Some(r) = &loads.repeat {
                columns.push((label, r));
            }
        }
    }
    lines.push(String::new());
    lines.push(match v.mobile.as_ref().and_then(|m| m.conditions.as_ref()) {
        Some(c) => format!(
            "Loopback: the {runs} cold loads above, each followed by one of the floor. Mobile: {}; {} round(s) of a cold load of the standalone page, the floor and the embed page, in turn, each in a fresh browser; \"again\" is a second visit in the same browser, its files cached.",
            conditions(c),
            mobile_runs.map_or("–".into(), |n| n.to_string())
        ),
        None => format!(
            "Loopback: the {runs} cold loads above, each followed by one of the floor. No mobile profile in this run (`--mobile-runs 0`)."
        ),
    });
    lines.push(String::new());
    lines.extend(split_table(&columns));
    lines
}

/// A column per page and profile; a request is "start → end" (the medians of each).
fn split_table(columns: &[(&str, &SplitStats)]) -> Vec<String> {
    let labels: Vec<&str> = columns.iter().map(|(l, _)| *l).collect();
    let mut lines = vec![
        format!(
            "| split, ms from the navigation (median) | {} |",
            labels.join(" | ")
        ),
        format!("|---|{}", "---:|".repeat(columns.len())),
    ];
    let span = |s: &SpanStats| match (s.start.median, s.end.median) {
        (Some(a), Some(b)) => format!("{} → {}", num(Some(a)), num(Some(b))),
        _ => "–".into(),
    };
    type SpanRow = (&'static str, fn(&SplitStats) -> &SpanStats);
    let requests: [SpanRow; 7] = [
        ("document", |s| &s.document),
        ("loader (jobs-gallery-loader.js)", |s| &s.loader),
        ("glue (jobs-gallery-HASH.js)", |s| &s.glue),
        ("wasm", |s| &s.wasm),
        ("stylesheet (jobs-gallery.css)", |s| &s.stylesheet),
        ("floor.js", |s| &s.floor_js),
        ("/v1/jobs, first page", |s| &s.jobs),
    ];
    for (label, of) in requests {
        let cells: Vec<String> = columns.iter().map(|(_, s)| span(of(s))).collect();
        lines.push(format!("| {label} | {} |", cells.join(" | ")));
    }
    type StatRow = (&'static str, fn(&SplitStats) -> &Stats);
    let phases: [StatRow; 4] = [
        ("wasm compile + instantiate (after download)", |s| {
            &s.compile
        }),
        ("first fetch (/v1/jobs)", |s| &s.first_fetch),
        (
            "render (the later of answer and instance → frame with the cards)",
            |s| &s.render,
        ),
        ("navigation → first cards painted", |s| &s.total),
    ];
    for (label, of) in phases {
        let cells: Vec<String> = columns.iter().map(|(_, s)| num(of(s).median)).collect();
        lines.push(format!("| {label} | {} |", cells.join(" | ")));
    }
    lines
}

/// Lighthouse's scores and load metrics for the standalone page and the floor.
fn lighthouse_table(lh: &Lighthouse) -> Vec<String> {
    let version = lh.widget.version.as_deref().unwrap_or("–");
    let mut lines = vec![
        format!("| Lighthouse {version} (mobile defaults) | standalone page | floor |"),
        "|---|---:|---:|".into(),
    ];
    for (label, category) in [
        ("performance", "performance"),
        ("accessibility", "accessibility"),
        ("best practices", "best-practices"),
    ] {
        let [a, b] = [&lh.widget, &lh.floor].map(|r| num(r.score(category)));
        lines.push(format!("| {label} | {a} | {b} |"));
    }
    for (label, audit) in [
        ("largest contentful paint (ms)", "largest-contentful-paint"),
        ("first contentful paint (ms)", "first-contentful-paint"),
        ("total blocking time (ms)", "total-blocking-time"),
    ] {
        let [a, b] = [&lh.widget, &lh.floor].map(|r| num(r.metric(audit).map(f64::round)));
        lines.push(format!("| {label} | {a} | {b} |"));
    }
    let [a, b] = [&lh.widget, &lh.floor].map(|r| score(r.metric("cumulative-layout-shift")));
    lines.push(format!("| cumulative layout shift | {a} | {b} |"));
    lines
}

/// The layout shift table, a column per viewport, and each run's largest shift below it.
fn layout_shift(cls: &ClsPages, secs: Option<u64>) -> Vec<String> {
    let widths: Vec<String> = VIEWPORTS
        .iter()
        .map(|v| format!("{} px", v.width))
        .collect();
    let mut lines = vec![
        format!(
            "| layout shift, standalone page, {} s of polling | {} |",
            secs.map_or("–".into(), |s| s.to_string()),
            widths.join(" | ")
        ),
        format!("|---|{}", "---:|".repeat(VIEWPORTS.len())),
    ];
    // A label and its cell of a run.
    type Row = (&'static str, fn(&ClsRun) -> String);
    let rows: [Row; 6] = [
        ("CLS (sum of all shifts)", |r| score(Some(r.cls))),
        ("… of which in the load", |r| {
            score(Some(r.cls_before_window))
        }),
        ("… shifts", |r| r.shifts.to_string()),
        ("… largest shift", |r| {
            score(r.largest.as_ref().map(|l| l.value))
        }),
        ("… largest session window (Web Vitals' CLS)", |r| {
            score(Some(r.largest_session_window))
        }),
        ("… polls in the window", |r| r.polls.to_string()),
    ];
    for page in Page::BOTH {
        let runs = cls.of(page);
        for (i, (label, cell)) in rows.iter().enumerate() {
            let cells: Vec<String> = VIEWPORTS
                .iter()
                .map(|v| {
                    runs.iter()
                        .find(|r| r.width == v.width)
                        .map_or("–".into(), cell)
                })
                .collect();
            let label = if i == 0 {
                format!("{}: {label}", page.label())
            } else {
                (*label).to_string()
            };
            lines.push(format!("| {label} | {} |", cells.join(" | ")));
        }
    }
    let largest: Vec<String> = Page::BOTH
        .iter()
        .flat_map(|&page| {
            cls.of(page).iter().filter_map(move |r| {
                let l = r.largest.as_ref()?;
                Some(format!(
                    "- {} at {} px, largest shift {}",
                    page.label(),
                    r.width,
                    l.describe()
                ))
            })
        })
        .collect();
    if !largest.is_empty() {
        lines.push(String::new());
        lines.extend(largest);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_table_is_the_committed_results_table() {
        let report: Report = serde_json::from_str(include_str!("../results/latest.json")).unwrap();
        let results = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
        let lighthouse = crate::lighthouse::read(&results).unwrap();
        assert_eq!(
            markdown(&report, lighthouse.as_ref()),
            std::fs::read_to_string(results.join("latest.md")).unwrap()
        );
    }

    #[test]
    fn layout_shift_prints_a_column_per_viewport() {
        let run: ClsRun = serde_json::from_value(serde_json::json!({
            "width": 412, "height": 915, "mobile": true, "window_s": 60.0, "polls": 30,
            "cls": 0.0123, "cls_before_window": 0.0, "shifts": 1,
            "largest": { "t": 5000.0, "value": 0.0123, "sources": [] },
            "largest_session_window": 0.0123, "each_shift": []
        }))
        .unwrap();
        let cls = ClsPages {
            without_changes: vec![run],
            live_demo: Vec::new(),
        };
        let table = layout_shift(&cls, Some(60));
        assert_eq!(
            table[0],
            "| layout shift, standalone page, 60 s of polling | 360 px | 412 px | 768 px | 1280 px |"
        );
        assert_eq!(
            table[2],
            "| without changes: CLS (sum of all shifts) | – | 0.0123 | – | – |"
        );
        assert_eq!(
            table[8],
            "| live demo: CLS (sum of all shifts) | – | – | – | – |"
        );
        assert_eq!(
            table.last().unwrap(),
            "- without changes at 412 px, largest shift 0.0123 at 5.0 s"
        );
    }

    #[test]
    fn the_floor_comparison_prints_ratios_and_a_split_column_per_page() {
        use crate::measure::floor::{Loads, Profiled, Span, Split, Visit, MOBILE};
        let visit = |total: f64, wasm: bool, repeat: Option<f64>| {
            let split = |total: f64| Split {
                jobs: Some(Span {
                    start: 20.0,
                    end: 60.0,
                    transfer: 3000,
                }),
                wasm: wasm.then_some(Span {
                    start: 10.0,
                    end: 50.0,
                    transfer: 9000,
                }),
                total: Some(total),
                ..Split::default()
            };
            Visit {
                cold: split(total),
                repeat: repeat.map(split),
            }
        };
        let loopback = Profiled {
            conditions: None,
            widget: Loads::over(vec![visit(260.0, true, None)]),
            floor: Loads::over(vec![visit(130.0, false, None)]),
            embed: None,
        };
        let mobile = Profiled {
            conditions: Some(MOBILE),
            widget: Loads::over(vec![visit(2800.0, true, Some(1000.0))]),
            floor: Loads::over(vec![visit(700.0, false, Some(800.0))]),
            embed: Some(Loads::over(vec![visit(2100.0, true, None)])),
        };
        let table = versus_floor(&VersusFloor::new(loopback, Some(mobile)), 7, Some(5));
        assert_eq!(
            table[2],
            "| loopback, unthrottled: standalone page, cold | 260 (260–260) | 130 (130–130) | 2.00× | ≤ 1.5× |"
        );
        assert_eq!(
            table[4],
            "| mobile: embed page, its first gallery's 6 cards, cold | 2100 (2100–2100) | 700 (700–700) | 3.00× | ≤ 2× |"
        );
        assert_eq!(
            table[5],
            "| mobile: standalone page, repeat visit | 1000 (1000–1000) | 800 (800–800) | 1.25× | ≤ 1.3× |"
        );
        assert!(table[7].contains(
            "Mobile: 150 ms added to every request, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4, 412 × 915 phone; 5 round(s)"
        ));
        assert_eq!(
            table[9],
            "| split, ms from the navigation (median) | loopback: standalone | loopback: floor | mobile: standalone | mobile: embed | mobile: floor | mobile, again: standalone | mobile, again: floor |"
        );
        assert_eq!(
            table[14],
            "| wasm | 10 → 50 | – | 10 → 50 | 10 → 50 | – | 10 → 50 | – |"
        );
        assert_eq!(
            table.last().unwrap(),
            "| navigation → first cards painted | 260 | 130 | 2800 | 2100 | 700 | 1000 | 800 |"
        );
    }

    #[test]
    fn lighthouse_prints_scores_and_metrics_of_both_pages() {
        let lh: Lighthouse = serde_json::from_value(serde_json::json!({
            "widget": {
                "lighthouseVersion": "12.2.3",
                "categories": { "performance": { "score": 0.97 }, "accessibility": { "score": 1 } },
                "audits": { "largest-contentful-paint": { "numericValue": 2612.4 },
                            "cumulative-layout-shift": { "numericValue": 0.0012 } }
            },
            "floor": { "categories": {}, "audits": {} },
            "median": {}
        }))
        .unwrap();
        let table = lighthouse_table(&lh);
        assert_eq!(
            table[0],
            "| Lighthouse 12.2.3 (mobile defaults) | standalone page | floor |"
        );
        assert_eq!(table[2], "| performance | 97 | – |");
        assert_eq!(table[3], "| accessibility | 100 | – |");
        assert_eq!(table[5], "| largest contentful paint (ms) | 2612 | – |");
        assert_eq!(table[8], "| cumulative layout shift | 0.0012 | – |");
    }

    #[test]
    fn figures_print_as_the_table_prints_them() {
        assert_eq!(
            (num(Some(159.3)), num(Some(199.0)), num(Some(-10.0))),
            ("159.3".into(), "199".into(), "-10".into())
        );
        assert_eq!(
            (num(None), kb(Some(141_796.0)), mb(Some(1_116_192.0))),
            ("–".into(), "141.8".into(), "1.12".into())
        );
        assert_eq!(
            (score(Some(0.0)), score(Some(0.00004)), score(None)),
            ("0".into(), "< 0.0001".into(), "–".into())
        );
    }
}
