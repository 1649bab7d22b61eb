//! `limit` and `offset`, the query the jobs API validates. Proxy mode validates it too,
//! so that a bad query is answered here and never forwarded.

use crate::query::QueryPairs;
use serde_json::{Map, Value};

/// Page size when the client gives none, and the largest one accepted.
pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// What is wrong with each rejected field, by name, in the order the answer lists them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BadFields {
    pub limit: Option<&'static str>,
    pub offset: Option<&'static str>,
}

impl BadFields {
    fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        [("limit", self.limit), ("offset", self.offset)]
            .into_iter()
            .filter_map(|(name, why)| Some((name, why?)))
    }

    fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// `details` of the answer: `{"limit": why, "offset": why}` for the rejected ones.
    pub fn details(&self) -> Value {
        let fields: Map<String, Value> = self
            .iter()
            .map(|(name, why)| (name.to_string(), Value::String(why.to_string())))
            .collect();
        Value::Object(fields)
    }
}

/// A rejected `limit` or `offset`. The messages name the first rejected field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    /// 400 `bad_request`: not a non-negative integer.
    #[error("{}", malformed_message(.0))]
    Malformed(BadFields),
    /// 422 `validation_error`: an integer, but out of the accepted range.
    #[error("{}", out_of_range_message(.0))]
    OutOfRange(BadFields),
}

impl PagingError {
    pub fn fields(&self) -> &BadFields {
        match self {
            PagingError::Malformed(f) | PagingError::OutOfRange(f) => f,
        }
    }
}

fn malformed_message(fields: &BadFields) -> String {
    match fields.iter().next() {
        Some((name, _)) => {
            format!("Invalid query parameter: {name} must be a non-negative integer.")
        }
        None => "Invalid query.".into(),
    }
}

fn out_of_range_message(fields: &BadFields) -> String {
    match fields.iter().next() {
        Some((name, why)) => format!("Invalid query parameter: {name} {why}."),
        None => "Invalid query.".into(),
    }
}

enum Parsed {
    Absent,
    Value(u64),
    /// All digits but too large for u64.
    Huge,
    Negative,
    Malformed,
}

fn parse_uint(raw: Option<&str>) -> Parsed {
    let Some(s) = raw else { return Parsed::Absent };
    let s = s.trim();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = s.strip_prefix('-') {
        return if digits(rest) {
            Parsed::Negative
        } else {
            Parsed::Malformed
        };
    }
    if !digits(s) {
        return Parsed::Malformed;
    }
    s.parse().map(Parsed::Value).unwrap_or(Parsed::Huge)
}

/// `(limit, offset)`: `limit` 1–100 (default 20), `offset` ≥ 0 (default 0). Malformed or
/// negative values are a 400; integers out of range a 422; every bad field is named.
pub fn parse_paging(query: &QueryPairs) -> Result<(u64, u64), PagingError> {
    let mut malformed = BadFields::default();
    let mut out_of_range = BadFields::default();
    let limit = match parse_uint(query.first("limit")) {
        Parsed::Absent => DEFAULT_LIMIT,
        Parsed::Value(v) if (1..=MAX_LIMIT).contains(&v) => v,
        Parsed::Value(_) | Parsed::Huge => {
            out_of_range.limit = Some("must be between 1 and 100");
            0
        }
        Parsed::Negative => {
            malformed.limit = Some("must be >= 0");
            0
        }
        Parsed::Malformed => {
            malformed.limit = Some("must be a non-negative integer");
            0
        }
    };
    let offset = match parse_uint(query.first("offset")) {
        Parsed::Absent => 0,
        // Offsets beyond i64 would not survive a round trip through most clients.
        Parsed::Value(v) if v <= i64::MAX as u64 => v,
        Parsed::Value(_) | Parsed::Huge => {
            out_of_range.offset = Some("is out of range");
            0
        }
        Parsed::Negative => {
            malformed.offset = Some("must be >= 0");
            0
        }
        Parsed::Malformed => {
            malformed.offset = Some("must be a non-negative integer");
            0
        }
    };
    if !malformed.is_empty() {
        Err(PagingError::Malformed(malformed))
    } else if !out_of_range.is_empty() {
        Err(PagingError::OutOfRange(out_of_range))
    } else {
        Ok((limit, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(query: Option<&str>) -> Result<(u64, u64), PagingError> {
        parse_paging(&QueryPairs::parse(query.unwrap_or("")))
    }

    #[test]
    fn paging_rules() {
        assert_eq!(paging(None), Ok((20, 0)));
        assert_eq!(paging(Some("limit=5&offset=10")), Ok((5, 10)));
        assert!(matches!(
            paging(Some("limit=abc")),
            Err(PagingError::Malformed(_))
        ));
        assert!(matches!(
            paging(Some("limit=-1")),
            Err(PagingError::Malformed(_))
        ));
        assert!(matches!(
            paging(Some("limit=1.5")),
            Err(PagingError::Malformed(_))
        ));
        assert!(matches!(
            paging(Some("offset=")),
            Err(PagingError::Malformed(_))
        ));
        assert!(matches!(
            paging(Some("limit=0")),
            Err(PagingError::OutOfRange(_))
        ));
        assert!(matches!(
            paging(Some("limit=101")),
            Err(PagingError::OutOfRange(_))
        ));
        assert!(matches!(
            paging(Some("limit=99999999999999999999999")),
            Err(PagingError::OutOfRange(_))
        ));
        assert_eq!(paging(Some("limit=%31%30")), Ok((10, 0)));
        assert_eq!(paging(Some("limit=100&offset=0")), Ok((100, 0)));
    }

    #[test]
    fn odd_but_readable_paging() {
        // The first of repeated keys counts; spaces (`+`, `%20`) around digits are trimmed.
        assert_eq!(paging(Some("limit=5&limit=abc")), Ok((5, 0)));
        assert_eq!(paging(Some("limit=+7&offset=%203%20")), Ok((7, 3)));
        assert_eq!(paging(Some("off%73et=4")), Ok((20, 4)));
        assert_eq!(
            paging(Some("limit=%+5")),
            Err(PagingError::Malformed(BadFields {
                limit: Some("must be a non-negative integer"),
                offset: None,
            }))
        );
    }

    #[test]
    fn messages_and_details_name_the_fields() {
        let e = paging(Some("limit=abc&offset=-2")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid query parameter: limit must be a non-negative integer."
        );
        assert_eq!(
            e.fields().details(),
            serde_json::json!({"limit": "must be a non-negative integer", "offset": "must be >= 0"})
        );
        // Malformed fields win over out-of-range ones, and only they are named.
        let e = paging(Some("limit=0&offset=x")).unwrap_err();
        assert_eq!(
            e.fields().details(),
            serde_json::json!({"offset": "must be a non-negative integer"})
        );
        let e = paging(Some("limit=0")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid query parameter: limit must be between 1 and 100."
        );
    }
}
