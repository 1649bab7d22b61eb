//! Translations: a gallery asked for German or French (its `lang`, or the host page's
//! nearest `lang`, a region variant falling back to its language) shows every word in
//! it, on the demo's first page and on a failure's banner with its countdown, and axe
//! finds nothing there; a host's `labels` replace one word and leave the others; a
//! locale file that is missing or broken leaves the gallery in English.
//!
//! "Every word" is checked against the repository's locale files, read at test time:
//! each text of `locales/en.json` (each plural form), split at its `{placeholders}` into
//! the pieces that tell English (with a space, or of 6 letters or more), less those the
//! same key's translation holds too ("Code"), must be nowhere in the gallery's text nor
//! in its `aria-label`, `title`, `alt` (and other worded) attributes; the server's own
//! words (prompts, its message, ids, codes) are left out of that reading
//! ([`ShownWords`]).
//!
//! Host pages are pages of the test's own ([`Test::open_host_page`]), on each of the
//! three ways in: `<jobs-gallery lang>`, `data-lang` on a drop-in element, `mount()`'s
//! `lang` option.

use anyhow::{ensure, Context as _, Result};
use jobs_gallery_e2e::serde_json::{json, Value};
use jobs_gallery_e2e::{run, secs, Locale, Options, ShownWords, Spoil, Test, WayIn};

/// The demo's key, which the demo's `/v1/jobs` asks for.
const DEMO_KEY: &str = "dpct_demo";

/// How long a painted gallery may take to show its language on its root.
fn lang_timeout() -> std::time::Duration {
    secs(5)
}

/// Fails, naming each key and piece, when English of `locales/en.json` is among what
/// the page's gallery shows in `lang` (its disclosures opened first); `server` is the
/// JSON the server answered the gallery (the page of jobs, the failure's body), whose
/// words are the server's. Returns what was read.
async fn assert_no_english(t: &Test, lang: &str, server: &Value) -> Result<ShownWords> {
    let english = Locale::read("en")?;
    let translation = Locale::read(lang)?;
    let gallery = t.gallery();
    gallery.open_details().await?;
    let shown = gallery.shown_words().await?;
    ensure!(!shown.text.is_empty(), "the gallery shows no text at all");
    let left = shown
        .clone()
        .without_server_words(server)
        .english_left(&english, &translation);
    ensure!(
        left.is_empty(),
        "English left in the gallery shown in `{lang}` ({} piece(s); key, piece, where, around it):\n{}",
        left.len(),
        left.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
    );
    Ok(shown)
}

/// Fails unless the toolbar's heading is `key`'s text in `locale`.
async fn assert_heading(t: &Test, locale: &Locale, key: &str) -> Result<()> {
    let expected = locale
        .text(key)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let heading = t.gallery().heading().await?;
    ensure!(
        heading.as_deref() == Some(expected.as_str()),
        "the toolbar's heading is {heading:?}, not locales/{}.json's `{key}` {expected:?}",
        locale.lang
    );
    Ok(())
}

/// The demo's first page, in `lang` asked for `way`: the root says the language, the
/// heading is the locale's, axe finds nothing, no English is left.
async fn demo_in(t: &Test, lang: &str, way: WayIn) -> Result<()> {
    let locale = Locale::read(lang)?;
    let gallery = t.gallery();
    t.forget_console().await?;
    let options = json!({ "lang": lang, "apiKey": DEMO_KEY, "pageSize": 20 });
    t.open_host_page(way, &options, None).await?;
    gallery.wait_loaded(20).await?;
    gallery.wait_lang(lang, lang_timeout()).await?;
    assert_heading(t, &locale, "your_jobs").await?;
    let page = t.api_get("/v1/jobs?limit=20&offset=0").await?;
    assert_no_english(t, lang, &page["body"]).await?;
    t.assert_axe_clean(&format!("loaded, in {lang}")).await?;
    t.assert_page_healthy(&[]).await
}

