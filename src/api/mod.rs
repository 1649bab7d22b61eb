//! Everything about the wire, and nothing about the DOM.

pub mod client;
pub mod failure;
pub mod json;
pub mod model;
pub mod results;

pub use failure::{ErrorBody, Failure, ForbiddenReason};
pub use model::{decode_page, Job, JobError, Page, SceneProgress, Status};
pub use results::{FormatLink, ImageFormat, JobResult, Link, ResultImage};
