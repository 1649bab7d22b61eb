//! The widget against its floor (issue 19): bench/floor/, a page of a few dozen lines of
//! hand-written JavaScript that fetches the same first page of jobs and draws the same
//! card markup with the same stylesheet, without any feature. Cold loads of the widget,
//! the floor and the embed page, one after another in one run, on loopback and under a
//! phone's network and CPU; navigation → first cards painted, split along its critical
//! path; a repeat visit; and the widget's time as a multiple of the floor's.

use anyhow::{Context as _, Result};
use jobs_gallery_e2e::{secs, Test};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::first_load::{Resource, Timing};
use crate::page::{inject_probe, viewport_for_next_page};
use crate::stats::{minus, Stats};

const FLOOR_HTML: &str = include_str!("../../floor/index.html");
const FLOOR_JS: &str = include_str!("../../floor/floor.js");
const PAINTED: &str = include_str!("../../js/painted.js");
const LOAD_TIMING: &str = include_str!("../../js/load_timing.js");

/// The stylesheet's stable name, as bench/floor/index.html links it.
const STABLE_CSS: &str = "/jobs-gallery.css";

/// Writes the floor into the served copy of the build, at `/floor/`: the same origin
/// as the API and the widget's files, whatever build `--dist` names. It links the
/// stylesheet by the hashed name the built standalone page uses, so that a repeat
/// visit finds it in the cache as the widget's page does (the stable name is
/// revalidated every time).
pub fn install() -> Result<()> {
    let site = jobs_gallery_e2e::site_dir()?;
    let index =
        std::fs::read_to_string(site.join("index.html")).context("reading the built index.html")?;
    let html = match hashed_stylesheet(&index) {
        Some(css) => FLOOR_HTML.replace(&format!("\"{STABLE_CSS}\""), &format!("\"{css}\"")),
        None => FLOOR_HTML.to_owned(),
    };
    let dir = site.join("floor");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in [("index.html", html.as_str()), ("floor.js", FLOOR_JS)] {
        std::fs::write(dir.join(name), text)
            .with_context(|| format!("writing {name} into {}", dir.display()))?;
    }
    Ok(())
}

/// `/jobs-gallery-HASH.css` where the built page links it.
fn hashed_stylesheet(index_html: &str) -> Option<&str> {
    index_html
        .match_indices("/jobs-gallery-")
        .find_map(|(at, lead)| {
            let rest = &index_html[at + lead.len()..];
            let hash = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_ascii_hexdigit())
                    .len();
            (hash >= 8 && rest[hash..].starts_with(".css"))
                .then(|| &index_html[at..at + lead.len() + hash + 4])
        })
}

/// A page that draws the first cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The standalone page, `/`: 20 cards.
    Widget,
    /// bench/floor/, `/floor/`: the same 20 cards.
    Floor,
    /// `/examples/embed.html`, whose host page has only the loader tag: its first
    /// gallery's 6 cards (`#left`, `data-page-size="6"`; the second shows 4).
    Embed,
}

impl Subject {
    /// In the order the mobile profile loads them.
    pub const ALL: [Subject; 3] = [Subject::Widget, Subject::Floor, Subject::Embed];

    pub fn path(self) -> &'static str {
        match self {
            Subject::Widget => "/",
            Subject::Floor => "/floor/",
            Subject::Embed => "/examples/embed.html",
        }
    }

    /// The cards whose paint is timed, and how many.
    fn cards(self) -> (&'static str, usize) {
        match self {
            Subject::Widget | Subject::Floor => ("article[data-job-id]", 20),
            Subject::Embed => ("#left article[data-job-id]", 6),
        }
    }

    /// The `/v1/jobs` request those cards come from (a regular expression on its URL).
    fn jobs(self) -> &'static str {
        match self {
            Subject::Widget | Subject::Floor => "[?&]limit=20(&|$)",
            Subject::Embed => "[?&]limit=6(&|$)",
        }
    }

    /// For the progress lines and session names.
    pub fn slug(self) -> &'static str {
        match self {
            Subject::Widget => "widget",
            Subject::Floor => "floor",
            Subject::Embed => "embed",
        }
    }
}