#[tokio::test]
async fn german_and_french_on_the_live_demo() {
    // Frozen: the page read from the API for the server's words is the page shown.
    run!(Options::frozen(), |t| async move {
        for (lang, way) in [("de", WayIn::Element), ("fr", WayIn::DropIn)] {
            demo_in(&t, lang, way)
                .await
                .with_context(|| format!("`{lang}`, asked for on {way}"))?;
        }
        Ok(())
    })
    .await;
}

/// A failure scenario's banner with guidance and a countdown (`Retry-After: 5`) in
/// `lang`, asked for `way`: read while it counts down, then axe.
async fn failure_in(t: &Test, lang: &str, scenario: &str, kind: &str, way: WayIn) -> Result<()> {
    let locale = Locale::read(lang)?;
    let gallery = t.gallery();
    t.forget_console().await?;
    let base = format!("/scenario/{scenario}");
    t.open_host_page(way, &json!({ "lang": lang, "apiBase": base }), None)
        .await?;
    let banner = gallery.banner().await?;
    ensure!(
        banner["kind"] == json!(kind),
        "expected the {kind} banner: {banner}"
    );
    for part in ["title", "advice"] {
        ensure!(
            banner[part].as_str().is_some_and(|s| !s.is_empty()),
            "the banner has no {part}: {banner}"
        );
    }
    t.wait_until("a countdown on the banner", secs(10), || async {
        gallery.retry_countdown().await
    })
    .await?;
    gallery.wait_lang(lang, lang_timeout()).await?;
    assert_heading(t, &locale, "your_jobs").await?;
    // Read at once, while the countdown runs (it retries by itself after 5 s).
    let answer = t
        .api_get(&format!("{base}/v1/jobs?limit=20&offset=0"))
        .await?;
    let shown = assert_no_english(t, lang, &answer["body"]).await?;
    let words = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let title = words(banner["title"].as_str().unwrap_or_default());
    ensure!(
        words(&shown.text).contains(&title),
        "the banner's title {title:?} was not in what was read: {:?}",
        shown.text
    );
    t.assert_axe_clean(&format!("{scenario} banner, in {lang}"))
        .await?;
    t.assert_page_healthy(&[&format!("{base}/v1/jobs")]).await
}

#[tokio::test]
async fn german_and_french_on_a_failure() {
    run!(|t| async move {
        for lang in ["de", "fr"] {
            for (scenario, kind, way) in [
                ("429", "rate_limited", WayIn::Element),
                ("503", "unavailable", WayIn::Script),
            ] {
                failure_in(&t, lang, scenario, kind, way)
                    .await
                    .with_context(|| {
                        format!("`{lang}`, scenario `{scenario}`, asked for on {way}")
                    })?;
            }
        }
        Ok(())
    })
    .await;
}

/// `<html lang="de-AT">` and no `lang` of the gallery's own: German, the root naming the
/// host's tag.
#[tokio::test]
async fn a_region_variant_gets_its_language() {
    run!(Options::frozen(), |t| async move {
        let german = Locale::read("de")?;
        let gallery = t.gallery();
        let options = json!({ "apiKey": DEMO_KEY, "pageSize": 20 });
        t.open_host_page(WayIn::Element, &options, Some("de-AT"))
            .await?;
        gallery.wait_loaded(20).await?;
        gallery.wait_lang("de-AT", lang_timeout()).await?;
        assert_heading(&t, &german, "your_jobs").await?;
        let page = t.api_get("/v1/jobs?limit=20&offset=0").await?;
        assert_no_english(&t, "de", &page["body"]).await?;
        t.assert_page_healthy(&[]).await
    })
    .await;
}

