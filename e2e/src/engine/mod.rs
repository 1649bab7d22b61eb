//! The browser engines: which one the suite drives ([`BrowserKind`], from
//! `E2E_BROWSER`) and the running session's engine ([`Engine`]), which carries what
//! only that engine needs (Firefox's BiDi connection, Chromium's profile folder,
//! WebKit's launch colour scheme). Every difference between the browsers is decided
//! here and carried out in `chromium`, `firefox` or `webkit`; the rest of the harness
//! and the tests ask for a behaviour, never for a browser.

mod chromium;
mod firefox;
mod vendor_command;
mod webkit;

use std::path::Path;

use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::Client;
use serde_json::json;

pub use chromium::CHROMIUM_ARGS;
pub use firefox::FIREFOX_ARGS;
pub use webkit::WEBKIT_ARGS;

use crate::console::LogEntry;
use crate::driver::DriverCommand;
use crate::{secs, Test};

/// The browser the suite drives, from `E2E_BROWSER` (`chromium`, the default,
/// `firefox` or `webkit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserKind {
    /// Debian's Chromium through chromedriver (CDP for emulation, `/se/log` for the console).
    Chromium,
    /// Debian's Firefox ESR through geckodriver (WebDriver BiDi for the same).
    Firefox,
    /// Debian's WebKitGTK, Safari's engine, through WebKitWebDriver: its MiniBrowser on
    /// a virtual display (Xvfb) the harness starts. Classic WebDriver only, so the
    /// console hooks and init scripts are scripts the served copy's pages load first,
    /// and there is no colour-scheme switch mid-session.
    WebKit,
}

impl BrowserKind {
    /// The browser chosen by `E2E_BROWSER` (panics on an unknown name, so a typo cannot
    /// silently run Chromium again).
    pub fn chosen() -> Self {
        match std::env::var("E2E_BROWSER").as_deref() {
            Err(_) | Ok("") | Ok("chromium") | Ok("chrome") => BrowserKind::Chromium,
            Ok("firefox") | Ok("firefox-esr") => BrowserKind::Firefox,
            Ok("webkit") | Ok("webkitgtk") => BrowserKind::WebKit,
            Ok(other) => {
                panic!("E2E_BROWSER={other:?}: expected `chromium`, `firefox` or `webkit`")
            }
        }
    }

    /// `chromium`, `firefox` or `webkit`: names the artifacts folder and the error
    /// messages.
    pub fn name(self) -> &'static str {
        match self {
            BrowserKind::Chromium => "chromium",
            BrowserKind::Firefox => "firefox",
            BrowserKind::WebKit => "webkit",
        }
    }

    /// How this browser's WebDriver server is started on `port`.
    pub(crate) fn driver_command(self, port: u16) -> Result<DriverCommand> {
        match self {
            BrowserKind::Chromium => chromium::driver_command(port),
            BrowserKind::Firefox => firefox::driver_command(port),
            BrowserKind::WebKit => webkit::driver_command(port),
        }
    }

    /// Whatever the served copy of the build needs for this browser (WebKit: the
    /// console hooks and init scripts every page loads first).
    pub(crate) fn prepare_site(self, site: &Path) -> Result<()> {
        match self {
            BrowserKind::WebKit => {
                webkit::hook_pages(site).context("adding the WebKit hooks to the pages")
            }
            BrowserKind::Chromium | BrowserKind::Firefox => Ok(()),
        }
    }

    /// Clears what the test before left in the served copy (WebKit: its init scripts).
    pub(crate) fn start_test(self) -> Result<()> {
        match self {
            BrowserKind::WebKit => webkit::clear_init_scripts(),
            BrowserKind::Chromium | BrowserKind::Firefox => Ok(()),
        }
    }

    /// Opens a session on the WebDriver server at `driver_url`, the browser starting as
    /// for a reader who prefers dark when `prefers_dark`.
    pub(crate) async fn connect(
        self,
        driver_url: &str,
        prefers_dark: bool,
    ) -> Result<(Client, Engine)> {
        Ok(match self {
            BrowserKind::Chromium => {
                let (client, engine) = chromium::connect(driver_url).await?;
                (client, Engine::Chromium(engine))
            }
            BrowserKind::Firefox => {
                let (client, engine) = firefox::connect(driver_url).await?;
                (client, Engine::Firefox(engine))
            }
            BrowserKind::WebKit => {
                let (client, engine) = webkit::connect(driver_url, prefers_dark).await?;
                (client, Engine::WebKit(engine))
            }
        })
    }
}

