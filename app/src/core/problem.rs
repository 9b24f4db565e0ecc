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
    if let AppError::RateLimited { retry_after_secs } = err {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    response.extensions_mut().insert(err.clone());
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        answer(&self, Locale::default())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::error::Invalid;

    async fn read(response: Response) -> (StatusCode, String, Value) {
        let status = response.status();
        let kind = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, kind, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn a_refused_field_is_problem_details_in_the_readers_language() {
        let err = AppError::invalid("email", Invalid::Email);
        let (status, kind, body) = read(answer(&err, Locale::ZhCn)).await;
        let t = Locale::ZhCn.messages();

        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(kind, "application/problem+json");
        assert_eq!(body["type"], "about:blank");
        assert_eq!(body["status"], 422);
        assert_eq!(body["title"], t.error(&err));
        assert_eq!(body["detail"], t.invalid(&Invalid::Email));
        assert_eq!(body["errors"]["email"][0], t.invalid(&Invalid::Email));
        let back: AppError = serde_json::from_value(body["error"].clone()).unwrap();
        assert_eq!(back, err, "programs read the error back");
    }

    #[tokio::test]
    async fn other_errors_answer_their_status_in_english_by_default() {
        let (status, kind, body) = read(AppError::NotFound.into_response()).await;

        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(kind, "application/problem+json");
        assert_eq!(body["status"], 404);
        assert_eq!(
            body["detail"],
            Locale::En.messages().error(&AppError::NotFound)
        );
        assert!(
            body.get("errors").is_none(),
            "only refused fields list errors"
        );
    }
}