/// A phone on mobile data, as Lighthouse's mobile defaults have it: CDP network
/// emulation and CPU throttling, and a phone's viewport.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Conditions {
    /// Added to every request (`Network.emulateNetworkConditions`).
    pub latency_ms: f64,
    pub download_bytes_per_s: f64,
    pub upload_bytes_per_s: f64,
    /// `Emulation.setCPUThrottlingRate`.
    pub cpu_slowdown: f64,
    pub width: u32,
    pub height: u32,
    pub mobile: bool,
}

/// 150 ms, 1.6 Mbit/s down, 750 kbit/s up, a CPU 4 times slower, 412 × 915.
pub const MOBILE: Conditions = Conditions {
    latency_ms: 150.0,
    download_bytes_per_s: 200_000.0,
    upload_bytes_per_s: 93_750.0,
    cpu_slowdown: 4.0,
    width: 412,
    height: 915,
    mobile: true,
};

/// How a session loads its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Loopback, an unthrottled CPU, the harness's desktop viewport.
    Loopback,
    /// [`MOBILE`], then a repeat visit.
    Mobile,
}

impl Profile {
    pub fn conditions(self) -> Option<Conditions> {
        match self {
            Profile::Loopback => None,
            Profile::Mobile => Some(MOBILE),
        }
    }
}

/// `--frozen --start NOW`: every session sees the same jobs.
pub fn server_args() -> Vec<String> {
    jobs_gallery_e2e::frozen_args()
}

/// One session: a cold load and, where measured, a second visit in the same browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Visit {
    pub cold: Split,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Split>,
}

/// A cold load of `subject` under `profile` in a fresh session (a cold browser profile);
/// under the mobile profile the widget and the floor are then visited again, their
/// hashed files in the browser's cache.
pub async fn run_once(t: Test, subject: Subject, profile: Profile) -> Result<Visit> {
    let (css, n) = subject.cards();
    let target = json!({ "css": css, "n": n });
    t.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": format!("window.__benchCards = {target};") }),
    )
    .await?;
    inject_probe(&t).await?;
    if let Some(c) = profile.conditions() {
        throttle(&t, c).await?;
    }
    let cold = load(&t, subject).await?;
    let repeat = if profile == Profile::Mobile && subject != Subject::Embed {
        // Once the cards painted: thumbnails still loading (at 1.6 Mbit/s, those of 20
        // cards take longer than the page does) come after the cards on either visit.
        // From another page, so that the second visit is a plain navigation and not a
        // reload of the same URL (which revalidates what it may).
        t.client.goto("about:blank").await?;
        Some(load(&t, subject).await?)
    } else {
        None
    };
    Ok(Visit { cold, repeat })
}

/// The page's viewport, network and CPU as a phone's, for every document of the
/// session.
async fn throttle(t: &Test, c: Conditions) -> Result<()> {
    viewport_for_next_page(t, c.width, c.height, c.mobile).await?;
    t.cdp("Network.enable", json!({})).await?;
    t.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": c.latency_ms,
            "downloadThroughput": c.download_bytes_per_s,
            "uploadThroughput": c.upload_bytes_per_s,
        }),
    )
    .await?;
    t.cdp(
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": c.cpu_slowdown }),
    )
    .await?;
    Ok(())
}

