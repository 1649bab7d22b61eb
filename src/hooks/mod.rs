//! The browser-facing pieces a component needs, one concern per file, in the style of
//! leptos-use: each registers what it needs with the current owner and removes it in
//! `on_cleanup`, so a gallery that is unmounted leaves no timer or listener behind.

pub mod use_clock;
pub mod use_countdown;
pub mod use_tab_visibility;

pub use use_clock::use_clock;
pub use use_countdown::{use_countdown, UseCountdown};
pub use use_tab_visibility::{tab_hidden, use_tab_visibility};
