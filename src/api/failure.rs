//! Every way a page request can fail, as one typed value per thing the user must be
//! told apart. Classified by HTTP status first; the body's `error` code only refines
//! the message (403 has three causes), since proxies answer with bodies of their own.

use super::json::{self, Json};

use super::model::{clip, text_field, MAX_TEXT};
use crate::time::{parse_http_date, Millis};
use crate::words::Key;

/// The `{error, message, details, request_id}` body, every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: Option<String>,
    pub message: Option<String>,
    /// `details` as compact JSON text, for the copyable report.
    pub details: Option<String>,
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// Reads a failure body leniently: HTML, empty or mistyped bodies give an empty
    /// `ErrorBody`, never an error. `header_request_id` fills in a missing request id.
    pub fn parse(body: &str, header_request_id: Option<&str>) -> Self {
        let parsed = json::parse(body).ok();
        let obj = parsed.as_ref().and_then(Json::as_object);
        let mut out = ErrorBody::default();
        if let Some(obj) = obj {
            // Some gateways nest the body: {"error": {"code": …, "message": …}}.
            let nested = obj.get("error").and_then(Json::as_object);
            out.code = text_field(obj, "error", 100)
                .or_else(|| nested.and_then(|n| text_field(n, "code", 100)));
            out.message = text_field(obj, "message", MAX_TEXT)
                .or_else(|| nested.and_then(|n| text_field(n, "message", MAX_TEXT)));
            out.request_id = text_field(obj, "request_id", 200);
            out.details = obj
                .get("details")
                .filter(|d| !d.is_null())
                .map(|d| clip(&d.to_text(), MAX_TEXT));
        }
        if out.request_id.is_none() {
            out.request_id = header_request_id
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| clip(s, 200));
        }
        out
    }
}

/// Why a 403 denied access: each needs a different action from the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForbiddenReason {
    EmailNotVerified,
    ContentRejected,
    AccountSuspended,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("bad request")]
    BadRequest(ErrorBody),
    #[error("unauthorized")]
    Unauthorized(ErrorBody),
    #[error("payment required")]
    PaymentRequired(ErrorBody),
    #[error("forbidden")]
    Forbidden {
        reason: ForbiddenReason,
        body: ErrorBody,
    },
    #[error("not found")]
    NotFound(ErrorBody),
    #[error("conflict")]
    Conflict(ErrorBody),
    #[error("unprocessable")]
    Unprocessable(ErrorBody),
    #[error("rate limited")]
    RateLimited {
        retry_after_s: Option<u32>,
        body: ErrorBody,
    },
    #[error("unavailable for legal reasons")]
    Legal(ErrorBody),
    #[error("server error")]
    ServerError(ErrorBody),
    #[error("bad gateway")]
    BadGateway {
        retry_after_s: Option<u32>,
        body: ErrorBody,
    },
    #[error("service unavailable")]
    Unavailable {
        retry_after_s: Option<u32>,
        body: ErrorBody,
    },
    #[error("unexpected status {status}")]
    UnexpectedStatus { status: u16, body: ErrorBody },
    /// The request never got an HTTP answer; `offline` when the browser says it has no network.
    #[error("network failure")]
    Network { offline: bool },
    #[error("timed out")]
    Timeout { after_ms: u32 },
    /// A 200 whose body the widget cannot read.
    #[error("undecodable answer: {reason}")]
    Decode {
        reason: String,
        request_id: Option<String>,
    },
}

/// Reads `Retry-After` as delta-seconds or as an HTTP date relative to `now`.
/// A date in the past means "now" (0); nonsense means "not given".
pub fn parse_retry_after(value: &str, now: Millis) -> Option<u32> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs.min(24 * 3600) as u32);
    }
    let at = parse_http_date(value)?;
    // `now` is the caller's clock (or the server's `Date`): any i64, so saturate.
    Some(
        (at.saturating_sub(now).max(0) as u64)
            .div_ceil(1000)
            .min(24 * 3600) as u32,
    )
}