/// `labels` replacing "Refresh" on an English page, asked for `way`: the button says
/// the host's words and still refreshes; Pause and the heading stay English.
async fn one_word_replaced(t: &Test, way: WayIn) -> Result<()> {
    let english = Locale::read("en")?;
    let gallery = t.gallery();
    t.forget_console().await?;
    let options =
        json!({ "apiKey": DEMO_KEY, "pageSize": 20, "labels": { "refresh": "Neu laden" } });
    t.open_host_page(way, &options, None).await?;
    gallery.wait_loaded(20).await?;
    gallery.wait_lang("en", lang_timeout()).await?;
    assert_heading(t, &english, "your_jobs").await?;
    let buttons = gallery.toolbar_buttons().await?;
    let has = |words: &str| buttons.iter().any(|b| b == words);
    ensure!(
        has("Neu laden"),
        "no toolbar button says \"Neu laden\": {buttons:?}"
    );
    let refresh = english.text("refresh")?;
    ensure!(
        !has(refresh),
        "a toolbar button still says {refresh:?}: {buttons:?}"
    );
    let pause = english.text("pause")?;
    ensure!(
        has(pause),
        "no toolbar button says {pause:?} any more: {buttons:?}"
    );
    // The button with the host's words is Refresh: it asks for the page again.
    let first_page = "/v1/jobs?limit=20&offset=0";
    let asked = t.requests(first_page).len();
    gallery.button("Neu laden").await?.click().await?;
    t.wait_requests(first_page, asked + 1, secs(5))
        .await
        .context("\"Neu laden\" did not refresh")?;
    gallery.wait_idle(secs(10)).await?;
    t.assert_page_healthy(&[]).await
}

#[tokio::test]
async fn a_host_label_replaces_one_word() {
    run!(Options::frozen(), |t| async move {
        for way in [WayIn::Element, WayIn::Script] {
            one_word_replaced(&t, way)
                .await
                .with_context(|| format!("labels on {way}"))?;
        }
        Ok(())
    })
    .await;
}

/// `lang="de"` while the served `locales/de.json` is `spoil`ed: the gallery is English
/// (root, heading, buttons), it did ask for the file, and it said so in the console.
async fn english_without(t: &Test, spoil: Spoil) -> Result<()> {
    let english = Locale::read("en")?;
    let gallery = t.gallery();
    let _spoiled = t.spoil_locale("de", spoil)?;
    t.forget_console().await?;
    let file = "/locales/de.json";
    let asked = t.requests(file).len();
    let options = json!({ "lang": "de", "apiKey": DEMO_KEY, "pageSize": 20 });
    t.open_host_page(WayIn::Element, &options, None).await?;
    gallery.wait_loaded(20).await?;
    gallery.wait_lang("en", lang_timeout()).await?;
    assert_heading(t, &english, "your_jobs").await?;
    let buttons = gallery.toolbar_buttons().await?;
    for key in ["pause", "refresh"] {
        let words = english.text(key)?;
        ensure!(
            buttons.iter().any(|b| b == words),
            "no toolbar button says {words:?}: {buttons:?}"
        );
    }
    // Asked for (this is not a language without a file), and answered as spoiled.
    let requests = t.wait_requests(file, asked + 1, secs(5)).await?;
    let status = match spoil {
        Spoil::Missing => "404",
        Spoil::Broken => "200",
    };
    ensure!(
        requests[asked..]
            .iter()
            .any(|r| r.split_whitespace().nth(2) == Some(status)),
        "expected {file} answered {status}: {:?}",
        &requests[asked..]
    );
    let warnings: Vec<String> = t
        .console_log()
        .await?
        .into_iter()
        .filter(|e| e.level == "WARNING" && e.source == "console-api")
        .map(|e| e.to_string())
        .collect();
    ensure!(
        warnings.iter().any(|w| w.contains("de.json")),
        "no console warning naming de.json; the warnings: {warnings:?}"
    );
    // The file's 404 is the one failed request (Chromium and Firefox log it).
    t.assert_page_healthy(&[file]).await
}

#[tokio::test]
async fn a_missing_locale_falls_back_to_english() {
    run!(Options::frozen(), |t| async move {
        for spoil in [Spoil::Missing, Spoil::Broken] {
            english_without(&t, spoil)
                .await
                .with_context(|| format!("locales/de.json {spoil}"))?;
        }
        Ok(())
    })
    .await;
}
