//! A gallery of image-generation jobs, for Leptos apps and for any web page.

pub mod api;
pub mod config;
pub mod paging;
pub mod time;
