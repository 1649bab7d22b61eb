//! Every JSON failure the server answers with, as the one error type its handlers return.
//!
//! The body repeats the request's id, which only the request layer knows (see
//! [`crate::request`]). So `into_response` sets the status and headers and leaves the
//! code, message and details on the response; the layer writes the body with the id.

use crate::model::ErrorBody;
use crate::paging::PagingError;
use crate::request::RequestId;
use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

/// A failure as the client sees it: its status, `error` code and `message` (the
/// `Display` text). The last group is the service's own failures, which the demo's
/// scenarios stage so that a widget can be shown each of them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 404 `not_found`: no such endpoint in this mode.
    #[error("Endpoint not found.")]
    NotFound,
    /// 404 `not_found`, naming the scenario.
    #[error("Unknown scenario. GET /scenario lists them.")]
    UnknownScenario(String),
    /// 404 `not_found` on `/v1/jobs/{id}`: no such job, or not an id at all (which is
    /// never echoed).
    #[error("No job with this id.")]
    JobNotFound,
    /// 401 `auth_invalid`: no `Bearer dpct_…` key.
    #[error("Missing or invalid API key.")]
    Unauthorized,
    /// 400 `bad_request` or 422 `validation_error` for `limit`/`offset`.
    #[error(transparent)]
    Paging(#[from] PagingError),
    /// 504 `upstream_timeout` (proxy mode).
    #[error("The service did not answer in time.")]
    UpstreamTimeout,
    /// 502 `upstream_unreachable` (proxy mode).
    #[error("The service could not be reached.")]
    UpstreamUnreachable,
    /// 502 `upstream_too_large` (proxy mode, and the media proxy over its size cap).
    #[error("The service sent an oversized answer.")]
    UpstreamTooLarge,
    /// 400 `bad_request`: the media proxy's `url` is missing or not an absolute URL.
    #[error("The url parameter must be an absolute http or https URL.")]
    BadMediaUrl,
    /// 403 `media_not_allowed`: the media proxy does not fetch from that origin.
    #[error("The media proxy does not fetch from this address.")]
    MediaNotAllowed,
    /// 502 `upstream_status`: the media host did not answer 200.
    #[error("The media host answered with status {0}.")]
    UpstreamStatus(u16),
    /// 502 `upstream_redirect`: the media host redirected, which the proxy never follows.
    #[error("The media host answered with a redirect, which the proxy does not follow.")]
    UpstreamRedirect,
    /// 502 `upstream_not_image`: the media host answered with something else than a
    /// picture.
    #[error("The media host did not answer with an image.")]
    UpstreamNotImage,

    /// 402 `credit_insufficient`.
    #[error("Your balance is too low. Top up in the dashboard.")]
    CreditInsufficient,
    /// 403 `account_suspended`.
    #[error("This account is suspended. Contact support via the dashboard.")]
    AccountSuspended,
    /// 403 `auth_email_not_verified`.
    #[error("Verify your email address before using the API.")]
    EmailNotVerified,
    /// 403 `content_rejected`.
    #[error("The request was rejected by the content policy.")]
    ContentRejected,
    /// 409 `conflict`.
    #[error("The request conflicts with the current state of the resource.")]
    Conflict,
    /// 422 `validation_error` naming both paging fields, as the service words it.
    #[error("limit and offset are out of range.")]
    InvalidParameters,
    /// 422 `model_not_capable`.
    #[error("The selected model cannot perform this operation.")]
    ModelNotCapable,
    /// 429 `rate_limited`, with `Retry-After`.
    #[error("Too many concurrent requests (max 10).")]
    RateLimited(RetryAfter),
    /// 451 `unavailable_for_legal_reasons`.
    #[error("This content is unavailable in your region.")]
    UnavailableForLegalReasons,
    /// 500 `internal_error`.
    #[error("Something went wrong on our side.")]
    Internal,
    /// 502 `bad_gateway`, a JSON body (unlike an HTML page from a proxy).
    #[error("Upstream provider returned an invalid response.")]
    BadGateway,
    /// 503 `service_unavailable`, with `Retry-After`.
    #[error("The service is temporarily unavailable.")]
    ServiceUnavailable(RetryAfter),
}

/// How long `Retry-After` asks the client to wait, and how it spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: 5`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>`, that many seconds after the answer.
    DateIn(u64),
}

impl RetryAfter {
    pub fn seconds(self) -> u64 {
        match self {
            RetryAfter::Seconds(s) | RetryAfter::DateIn(s) => s,
        }
    }

