//! A record's version as HTTP carries it: its `ETag` (`"7"`) on every answer that holds one
//! record, and the `If-Match` a change must send back, so that a program never overwrites a
//! change it has not seen: a stale one is answered 412 with the record as it is now, and one
//! that names no version 428.

use app::error::{AppError, Invalid};
use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The version a change names in `If-Match`.
pub struct IfMatch(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(AppError::VersionRequired)?;
        value
            .to_str()
            .ok()
            .and_then(parse)
            .map(IfMatch)
            .ok_or_else(|| AppError::invalid("If-Match", Invalid::Type))
    }
}

/// `"7"`, as an ETag names version 7; a weak one (`W/"7"`) and a bare number pass too.
fn parse(value: &str) -> Option<i32> {
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    value.parse().ok()
}

/// One record as JSON, its version as its `ETag`.
pub fn tagged(record: &impl Serialize, version: i32) -> Response {
    let mut answer = Json(record).into_response();
    answer
        .headers_mut()
        .insert(header::ETAG, etag(version.into()));
    answer
}

/// The `ETag` of `version`: digits in quotes, always a valid header value.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits in quotes")
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn a_version_is_read_as_an_etag_names_it() {
        assert_eq!(parse("\"7\""), Some(7));
        assert_eq!(parse("W/\"7\""), Some(7));
        assert_eq!(parse(" 7 "), Some(7));
        assert_eq!(parse("\"seven\""), None);
        assert_eq!(parse("*"), None);
    }
}