/// A new, empty folder of one session's own in the temporary folder
/// (`jobs-gallery-e2e-{what}-{pid}-{n}`), for a browser profile, its downloads, or a
/// test's files.
pub fn session_folder(what: &str) -> Result<std::path::PathBuf> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let folder = std::env::temp_dir().join(format!(
        "jobs-gallery-e2e-{what}-{}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    Ok(folder)
}

/// The engine of a running session, with what only it needs.
#[derive(Clone)]
pub(crate) enum Engine {
    Chromium(chromium::Chromium),
    Firefox(firefox::Firefox),
    WebKit(webkit::WebKit),
}

impl Engine {
    pub(crate) fn kind(&self) -> BrowserKind {
        match self {
            Engine::Chromium(_) => BrowserKind::Chromium,
            Engine::Firefox(_) => BrowserKind::Firefox,
            Engine::WebKit(_) => BrowserKind::WebKit,
        }
    }

    /// The console entries (and failed requests) logged since the last read.
    pub(crate) async fn read_console(&self, t: &Test) -> Result<Vec<LogEntry>> {
        match self {
            Engine::Chromium(_) => chromium::read_console(&t.client).await,
            Engine::Firefox(firefox) => firefox.read_console().await,
            Engine::WebKit(_) => webkit::read_console(t).await,
        }
    }

    /// Clean-up once the session is deleted (Chromium: its profile folder; Firefox: its
    /// downloads folder).
    pub(crate) fn session_ended(&self) {
        match self {
            Engine::Chromium(chromium) => chromium.remove_profile(),
            Engine::Firefox(firefox) => firefox.remove_downloads(),
            Engine::WebKit(_) => {}
        }
    }

    /// The folder the browser saves this session's downloads in, where the harness can
    /// read them (none in WebKit: WebKitWebDriver has no setting for where downloads go).
    pub(crate) fn downloads(&self) -> Option<std::path::PathBuf> {
        match self {
            Engine::Chromium(chromium) => Some(chromium.downloads()),
            Engine::Firefox(firefox) => Some(firefox.downloads().to_owned()),
            Engine::WebKit(_) => None,
        }
    }
}

/// Emulation and page set-up, each carried out the way the session's engine can.
impl Test {
    /// The browser this test runs in.
    pub fn browser(&self) -> BrowserKind {
        self.engine.kind()
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`), e.g. `Emulation.setEmulatedMedia`; returns its result.
    /// Chromium only: the others fail with a clear error (use the portable helpers).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> Result<serde_json::Value> {
        match &self.engine {
            Engine::Chromium(_) => chromium::cdp(&self.client, cmd, params).await,
            other => bail!(
                "CDP command {cmd}: there is no DevTools protocol in {} through its WebDriver server",
                other.kind().name()
            ),
        }
    }

    /// Runs `source` in every document this session loads from now on, before the
    /// page's own scripts (Chromium: CDP `Page.addScriptToEvaluateOnNewDocument`;
    /// Firefox: BiDi `script.addPreloadScript`; WebKit: the served copy's
    /// `e2e-init.js`, which its pages load before their own scripts). Each runs in a
    /// function of its own, as in Firefox.
    pub async fn add_init_script(&self, source: &str) -> Result<()> {
        match &self.engine {
            Engine::Chromium(_) => chromium::add_init_script(&self.client, source).await,
            Engine::Firefox(firefox) => firefox.add_init_script(source).await,
            Engine::WebKit(_) => webkit::add_init_script(source),
        }
    }

    /// Lets the page read the clipboard (`navigator.clipboard.readText`) as a person who
    /// allowed it would (Chromium: CDP `Browser.grantPermissions`; Firefox: allowed by
    /// the session's preferences; WebKit: by MiniBrowser's arguments).
    pub async fn allow_clipboard(&self) -> Result<()> {
        match &self.engine {
            Engine::Chromium(_) => chromium::allow_clipboard(&self.client, &self.base).await,
            Engine::Firefox(_) | Engine::WebKit(_) => Ok(()),
        }
    }

    /// What the clipboard holds, read by the page (after [`Test::allow_clipboard`]), or
    /// `error: …` where the browser refused.
    pub async fn clipboard_text(&self) -> Result<String> {
        let text = self
            .js_async(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));",
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// Sets the notification permission of the test's pages, as a reader's answer
    /// would: "granted", "denied" or "prompt" (Chromium: CDP `Browser.setPermission` for
    /// the server's origin; Firefox: the default for every site, from its chrome
    /// context). False where the driver cannot: WebKitGTK denies every request of a
    /// WebDriver session, and WebKitWebDriver has no command to say otherwise.
    pub async fn set_notification_permission(&self, state: &str) -> Result<bool> {
        match &self.engine {
            Engine::Chromium(_) => {
                let params = json!({ "origin": self.base, "permission": { "name": "notifications" }, "setting": state });
                chromium::cdp(&self.client, "Browser.setPermission", params).await?;
            }
            Engine::Firefox(_) => firefox::set_notifications(&self.client, state).await?,
            Engine::WebKit(_) => return Ok(false),
        }
        Ok(true)
    }

    /// Hides the page's tab, as a reader who switches away does (the window minimised:
    /// every driver can, and the page can still be read), and waits until the page
    /// knows it.
    pub async fn hide_tab(&self) -> Result<()> {
        self.client
            .minimize_window()
            .await
            .context("minimising the window")?;
        self.wait_visibility("hidden").await
    }

    /// Shows the page's tab again (the window back at its size).
    pub async fn show_tab(&self) -> Result<()> {
        self.client
            .set_window_size(crate::VIEWPORT.0, crate::VIEWPORT.1)
            .await
            .context("restoring the window")?;
        self.wait_visibility("visible").await
    }

    async fn wait_visibility(&self, state: &str) -> Result<()> {
        self.wait_until(
            &format!("the page to be {state}"),
            crate::PAGE_TIMEOUT,
            || async {
                let now = self.js("return document.visibilityState;", vec![]).await?;
                Ok((now == serde_json::json!(state)).then_some(()))
            },
        )
        .await
    }

    /// Whether [`Test::emulate_color_scheme`] can switch the scheme mid-session (not in
    /// WebKit, which takes it only at launch: [`crate::Options::prefers_dark`]).
    pub fn can_switch_color_scheme(&self) -> bool {
        !matches!(self.engine, Engine::WebKit(_))
    }

    /// Emulates `prefers-color-scheme: light|dark` (Chromium: CDP
    /// `Emulation.setEmulatedMedia`; Firefox: its content colour-scheme preference;
    /// WebKit: only the scheme it was started with, see [`crate::Options::prefers_dark`])
    /// and waits (bounded) until the page's media query sees it.
    pub async fn emulate_color_scheme(&self, scheme: &str) -> Result<()> {
        ensure!(
            matches!(scheme, "light" | "dark"),
            "emulate_color_scheme: `{scheme}` is neither light nor dark"
        );
        match &self.engine {
            Engine::Chromium(_) => chromium::set_color_scheme(&self.client, scheme).await?,
            Engine::Firefox(_) => firefox::set_color_scheme(&self.client, scheme).await?,
            Engine::WebKit(webkit) => webkit.check_color_scheme(scheme)?,
        }
        let query = format!("(prefers-color-scheme: {scheme})");
        self.wait_until(&format!("{query} to apply"), secs(2), || async {
            let on = self
                .js(
                    "return matchMedia(arguments[0]).matches;",
                    vec![json!(query)],
                )
                .await?;
            Ok((on == json!(true)).then_some(()))
        })
        .await
    }

    /// Emulates a viewport of `width` × `height` CSS pixels (CDP
    /// `Emulation.setDeviceMetricsOverride`; `mobile` for a phone's) and waits (bounded)
    /// until the page has it.
    /// (Firefox: BiDi `browsingContext.setViewport`, the same CSS size without a phone's
    /// other traits. WebKit: the window resized around the viewport; for a phone, which
    /// MiniBrowser's window cannot be as narrow as, the page in a frame of that size.)
    pub async fn emulate_viewport(&self, width: u32, height: u32, mobile: bool) -> Result<()> {
        match &self.engine {
            Engine::Chromium(_) => {
                chromium::set_viewport(&self.client, width, height, mobile).await?
            }
            Engine::Firefox(firefox) => firefox.set_viewport(width, height).await?,
            Engine::WebKit(_) => {
                return webkit::emulate_viewport(self, width, height, mobile).await
            }
        }
        self.wait_until(&format!("a viewport {width} px wide"), secs(2), || async {
            let w = self.js("return window.innerWidth;", vec![]).await?;
            Ok((w == json!(width)).then_some(()))
        })
        .await
    }
}