    fn header(self) -> String {
        match self {
            RetryAfter::Seconds(s) => s.to_string(),
            RetryAfter::DateIn(s) => {
                httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(s))
            }
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        use ApiError::*;
        match self {
            NotFound | UnknownScenario(_) | JobNotFound => StatusCode::NOT_FOUND,
            Unauthorized => StatusCode::UNAUTHORIZED,
            Paging(PagingError::Malformed(_)) | BadMediaUrl => StatusCode::BAD_REQUEST,
            Paging(PagingError::OutOfRange(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            UpstreamUnreachable | UpstreamTooLarge | UpstreamStatus(_) | UpstreamRedirect
            | UpstreamNotImage | BadGateway => StatusCode::BAD_GATEWAY,
            CreditInsufficient => StatusCode::PAYMENT_REQUIRED,
            AccountSuspended | EmailNotVerified | ContentRejected | MediaNotAllowed => {
                StatusCode::FORBIDDEN
            }
            Conflict => StatusCode::CONFLICT,
            InvalidParameters | ModelNotCapable => StatusCode::UNPROCESSABLE_ENTITY,
            RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            UnavailableForLegalReasons => StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ServiceUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The body's `error` field.
    pub fn code(&self) -> &'static str {
        use ApiError::*;
        match self {
            NotFound | UnknownScenario(_) | JobNotFound => "not_found",
            Unauthorized => "auth_invalid",
            Paging(PagingError::Malformed(_)) | BadMediaUrl => "bad_request",
            Paging(PagingError::OutOfRange(_)) | InvalidParameters => "validation_error",
            UpstreamTimeout => "upstream_timeout",
            UpstreamUnreachable => "upstream_unreachable",
            UpstreamTooLarge => "upstream_too_large",
            MediaNotAllowed => "media_not_allowed",
            UpstreamStatus(_) => "upstream_status",
            UpstreamRedirect => "upstream_redirect",
            UpstreamNotImage => "upstream_not_image",
            CreditInsufficient => "credit_insufficient",
            AccountSuspended => "account_suspended",
            EmailNotVerified => "auth_email_not_verified",
            ContentRejected => "content_rejected",
            Conflict => "conflict",
            ModelNotCapable => "model_not_capable",
            RateLimited(_) => "rate_limited",
            UnavailableForLegalReasons => "unavailable_for_legal_reasons",
            Internal => "internal_error",
            BadGateway => "bad_gateway",
            ServiceUnavailable(_) => "service_unavailable",
        }
    }

    /// The body's `details`: null unless there is something to name.
    pub fn details(&self) -> Value {
        use ApiError::*;
        match self {
            UnknownScenario(name) => json!({ "scenario": name }),
            Paging(e) => e.fields().details(),
            InvalidParameters => {
                json!({ "limit": "must be between 1 and 100", "offset": "must be an integer" })
            }
            ModelNotCapable => json!({ "model": "does not support this operation" }),
            BadMediaUrl => json!({ "url": "must be an absolute http or https URL" }),
            UpstreamStatus(status) => json!({ "status": status }),
            RateLimited(wait) => json!({ "retry_after": wait.seconds() }),
            _ => Value::Null,
        }
    }

    fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            ApiError::RateLimited(wait) | ApiError::ServiceUnavailable(wait) => Some(*wait),
            _ => None,
        }
    }
}

/// A failure whose body still lacks the request id; [`write_body`] completes it.
#[derive(Debug, Clone)]
struct Unsent {
    error: &'static str,
    message: String,
    details: Value,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status(), [(CONTENT_TYPE, "application/json")]).into_response();
        if let Some(wait) = self.retry_after() {
            if let Ok(v) = HeaderValue::from_str(&wait.header()) {
                res.headers_mut().insert(RETRY_AFTER, v);
            }
        }
        res.extensions_mut().insert(Unsent {
            error: self.code(),
            message: self.to_string(),
            details: self.details(),
        });
        res
    }
}

/// Writes the documented failure body, with `rid`, into a response made from an
/// [`ApiError`]; leaves any other response alone.
pub(crate) fn write_body(res: &mut Response, rid: &RequestId) {
    let Some(unsent) = res.extensions_mut().remove::<Unsent>() else {
        return;
    };
    let body = ErrorBody {
        error: unsent.error.into(),
        message: unsent.message,
        details: unsent.details,
        request_id: rid.0.clone(),
    };
    // Strings and a `Value` always serialize; an empty body would still carry the status.
    *res.body_mut() = Body::from(serde_json::to_vec(&body).unwrap_or_default());
}
