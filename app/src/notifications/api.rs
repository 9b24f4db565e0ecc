use leptos::prelude::*;

use super::types::Notification;
use crate::error::AppError;

/// The user's latest notifications.
#[server]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::list(&conn, &signed).await
}

/// Marks every notification of the user read.
#[server]
pub async fn read_notifications() -> Result<(), AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::read_all(&conn, &signed, chrono::Utc::now()).await
}