impl Failure {
    /// Classifies a non-2xx answer. `retry_after` is the already parsed header.
    pub fn from_status(status: u16, body: ErrorBody, retry_after_s: Option<u32>) -> Self {
        match status {
            400 => Failure::BadRequest(body),
            401 => Failure::Unauthorized(body),
            402 => Failure::PaymentRequired(body),
            403 => {
                let reason = match body.code.as_deref() {
                    Some("auth_email_not_verified") => ForbiddenReason::EmailNotVerified,
                    Some("content_rejected") => ForbiddenReason::ContentRejected,
                    Some("account_suspended") => ForbiddenReason::AccountSuspended,
                    _ => ForbiddenReason::Other,
                };
                Failure::Forbidden { reason, body }
            }
            404 => Failure::NotFound(body),
            409 => Failure::Conflict(body),
            422 => Failure::Unprocessable(body),
            429 => Failure::RateLimited {
                retry_after_s,
                body,
            },
            451 => Failure::Legal(body),
            500 => Failure::ServerError(body),
            502 => Failure::BadGateway {
                retry_after_s,
                body,
            },
            503 => Failure::Unavailable {
                retry_after_s,
                body,
            },
            _ => Failure::UnexpectedStatus { status, body },
        }
    }

    /// The `data-error-kind` value of the banner.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::BadRequest(_) => "bad_request",
            Failure::Unauthorized(_) => "unauthorized",
            Failure::PaymentRequired(_) => "payment_required",
            Failure::Forbidden { .. } => "forbidden",
            Failure::NotFound(_) => "not_found",
            Failure::Conflict(_) => "conflict",
            Failure::Unprocessable(_) => "unprocessable",
            Failure::RateLimited { .. } => "rate_limited",
            Failure::Legal(_) => "legal",
            Failure::ServerError(_) => "server_error",
            Failure::BadGateway { .. } => "bad_gateway",
            Failure::Unavailable { .. } => "unavailable",
            Failure::UnexpectedStatus { .. } => "unexpected_status",
            Failure::Network { .. } => "network",
            Failure::Timeout { .. } => "timeout",
            Failure::Decode { .. } => "decode",
        }
    }

    /// The HTTP status of the answer, when there was one (the inverse of `from_status`;
    /// an undecodable answer was a 200).
    pub fn http_status(&self) -> Option<u16> {
        Some(match self {
            Failure::BadRequest(_) => 400,
            Failure::Unauthorized(_) => 401,
            Failure::PaymentRequired(_) => 402,
            Failure::Forbidden { .. } => 403,
            Failure::NotFound(_) => 404,
            Failure::Conflict(_) => 409,
            Failure::Unprocessable(_) => 422,
            Failure::RateLimited { .. } => 429,
            Failure::Legal(_) => 451,
            Failure::ServerError(_) => 500,
            Failure::BadGateway { .. } => 502,
            Failure::Unavailable { .. } => 503,
            Failure::UnexpectedStatus { status, .. } => *status,
            Failure::Decode { .. } => 200,
            Failure::Network { .. } | Failure::Timeout { .. } => return None,
        })
    }

    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Failure::BadRequest(b)
            | Failure::Unauthorized(b)
            | Failure::PaymentRequired(b)
            | Failure::NotFound(b)
            | Failure::Conflict(b)
            | Failure::Unprocessable(b)
            | Failure::Legal(b)
            | Failure::ServerError(b) => Some(b),
            Failure::Forbidden { body, .. }
            | Failure::RateLimited { body, .. }
            | Failure::BadGateway { body, .. }
            | Failure::Unavailable { body, .. }
            | Failure::UnexpectedStatus { body, .. } => Some(body),
            Failure::Network { .. } | Failure::Timeout { .. } | Failure::Decode { .. } => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            Failure::Decode { request_id, .. } => request_id.as_deref(),
            _ => self.body().and_then(|b| b.request_id.as_deref()),
        }
    }

    /// What the server said, when it said anything readable.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            Failure::Decode { reason, .. } => Some(reason),
            _ => self.body().and_then(|b| b.message.as_deref()),
        }
    }

    pub fn retry_after_s(&self) -> Option<u32> {
        match self {
            Failure::RateLimited { retry_after_s, .. }
            | Failure::BadGateway { retry_after_s, .. }
            | Failure::Unavailable { retry_after_s, .. } => *retry_after_s,
            _ => None,
        }
    }

    /// Whether trying the same request again can help without the user changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Failure::RateLimited { .. }
                | Failure::ServerError(_)
                | Failure::BadGateway { .. }
                | Failure::Unavailable { .. }
                | Failure::Network { .. }
                | Failure::Timeout { .. }
                | Failure::Conflict(_)
                | Failure::UnexpectedStatus { .. }
                | Failure::Decode { .. }
        )
    }

    pub fn title(&self) -> String {
        let key = match self {
            Failure::BadRequest(_) => Key::title_bad_request,
            Failure::Unauthorized(_) => Key::title_unauthorized,
            Failure::PaymentRequired(_) => Key::title_payment_required,
            Failure::Forbidden { reason, .. } => match reason {
                ForbiddenReason::EmailNotVerified => Key::title_email_not_verified,
                ForbiddenReason::ContentRejected => Key::title_content_rejected,
                ForbiddenReason::AccountSuspended => Key::title_account_suspended,
                ForbiddenReason::Other => Key::title_forbidden,
            },
            Failure::NotFound(_) => Key::title_not_found,
            Failure::Conflict(_) => Key::title_conflict,
            Failure::Unprocessable(_) => Key::title_unprocessable,
            Failure::RateLimited { .. } => Key::title_rate_limited,
            Failure::Legal(_) => Key::title_legal,
            Failure::ServerError(_) => Key::title_server_error,
            Failure::BadGateway { .. } => Key::title_bad_gateway,
            Failure::Unavailable { .. } => Key::title_unavailable,
            Failure::UnexpectedStatus { status, .. } => {
                return Key::title_unexpected_status.with(&[("status", &status.to_string())])
            }
            Failure::Network { offline: true } => Key::title_offline,
            Failure::Network { offline: false } => Key::title_network,
            Failure::Timeout { .. } => Key::title_timeout,
            Failure::Decode { .. } => Key::title_decode,
        };
        key.text()
    }

    /// What the user can do about it.
    pub fn advice(&self) -> String {
        let key = match self {
            Failure::BadRequest(_) => Key::advice_bad_request,
            Failure::Unauthorized(_) => Key::advice_unauthorized,
            Failure::PaymentRequired(_) => Key::advice_payment_required,
            Failure::Forbidden { reason, .. } => match reason {
                ForbiddenReason::EmailNotVerified => Key::advice_email_not_verified,
                ForbiddenReason::ContentRejected => Key::advice_content_rejected,
                ForbiddenReason::AccountSuspended => Key::advice_account_suspended,
                ForbiddenReason::Other => Key::advice_forbidden,
            },
            Failure::NotFound(_) => Key::advice_not_found,
            Failure::Conflict(_) => Key::advice_conflict,
            Failure::Unprocessable(_) => Key::advice_unprocessable,
            Failure::RateLimited {
                retry_after_s: Some(_),
                ..
            } => Key::advice_rate_limited_wait,
            Failure::RateLimited {
                retry_after_s: None,
                ..
            } => Key::advice_rate_limited,
            Failure::Legal(_) => Key::advice_legal,
            Failure::ServerError(_) | Failure::BadGateway { .. } | Failure::Unavailable { .. } => {
                Key::advice_server
            }
            Failure::UnexpectedStatus { .. } => Key::advice_unexpected_status,
            Failure::Network { offline: true } => Key::advice_offline,
            Failure::Network { offline: false } => Key::advice_network,
            Failure::Timeout { after_ms } => {
                let seconds = (after_ms / 1000).to_string();
                return Key::advice_timeout.with(&[("seconds", &seconds)]);
            }
            Failure::Decode { .. } => Key::advice_decode,
        };
        key.text()
    }

    /// Plain-text report for the clipboard: everything support would ask for.
    pub fn report(&self) -> String {
        let mut lines = vec![format!("{} ({})", self.title(), self.kind())];
        if let Failure::UnexpectedStatus { status, .. } = self {
            lines.push(format!("HTTP status: {status}"));
        }
        if let Some(body) = self.body() {
            if let Some(code) = &body.code {
                lines.push(format!("Code: {code}"));
            }
        }
        if let Some(message) = self.server_message() {
            lines.push(format!("Message: {message}"));
        }
        if let Some(details) = self.body().and_then(|b| b.details.as_deref()) {
            lines.push(format!("Details: {details}"));
        }
        if let Some(id) = self.request_id() {
            lines.push(format!("Request id: {id}"));
        }
        lines.join("\n")
    }
}
