//! Serves a built widget (`trunk build` output) from the same origin as the API.
//!
//! Trunk names assets `name-<hash>.ext`, so those can be cached for a year; `index.html`
//! names them and must be revalidated every time. Precompressed siblings (`.br`, `.gz`)
//! are served when the client accepts them.

use crate::AppState;
use axum::http::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// True for Trunk's content-hashed names, e.g. `app-1a2b3c4d5e6f7a8b_bg.wasm`,
/// `style-1a2b3c4d5e6f7a8b.css`: a `-` followed by at least 8 hex digits at the end of
/// the stem (an optional `_bg` suffix allowed).
pub fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((head, hash)) => {
            !head.is_empty() && hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file path under the root for a request path, or None for anything that could
/// step outside it (`..`, backslashes, NUL, drive letters).
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains('\\') || seg.contains('\0') || seg.contains(':') {
            return None;
        }
        rel.push(seg);
    }
    Some(rel)
}

/// Parses `Accept-Encoding` enough to honour `q=0`.
fn accepts(header: Option<&HeaderValue>, coding: &str) -> bool {
    let Some(v) = header.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    v.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let q_zero = it.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .map(|q| q.trim().parse::<f32>().map(|q| q <= 0.0).unwrap_or(false))
                .unwrap_or(false)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !q_zero
    })
}

/// Why a file is not served. The `Display` text is the plain-text body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StaticError {
    #[error("Not found\n")]
    NotFound,
    #[error("Method not allowed\n")]
    MethodNotAllowed,
    /// A path that could lead outside the served folder.
    #[error("Bad path\n")]
    BadPath,
}

impl IntoResponse for StaticError {
    fn into_response(self) -> Response {
        let status = match self {
            StaticError::NotFound => StatusCode::NOT_FOUND,
            StaticError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            StaticError::BadPath => StatusCode::BAD_REQUEST,
        };
        let text = self.to_string();
        (status, [(CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
    }
}

/// A file of the built widget, or why not; either way with `nosniff` (and the CSP when
/// `--csp` is given).
pub async fn serve(state: &AppState, method: &Method, path: &str, headers: &HeaderMap) -> Response {
    let mut res = serve_file(state, method, path, headers)
        .await
        .into_response();
    let h = res.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if state.csp {
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::CSP),
        );
    }
    res
}

async fn serve_file(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<Response, StaticError> {
    let root = state.static_dir.as_ref().ok_or(StaticError::NotFound)?;
    if method != Method::GET && method != Method::HEAD {
        return Err(StaticError::MethodNotAllowed);
    }
    let rel = safe_relative(path).ok_or(StaticError::BadPath)?;
    let mut file = root.join(&rel);
    if tokio::fs::metadata(&file)
        .await
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        file.push("index.html");
    }
    // Symlinks inside dist must not lead outside it either.
    let (Ok(root_c), Ok(file_c)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(&file).await,
    ) else {
        return Err(StaticError::NotFound);
    };
    if !file_c.starts_with(&root_c) || !file_c.is_file() {
        return Err(StaticError::NotFound);
    }
    let name = file_c
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();

    let accept = headers.get(axum::http::header::ACCEPT_ENCODING);
    let mut encoding = None;
    let mut has_sibling = false;
    let mut chosen = file_c.clone();
    for (coding, ext) in [("br", "br"), ("gzip", "gz")] {
        let sibling = PathBuf::from(format!("{}.{ext}", file_c.display()));
        if tokio::fs::metadata(&sibling)
            .await
            .map(|m| m.is_file())
            .unwrap_or(false)
        {
            has_sibling = true;
            if encoding.is_none() && accepts(accept, coding) {
                encoding = Some(coding);
                chosen = sibling;
            }
        }
    }
    let bytes = tokio::fs::read(&chosen)
        .await
        .map_err(|_| StaticError::NotFound)?;
    let cache = if name == "index.html" || name.ends_with(".html") {
        "no-cache"
    } else if is_hashed(&name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut res = (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(content_type(&file_c)),
            ),
            (CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response();
    let h = res.headers_mut();
    if let Some(coding) = encoding {
        h.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    if has_sibling {
        h.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("jobs-gallery-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("jobs-gallery-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("favicon.png"));
        assert!(!is_hashed("jobs-gallery.js"));
    }

    #[test]
    fn traversal_rejected() {
        assert!(safe_relative("/../etc/passwd").is_none());
        assert!(safe_relative("/a/%2e%2e/b").is_none());
        assert!(safe_relative("/a\\b").is_none());
        assert_eq!(safe_relative("/a/./b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
    }

    #[test]
    fn accept_encoding() {
        let v = HeaderValue::from_static("gzip, br;q=0");
        assert!(accepts(Some(&v), "gzip"));
        assert!(!accepts(Some(&v), "br"));
        assert!(!accepts(None, "gzip"));
    }
}
