use leptos::prelude::*;

use chrono::{DateTime, Utc};

use super::types::{FieldData, Queued, Synced};
use crate::error::AppError;

/// Sends what a device did offline, in the order it was done, and answers each write: applied,
/// applied but for the fields that changed on both sides, or refused and why. A write sent
/// again changes nothing and gets its first answer. As JSON, since the writes nest deeper
/// than a form's fields, at a fixed address, since the service worker sends them too.
#[server(endpoint = "sync_writes", input = leptos::server_fn::codec::Json)]
pub async fn sync_writes(writes: Vec<Queued>) -> Result<Synced, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::sync(&conn, &signed, &writes, chrono::Utc::now()).await
}

/// What the user's device keeps to work offline: all of it without `since`, else only what
/// changed since then.
#[server]
pub async fn get_field_data(since: Option<DateTime<Utc>>) -> Result<FieldData, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::field::field_data(&conn, &signed, since, Utc::now()).await
}
