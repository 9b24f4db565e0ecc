//! Errors as the HTTP endpoints answer them: problem details (RFC 9457), in JSON, with the
//! error in words for a person and as `AppError` for programs (the app's own client reads it
//! back).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::i18n::Locale;

/// The answer for `err`, worded in `locale`. The error rides along in the response's
/// extensions, so the server can word it again in the reader's language.
pub fn answer(err: &AppError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&locale.messages().problem(err)).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response.extensions_mut().insert(err.clone());
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        answer(&self, Locale::default())
    }
}
