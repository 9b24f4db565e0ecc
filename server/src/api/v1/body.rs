//! A request's JSON body, refused in words: where the JSON breaks, which field the request does
//! not take, which field holds a value of the wrong kind. A field missing or wrong in meaning
//! (an email that is not one) is the service's to say, with every other.

use app::error::{AppError, Invalid};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::http::limits;

/// A body read as `T`, whose fields are named with `deny_unknown_fields` so that a misspelt
/// field is refused rather than quietly left out, and are all optional: which are needed is
/// the service's to say, with every other refusal.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|kind| {
                let kind = kind.trim().to_ascii_lowercase();
                kind == "application/json" || kind.ends_with("+json")
            });
        if !json {
            return Err(AppError::invalid("Content-Type", Invalid::Choice));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::invalid("body", Invalid::TooLong { max: limits::ANY }))?;
        read(&bytes).map(Body)
    }
}

/// An amount or a count as a number (`12000.5`) or as people write it (`"12,000.50"`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Amount {
    Number(serde_json::Number),
    Text(String),
}

impl Amount {
    pub fn text(self) -> String {
        match self {
            Amount::Number(number) => number.to_string(),
            Amount::Text(text) => text,
        }
    }
}

/// `bytes` as `T`, or why not, by field.
fn read<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            let (line, column) = (inner.line(), inner.column());
            return AppError::invalid("body", Invalid::Json { line, column });
        }
        // The path ends at an unknown field; serde says only in its message that it is one.
        if inner.to_string().starts_with("unknown field") {
            return AppError::invalid(&path, Invalid::UnknownField);
        }
        let field = if path == "." { "body" } else { path.as_str() };
        AppError::invalid(field, Invalid::Type)
    })
}
