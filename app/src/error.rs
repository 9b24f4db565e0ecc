//! `AppError`: the one error type of services and server functions.
//!
//! It crosses the wire as JSON and carries meaning, not prose: the browser turns each variant
//! into a sentence in the reader's language (see `i18n`).

use std::collections::BTreeMap;

use leptos::server_fn::Bytes;
use leptos::server_fn::Encodes;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub use clean::Invalid;

/// Field name → what is wrong with it.
pub type FieldErrors = BTreeMap<String, Vec<Invalid>>;

#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input: {0:?}")]
    Validation(FieldErrors),
    /// The record changed since the caller read it; `current` is the record as it is now.
    #[error("edit conflict")]
    Conflict { current: serde_json::Value },
    /// The same, for a program that named the version it read (`If-Match`): HTTP's own words
    /// for it (412), with the record as it is now.
    #[error("precondition failed")]
    Stale { current: serde_json::Value },
    /// A change of a record that names no version it was read at (no `If-Match`): it could
    /// overwrite someone else's without knowing.
    #[error("precondition required")]
    VersionRequired,
    /// Too many failed attempts (sign-in); try again after this many seconds.
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Details stay in the server log: a user never sees SQL or stack traces.
    #[error("internal error")]
    Internal,
    /// The request never reached the server, or its answer could not be read.
    #[error("transport error: {0}")]
    Transport(String),
    /// The device's storage is full: what was done offline could not be kept on it.
    #[error("device storage full")]
    DeviceFull,
}

/// An error as the HTTP endpoints answer it: problem details (RFC 9457). `title` and `detail`
/// are words for a person, `errors` each refused field's reasons in words, and `error` the
/// error itself, for programs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Always `about:blank`: the status and the error say what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    pub error: AppError,
}

/// Collects what is wrong with each field of a form, so a person sees every problem at once.
#[derive(Default)]
pub struct FieldCheck(FieldErrors);

impl FieldCheck {
    /// Keeps a parsed value, or records why the field was refused.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, Invalid>) -> Option<T> {
        parsed.map_err(|why| self.refuse(field, why)).ok()
    }

    pub fn refuse(&mut self, field: &str, why: Invalid) {
        self.0.entry(field.to_owned()).or_default().push(why);
    }

    /// `Ok` when nothing was refused.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }

    /// The error for a form in which some field was refused.
    pub fn into_error(self) -> AppError {
        AppError::Validation(self.0)
    }
}

impl AppError {
    /// The HTTP status that says the same as this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict { .. } => 409,
            AppError::Stale { .. } => 412,
            AppError::VersionRequired => 428,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
            AppError::DeviceFull => 507,
        }
    }

    /// The reasons given for one field, if this is a validation error.
    pub fn field(&self, name: &str) -> &[Invalid] {
        match self {
            AppError::Validation(fields) => fields.get(name).map(Vec::as_slice).unwrap_or_default(),
            _ => &[],
        }
    }

    /// A validation error on one field.
    pub fn invalid(field: &str, why: Invalid) -> Self {
        AppError::Validation(BTreeMap::from([(field.to_owned(), vec![why])]))
    }

    /// A stale edit: carries the record as it is now, so the UI can show both versions.
    #[cfg(feature = "ssr")]
    pub fn conflict(current: &impl Serialize) -> Self {
        match serde_json::to_value(current) {
            Ok(current) => AppError::Conflict { current },
            Err(err) => AppError::internal(err),
        }
    }

    /// A conflict as a program that named the version it read is answered it (412).
    pub fn stale(self) -> Self {
        match self {
            AppError::Conflict { current } => AppError::Stale { current },
            other => other,
        }
    }

    /// Logs the cause on the server and returns the opaque `Internal` error.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Deserialization(e) => {
                AppError::Transport(e)
            }
            other => AppError::Transport(other.to_string()),
        }
    }

    /// On the server, also gives the answer the status that says what the error is (422 for a
    /// refused form, 409 for a conflict…): server functions otherwise answer every error with
    /// 500, and clients and logs could not tell them apart.
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        self.set_answer_status();
        Self::Encoder::encode(self).unwrap_or_else(|err| {
            let unwritable = ServerFnErrorErr::Serialization(err.to_string());
            Self::Encoder::encode(&Self::from_server_fn_error(unwritable)).unwrap_or_default()
        })
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets this error's status on the answer of the server function being run. A plain form
    /// post (a browser without JavaScript) is left alone: it is sent back to its page with a
    /// redirect, which a status would undo.
    fn set_answer_status(&self) {
        use axum::http::header::{ACCEPT, REFERER};
        use leptos::prelude::use_context;
        let plain_form = use_context::<axum::http::request::Parts>().is_some_and(|request| {
            let accepts_html = request
                .headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"));
            accepts_html && request.headers.contains_key(REFERER)
        });
        if let (false, Some(response), Ok(status)) = (
            plain_form,
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::StatusCode::from_u16(self.status()),
        ) {
            response.set_status(status);
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let err = AppError::invalid("email", Invalid::Email);
        let back = AppError::de(err.ser());
        assert_eq!(back, err);
    }

    #[test]
    fn unreadable_answers_become_transport_errors() {
        let err = AppError::de("not json".into());
        assert!(matches!(err, AppError::Transport(_)), "{err:?}");
    }
}
