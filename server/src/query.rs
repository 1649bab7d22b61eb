//! Query strings, decoded as browsers encode forms (`form_urlencoded`): `+` is a space,
//! `%XX` is a byte, invalid UTF-8 becomes U+FFFD, and a `%` without two hex digits after
//! it stays a `%`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;

/// A request's query pairs in their order. A key may repeat; its first value counts, so
/// `limit=5&limit=abc` pages by 5.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    pub fn parse(query: &str) -> QueryPairs {
        QueryPairs(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The first value of `key`; `Some("")` for `key=` and for a bare `key`.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Any query parses (odd input is the handlers' to judge), so this extractor never rejects.
impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(QueryPairs::parse(parts.uri.query().unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(query: &str, key: &str) -> Option<String> {
        QueryPairs::parse(query).first(key).map(str::to_string)
    }

    #[test]
    fn decodes_like_a_form() {
        assert_eq!(first("limit=%31%30", "limit").as_deref(), Some("10"));
        assert_eq!(first("li%6Dit=7", "limit").as_deref(), Some("7"));
        assert_eq!(first("q=a+b%20c", "q").as_deref(), Some("a b c"));
        assert_eq!(first("q=%E2%9C%93", "q").as_deref(), Some("\u{2713}"));
        assert_eq!(first("q=%FF", "q").as_deref(), Some("\u{FFFD}"));
    }

    #[test]
    fn tolerates_odd_input() {
        assert_eq!(first("limit=5&limit=abc", "limit").as_deref(), Some("5"));
        assert_eq!(first("&&limit=3&", "limit").as_deref(), Some("3"));
        assert_eq!(first("offset", "offset").as_deref(), Some(""));
        assert_eq!(first("offset=", "offset").as_deref(), Some(""));
        assert_eq!(first("a=1=2", "a").as_deref(), Some("1=2"));
        assert_eq!(first("", "limit"), None);
        // Broken escapes are kept as written.
        assert_eq!(first("q=%zz%4", "q").as_deref(), Some("%zz%4"));
        assert_eq!(first("q=100%", "q").as_deref(), Some("100%"));
    }

    /// A `+` is a space before any escape is read, so `%+1` is no escape (a decoder that
    /// read the two characters with `u8::from_str_radix`, which accepts a sign, would
    /// make it the byte 1). Neither reading gives a digit, so paging answers alike.
    #[test]
    fn a_signed_escape_is_not_an_escape() {
        assert_eq!(first("q=%+1", "q").as_deref(), Some("% 1"));
    }
}
