//! The run: each session kind in turn, every run a fresh server and browser session,
//! then the report.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use jobs_gallery_e2e::{run_with, Options, Test};

use crate::cli::Args;
use crate::machine::Machine;
use crate::measure::cls::{self, ClsPages, ClsRun, Page, VIEWPORTS};
use crate::measure::cold_load;
use crate::measure::first_load::PhaseStats;
use crate::measure::floor::{
    self, Loads, Profile, Profiled, Split, Subject, VersusFloor, Visit, MOBILE,
};
use crate::measure::hidden_tab::HIDDEN_SECS;
use crate::measure::live::{self, LiveStats, LIVE_ACTIVE_MS};
use crate::measure::memory::Tracked;
use crate::measure::page_change::PageChangeStats;
use crate::measure::page_of_100::PageOf100Stats;
use crate::measure::per_poll::{self, PerPoll, PollRun, PollSummary, Story, POLL_RUN_ACTIVE_MS};
use crate::measure::size;
use crate::report::{Report, Settings};
use crate::targets::Targets;
use crate::{clock, revision};

pub async fn run(args: &Args) -> Result<Report> {
    let began = Instant::now();
    let root = jobs_gallery_e2e::repo_root();
    let (commit, uncommitted_changes) = (
        revision::head_commit(&root),
        revision::uncommitted_changes(&root),
    );
    let machine = Machine::this_one();
    eprintln!("bench: {}", serde_json::to_string(&machine)?);
    let transfer = size::measure(&args.dist)?;
    eprintln!("bench: transfer {}", serde_json::to_string(&transfer)?);

    // The widget's cold loads (which go on to the memory and paging figures) and the
    // floor's on loopback, one after the other, so that both see the machine alike.
    floor::install()?;
    let (mut loads, mut floors) = (Vec::new(), Vec::new());
    for i in 0..args.runs {
        let n = args.runs;
        if let Some(r) = session(
            format!("bench-load-{i}"),
            cold_load::server_args(),
            cold_load::run_once,
        )
        .await
        {
            eprintln!("bench: load run {}/{n}: {}", i + 1, json(&r.load));
            loads.push(r);
        }
        if let Some(v) = session(
            format!("bench-floor-loopback-{i}"),
            floor::server_args(),
            |t| floor::run_once(t, Subject::Floor, Profile::Loopback),
        )
        .await
        {
            eprintln!(
                "bench: floor on loopback run {}/{n}: {}",
                i + 1,
                describe_visit(&v)
            );
            floors.push(v);
        }
    }
    if loads.is_empty() {
        bail!("every load run failed (see e2e/artifacts/bench-load-*.log)");
    }
    let mobile = mobile_profile(args.mobile_runs).await;

    let story = Arc::new(Story::pick()?);
    eprintln!(
        "bench: per-poll story: seed {} job {} ({} scenes, {} s)",
        story.seed, story.job_id, story.scenes, story.seconds
    );
    let per_poll_of = |size: usize| {
        let story = story.clone();
        let poll_runs = args.poll_runs;
        async move {
            let args_story = story.clone();
            repeat(
                &format!("per-poll {size} cards"),
                &format!("bench-polls-{size}"),
                poll_runs,
                move || per_poll::server_args(&args_story),
                move |t| per_poll::run_once(t, size, story.clone()),
                describe_poll_run,
            )
            .await
        }
    };
    let per_poll = PerPoll {
        cards_20: PollSummary::over(per_poll_of(20).await),
        cards_100: PollSummary::over(per_poll_of(100).await),
    };

    let polls = args.live_polls;
    let lives = repeat(
        "live",
        "bench-live",
        args.live_runs,
        live::server_args,
        move |t| live::run_once(t, polls),
        |r| format!("growth {} hidden {}", json(&r.growth), json(&r.hidden)),
    )
    .await;

    let cls = layout_shift(args.cls_secs).await;

    let widget_loopback = loads
        .iter()
        .map(|r| Visit {
            cold: Split::of(&r.raw),
            repeat: None,
        })
        .collect();
    let versus_floor = VersusFloor::new(
        Profiled {
            conditions: None,
            widget: Loads::over(widget_loopback),
            floor: Loads::over(floors),
            embed: None,
        },
        mobile,
    );
    eprintln!("bench: against the floor: {}", json(&versus_floor.ratios));

    let phases: Vec<_> = loads.iter().map(|r| &r.load).collect();
    let pages_of_100: Vec<_> = loads.iter().map(|r| &r.page_100).collect();
    let page_changes: Vec<_> = loads.iter().map(|r| &r.page_change).collect();
    let memory: Vec<_> = loads
        .iter()
        .map(|r| r.memory_after_load.tracked())
        .collect();
    Ok(Report {
        generated_unix: clock::unix_now(),
        took_s: began.elapsed().as_secs(),
        commit,
        uncommitted_changes,
        machine,
        settings: Settings {
            runs: args.runs,
            poll_runs: args.poll_runs,
            live_polls: args.live_polls,
            live_runs: args.live_runs,
            poll_run_active_ms: POLL_RUN_ACTIVE_MS,
            live_active_ms: LIVE_ACTIVE_MS,
            hidden_s: HIDDEN_SECS,
            story: (*story).clone(),
            cls_s: Some(args.cls_secs),
            mobile_runs: Some(args.mobile_runs),
        },
        targets: Targets::judge(&transfer, &per_poll, &lives, &cls, &versus_floor),
        transfer,
        load_ms: PhaseStats::over(&phases),
        page_100_ms: PageOf100Stats::over(&pages_of_100),
        page_change_ms: PageChangeStats::over(&page_changes),
        memory_after_load: Tracked::over(&memory),
        live: LiveStats::over(lives),
        per_poll,
        cls: Some(cls),
        versus_floor: Some(versus_floor),
        load_runs: loads,
    })
}

