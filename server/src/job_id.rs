//! The `{id}` of `/v1/jobs/{id}`, checked before it is looked up or forwarded.

use crate::error::ApiError;

/// Longest id accepted; the service's ids are 36-character UUIDs.
pub const MAX_LEN: usize = 64;

/// `raw` (the percent-decoded path segment) when it can be a job id: 1 to [`MAX_LEN`]
/// ASCII hex digits and dashes. Anything else is a job that does not exist, so a path
/// trick such as `..%2Faccount` never reaches the service, and nothing of it is echoed.
pub fn job_id(raw: &str) -> Result<&str, ApiError> {
    let plausible = (1..=MAX_LEN).contains(&raw.len())
        && raw.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    plausible.then_some(raw).ok_or(ApiError::JobNotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuids_and_refuses_the_rest() {
        for ok in [
            "0f8e2b4c-1d3a-4b5c-8d9e-0a1b2c3d4e5f",
            "0F8E2B4C-1D3A-4B5C-8D9E-0A1B2C3D4E5F",
            "12345",
            "-",
            &"a".repeat(MAX_LEN),
        ] {
            assert_eq!(job_id(ok), Ok(ok));
        }
        for bad in [
            "",
            "..",
            "../account",
            "abc/def",
            "abc%2Fdef",
            "abc def",
            "job_1",
            "g",
            "<script>",
            "é",
            &"a".repeat(MAX_LEN + 1),
        ] {
            assert_eq!(job_id(bad), Err(ApiError::JobNotFound), "{bad}");
        }
    }
}
