//! The server's configuration, and the state every handler shares.

use crate::clock::Clock;
use crate::history::Demo;
use crate::images::ImageCache;
use crate::media_proxy::{MediaConfig, MediaProxy};
use crate::proxy::Upstream;
use crate::request::{LogSink, RequestIds};
use std::path::PathBuf;
use std::sync::Arc;

/// Encoded result pictures kept in memory.
const IMAGE_CACHE_ENTRIES: usize = 512;

pub enum Mode {
    Demo(Demo),
    Proxy(Upstream),
}

pub struct Config {
    pub mode: Mode,
    pub clock: Arc<dyn Clock>,
    pub static_dir: Option<PathBuf>,
    pub csp: bool,
    pub log: LogSink,
    pub media: MediaConfig,
}

impl Config {
    /// Demo mode with the given seed, started at the clock's current time.
    pub fn demo(seed: u64, clock: Arc<dyn Clock>) -> Config {
        let demo = Demo::new(seed, clock.now());
        Config {
            mode: Mode::Demo(demo),
            clock,
            static_dir: None,
            csp: false,
            log: LogSink::Off,
            media: MediaConfig::default(),
        }
    }
}

/// Shared by every handler.
pub struct AppState {
    pub mode: Mode,
    pub clock: Arc<dyn Clock>,
    pub static_dir: Option<PathBuf>,
    pub csp: bool,
    pub log: LogSink,
    pub media_proxy: MediaProxy,
    pub images: ImageCache,
    pub request_ids: RequestIds,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState {
            media_proxy: MediaProxy::new(config.media, &config.mode),
            mode: config.mode,
            clock: config.clock,
            static_dir: config.static_dir,
            csp: config.csp,
            log: config.log,
            images: ImageCache::new(IMAGE_CACHE_ENTRIES),
            request_ids: RequestIds::new(),
        }
    }

    pub fn demo(&self) -> Option<&Demo> {
        match &self.mode {
            Mode::Demo(d) => Some(d),
            Mode::Proxy(_) => None,
        }
    }
}