/// Both pages at every viewport, a session each, over a window of `secs` (none if 0).
async fn layout_shift(secs: u64) -> ClsPages {
    let mut pages = ClsPages::default();
    if secs == 0 {
        return pages;
    }
    let window = Duration::from_secs(secs);
    for page in Page::BOTH {
        for viewport in VIEWPORTS {
            let runs = repeat(
                &format!("layout shift {}", page.label()),
                &format!("bench-cls-{}-{}", page.slug(), viewport.width),
                1,
                move || page.server_args(),
                move |t| cls::run_once(t, viewport, window),
                ClsRun::describe,
            )
            .await;
            pages.of_mut(page).extend(runs);
        }
    }
    pages
}

/// The widget, the floor and the embed page under the mobile profile, `runs` rounds of
/// one cold load each in that order; `None` if `runs` is 0.
async fn mobile_profile(runs: usize) -> Option<Profiled> {
    if runs == 0 {
        return None;
    }
    let mut visits: [Vec<Visit>; 3] = Default::default();
    for i in 0..runs {
        for (subject, done) in Subject::ALL.into_iter().zip(&mut visits) {
            let name = format!("bench-mobile-{}-{i}", subject.slug());
            let body = move |t| floor::run_once(t, subject, Profile::Mobile);
            if let Some(v) = session(name, floor::server_args(), body).await {
                eprintln!(
                    "bench: mobile {} run {}/{runs}: {}",
                    subject.slug(),
                    i + 1,
                    describe_visit(&v)
                );
                done.push(v);
            }
        }
    }
    let [widget, floor, embed] = visits;
    Some(Profiled {
        conditions: Some(MOBILE),
        widget: Loads::over(widget),
        floor: Loads::over(floor),
        embed: Some(Loads::over(embed)),
    })
}

fn describe_visit(v: &Visit) -> String {
    let ms = |s: &Split| s.total.map_or("–".into(), |x| format!("{x:.0} ms"));
    match &v.repeat {
        Some(r) => format!("cards painted at {}, again at {}", ms(&v.cold), ms(r)),
        None => format!("cards painted at {}", ms(&v.cold)),
    }
}

/// For the progress lines.
fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn describe_poll_run(r: &PollRun) -> String {
    let or_dash = |v: Option<f64>| v.map_or("–".into(), |x| x.to_string());
    format!(
        "{} polls, changed card {} records (max), unchanged {} , replaced {}, image re-requests {}",
        r.polls,
        or_dash(r.changed_card_records_max),
        r.unchanged_finished_card_records,
        r.replaced_cards,
        r.image_rerequests
    )
}

/// `n` runs of `body`, each in a session of its own (named `{session_name}-{i}`, a server
/// started with `server_args()`); the ones that succeeded, each `describe`d as it ends.
async fn repeat<T, F, Fut>(
    label: &str,
    session_name: &str,
    n: usize,
    server_args: impl Fn() -> Vec<String>,
    body: F,
    describe: impl Fn(&T) -> String,
) -> Vec<T>
where
    T: 'static,
    F: Fn(Test) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T>> + 'static,
{
    let mut runs = Vec::new();
    for i in 0..n {
        if let Some(run) = session(format!("{session_name}-{i}"), server_args(), body.clone()).await
        {
            eprintln!("bench: {label} run {}/{n}: {}", i + 1, describe(&run));
            runs.push(run);
        }
    }
    runs
}

/// Runs `body` in a fresh server + browser session; a failure is reported, not fatal.
async fn session<T, F, Fut>(name: String, server_args: Vec<String>, body: F) -> Option<T>
where
    T: 'static,
    F: FnOnce(Test) -> Fut + 'static,
    Fut: Future<Output = Result<T>> + 'static,
{
    let slot = Arc::new(Mutex::new(None));
    let out = slot.clone();
    let task_name = name.clone();
    // A local task: a failed run panics (the harness saves its artifacts), which the
    // join handle turns into an error for this run only.
    let joined = tokio::task::spawn_local(async move {
        let options = Options {
            server_args,
            ..Options::default()
        };
        run_with(&task_name, options, |t| async move {
            let v = body(t).await?;
            *out.lock().unwrap() = Some(v);
            Ok(())
        })
        .await
    })
    .await;
    if let Err(e) = joined {
        eprintln!("bench: {name} failed: {e}");
    }
    let v = slot.lock().unwrap().take();
    v
}
