//! `AppError`: the one error type of services and server functions.
//!
//! It crosses the wire as JSON and carries meaning, not prose: the browser turns each variant
//! into a sentence in the reader's language (see `i18n`).

use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why one field was refused. The UI translates each kind next to its field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Invalid {
    Required,
    TooLong { max: usize },
    Email,
    Phone,
    Taken,
}

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
    /// Details stay in the server log: a user never sees SQL or stack traces.
    #[error("internal error")]
    Internal,
    /// The request never reached the server, or its answer could not be read.
    #[error("transport error: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, why: Invalid) -> Self {
        AppError::Validation(BTreeMap::from([(field.to_owned(), vec![why])]))
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