/// Opens `subject`'s page, waits for the frame that paints its first cards and reads
/// the timing.
async fn load(t: &Test, subject: Subject) -> Result<Split> {
    t.open(subject.path()).await?;
    t.wait_until("the first cards painted", secs(60), || async {
        let v = t.js(PAINTED, vec![]).await?;
        Ok(v.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    let timing: Timing =
        serde_json::from_value(t.js(LOAD_TIMING, vec![json!(subject.jobs())]).await?)
            .context("reading the load's timing")?;
    Ok(Split::of(&timing))
}

/// One request: ms from the navigation to its start and to its response's end, and its
/// transferSize (0 from the cache).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub start: f64,
    pub end: f64,
    pub transfer: u64,
}

impl Span {
    fn of(r: &Resource) -> Span {
        Span {
            start: r.start,
            end: r.response_end,
            transfer: r.transfer,
        }
    }
}

/// Navigation → first cards painted along its critical path, in ms from the navigation;
/// a request is `None` where the page made none (the floor has no wasm).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub document: Option<Span>,
    pub loader: Option<Span>,
    pub glue: Option<Span>,
    pub wasm: Option<Span>,
    pub stylesheet: Option<Span>,
    pub floor_js: Option<Span>,
    pub jobs: Option<Span>,
    /// The wasm downloaded → instantiated.
    pub compile: Option<f64>,
    /// The `/v1/jobs` request's start → its response's end.
    pub first_fetch: Option<f64>,
    /// The later of the response and the instance → the frame that paints the cards.
    pub render: Option<f64>,
    /// Navigation → the frame that paints the cards.
    pub total: Option<f64>,
}

impl Split {
    pub fn of(t: &Timing) -> Split {
        let span = |r: &Option<Resource>| r.as_ref().map(Span::of);
        let (wasm, jobs) = (span(&t.wasm), span(&t.jobs));
        let inst_end = t.t.inst_end;
        // Cards need both the answer and, for the widget, the code that draws them.
        let ready = jobs.map(|j| inst_end.map_or(j.end, |i| i.max(j.end)));
        let painted = t.t.painted.or(t.t.paint20);
        Split {
            document: Some(Span {
                start: 0.0,
                end: t.nav.response_end,
                transfer: t.nav.transfer,
            }),
            loader: span(&t.loader),
            glue: span(&t.glue),
            wasm,
            stylesheet: span(&t.css),
            floor_js: span(&t.floor_js),
            jobs,
            compile: minus(inst_end, wasm.map(|w| w.end)),
            first_fetch: jobs.map(|j| j.end - j.start),
            render: minus(painted, ready),
            total: painted,
        }
    }
}

/// A request's start and end over runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SpanStats {
    pub start: Stats,
    pub end: Stats,
}

impl SpanStats {
    fn over(runs: &[&Split], span: fn(&Split) -> Option<Span>) -> SpanStats {
        SpanStats {
            start: Stats::over(runs, |s| span(s).map(|x| x.start)),
            end: Stats::over(runs, |s| span(s).map(|x| x.end)),
        }
    }
}

/// A [`Split`]'s [`Stats`] over runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SplitStats {
    pub document: SpanStats,
    pub loader: SpanStats,
    pub glue: SpanStats,
    pub wasm: SpanStats,
    pub stylesheet: SpanStats,
    pub floor_js: SpanStats,
    pub jobs: SpanStats,
    pub compile: Stats,
    pub first_fetch: Stats,
    pub render: Stats,
    pub total: Stats,
}

impl SplitStats {
    pub fn over(runs: &[&Split]) -> SplitStats {
        SplitStats {
            document: SpanStats::over(runs, |s| s.document),
            loader: SpanStats::over(runs, |s| s.loader),
            glue: SpanStats::over(runs, |s| s.glue),
            wasm: SpanStats::over(runs, |s| s.wasm),
            stylesheet: SpanStats::over(runs, |s| s.stylesheet),
            floor_js: SpanStats::over(runs, |s| s.floor_js),
            jobs: SpanStats::over(runs, |s| s.jobs),
            compile: Stats::over(runs, |s| s.compile),
            first_fetch: Stats::over(runs, |s| s.first_fetch),
            render: Stats::over(runs, |s| s.render),
            total: Stats::over(runs, |s| s.total),
        }
    }
}

/// One page's sessions under one profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Loads {
    pub cold: SplitStats,
    /// Over the runs that made a second visit; `None` where none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<SplitStats>,
    pub runs: Vec<Visit>,
}

