use leptos::prelude::*;
use uuid::Uuid;

use super::types::{NewSegment, SavedSegment};
#[cfg(feature = "ssr")]
use crate::core::context;
use crate::error::AppError;

/// Every saved segment, with the members the user sees in it.
#[server]
pub async fn list_segments() -> Result<Vec<SavedSegment>, AppError> {
    super::service::list(&context::conn()?, &context::actor()?).await
}

/// Saves customers picked on a dashboard, or the contact list's filters, as a segment.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn save_segment(segment: NewSegment) -> Result<SavedSegment, AppError> {
    super::service::create(&context::conn()?, &context::actor()?, segment).await
}

/// Evaluates a rule-based or RFM segment again.
#[server]
pub async fn refresh_segment(id: Uuid, version: i32) -> Result<SavedSegment, AppError> {
    super::service::refresh(&context::conn()?, &context::actor()?, id, version).await
}

/// Deletes a segment.
#[server]
pub async fn delete_segment(id: Uuid, version: i32) -> Result<(), AppError> {
    super::service::delete(&context::conn()?, &context::actor()?, id, version).await
}
