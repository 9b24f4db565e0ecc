use leptos::prelude::*;
use uuid::Uuid;

use super::types::Comment;
use crate::error::AppError;

/// A deal's comments, for its page.
#[server]
pub async fn list_comments(deal_id: Uuid) -> Result<Vec<Comment>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::list(&conn, &signed, deal_id).await
}

/// Adds a comment; teammates named with @ are told.
#[server]
pub async fn add_comment(deal_id: Uuid, body: String) -> Result<Comment, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::add(&conn, &signed, deal_id, &body, chrono::Utc::now()).await
}