impl Loads {
    pub fn over(runs: Vec<Visit>) -> Loads {
        let cold: Vec<&Split> = runs.iter().map(|v| &v.cold).collect();
        let repeat: Vec<&Split> = runs.iter().filter_map(|v| v.repeat.as_ref()).collect();
        Loads {
            cold: SplitStats::over(&cold),
            repeat: (!repeat.is_empty()).then(|| SplitStats::over(&repeat)),
            runs,
        }
    }
}

/// The pages under one profile, in one run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profiled {
    /// `None` on loopback, unthrottled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Conditions>,
    pub widget: Loads,
    pub floor: Loads,
    /// The embed page (measured under the mobile profile only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embed: Option<Loads>,
}

/// The widget's median time to its first cards as a multiple of the floor's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ratios {
    pub loopback: Option<f64>,
    pub mobile_standalone: Option<f64>,
    /// The embed page's first gallery (6 cards) against the floor's 20.
    pub mobile_embed: Option<f64>,
    pub mobile_repeat: Option<f64>,
}

/// Everything of the comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VersusFloor {
    pub loopback: Profiled,
    /// `None` with `--mobile-runs 0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Profiled>,
    pub ratios: Ratios,
}

impl VersusFloor {
    pub fn new(loopback: Profiled, mobile: Option<Profiled>) -> VersusFloor {
        let total = |l: &Loads| l.cold.total.clone();
        let repeat = |l: &Loads| l.repeat.as_ref().map(|r| r.total.clone());
        let ratios = Ratios {
            loopback: ratio(&total(&loopback.widget), &total(&loopback.floor)),
            mobile_standalone: mobile
                .as_ref()
                .and_then(|m| ratio(&total(&m.widget), &total(&m.floor))),
            mobile_embed: mobile.as_ref().and_then(|m| {
                let embed = m.embed.as_ref()?;
                ratio(&total(embed), &total(&m.floor))
            }),
            mobile_repeat: mobile
                .as_ref()
                .and_then(|m| ratio(&repeat(&m.widget)?, &repeat(&m.floor)?)),
        };
        VersusFloor {
            loopback,
            mobile,
            ratios,
        }
    }
}

/// `a`'s median over `b`'s, to 0.01; `None` unless both were measured.
pub fn ratio(a: &Stats, b: &Stats) -> Option<f64> {
    let (a, b) = (a.median?, b.median?);
    (b > 0.0).then(|| (a / b * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::first_load::{Marks, Navigation};

    fn resource(name: &str, start: f64, end: f64) -> Option<Resource> {
        Some(Resource {
            name: name.into(),
            start,
            request_start: start,
            response_start: end - 1.0,
            response_end: end,
            transfer: 1000,
            encoded: 700,
            decoded: 2000,
        })
    }

    fn marks() -> Marks {
        Marks {
            inst_start: None,
            inst_end: None,
            first_body: None,
            first_card: None,
            cards20: None,
            paint20: None,
            cards: None,
            painted: None,
        }
    }

    fn timing(t: Marks, wasm: Option<Resource>, jobs: Option<Resource>) -> Timing {
        Timing {
            t,
            wasm,
            glue: None,
            loader: None,
            css: resource("/jobs-gallery.css", 10.0, 20.0),
            floor_js: None,
            jobs,
            nav: Navigation {
                response_end: 8.0,
                dom_content_loaded: 30.0,
                transfer: 900,
            },
        }
    }

    #[test]
    fn the_widget_renders_from_the_later_of_its_answer_and_its_instance() {
        let t = Marks {
            inst_end: Some(300.0),
            painted: Some(400.0),
            ..marks()
        };
        // The first request started by the loader, answered while the wasm compiled.
        let s = Split::of(&timing(
            t,
            resource("/x_bg.wasm", 20.0, 250.0),
            resource("/v1/jobs?limit=20&offset=0", 30.0, 200.0),
        ));
        assert_eq!(s.compile, Some(50.0));
        assert_eq!(s.first_fetch, Some(170.0));
        assert_eq!(s.render, Some(100.0));
        assert_eq!(s.total, Some(400.0));
        assert_eq!(
            s.document,
            Some(Span {
                start: 0.0,
                end: 8.0,
                transfer: 900
            })
        );
        assert_eq!(s.stylesheet.map(|c| (c.start, c.end)), Some((10.0, 20.0)));
    }

    #[test]
    fn the_floor_renders_from_its_answer() {
        let t = Marks {
            painted: Some(180.0),
            ..marks()
        };
        let s = Split::of(&timing(
            t,
            None,
            resource("/v1/jobs?limit=20&offset=0", 40.0, 150.0),
        ));
        assert_eq!((s.wasm, s.compile), (None, None));
        assert_eq!((s.first_fetch, s.render), (Some(110.0), Some(30.0)));
    }

    #[test]
    fn a_load_timed_before_the_target_mark_uses_the_20_cards_mark() {
        let t = Marks {
            paint20: Some(90.0),
            ..marks()
        };
        let s = Split::of(&timing(t, None, None));
        assert_eq!((s.total, s.render, s.first_fetch), (Some(90.0), None, None));
    }

    #[test]
    fn the_floor_links_the_built_pages_hashed_stylesheet() {
        let built = "<link href=/favicon-140dfdfe8a28c891.svg rel=icon><link href=/jobs-gallery-1bd5.js><link href=/jobs-gallery-356e27fdf8563e31.css integrity=sha384-x rel=stylesheet>";
        assert_eq!(
            hashed_stylesheet(built),
            Some("/jobs-gallery-356e27fdf8563e31.css")
        );
        assert_eq!(hashed_stylesheet("<link href=/jobs-gallery.css>"), None);
        assert!(FLOOR_HTML.contains(&format!("href=\"{STABLE_CSS}\"")));
    }

    #[test]
    fn ratios_are_medians_over_medians() {
        let a = Stats::of([280.0, 300.0, 310.0]);
        let b = Stats::of([140.0, 150.0, 400.0]);
        assert_eq!(ratio(&a, &b), Some(2.0));
        assert_eq!(ratio(&Stats::of([2.0]), &Stats::of([3.0])), Some(0.67));
        assert_eq!(ratio(&a, &Stats::default()), None);
        assert_eq!(ratio(&a, &Stats::of([0.0])), None);
    }

    fn visit(cold: f64, repeat: Option<f64>) -> Visit {
        let split = |total| Split {
            total: Some(total),
            ..Split::default()
        };
        Visit {
            cold: split(cold),
            repeat: repeat.map(split),
        }
    }

    #[test]
    fn the_comparison_divides_each_page_by_the_floor_of_the_same_profile() {
        let loopback = Profiled {
            conditions: None,
            widget: Loads::over(vec![visit(300.0, None), visit(260.0, None)]),
            floor: Loads::over(vec![visit(140.0, None), visit(120.0, None)]),
            embed: None,
        };
        let mobile = Profiled {
            conditions: Some(MOBILE),
            widget: Loads::over(vec![visit(2800.0, Some(900.0))]),
            floor: Loads::over(vec![visit(700.0, Some(600.0))]),
            embed: Some(Loads::over(vec![visit(2100.0, None)])),
        };
        let v = VersusFloor::new(loopback.clone(), Some(mobile));
        assert_eq!(
            v.ratios,
            Ratios {
                loopback: Some(2.15),
                mobile_standalone: Some(4.0),
                mobile_embed: Some(3.0),
                mobile_repeat: Some(1.5),
            }
        );
        let m = v.mobile.as_ref().unwrap();
        assert!(m.embed.as_ref().unwrap().repeat.is_none());
        let without_mobile = VersusFloor::new(loopback, None);
        assert_eq!(without_mobile.ratios.loopback, Some(2.15));
        assert_eq!(without_mobile.ratios.mobile_standalone, None);
    }
}
