use leptos::prelude::*;

use super::types::{Badges, Notification};
use crate::error::AppError;

/// The counts beside "Tasks" and the bell, which the shell asks for every minute.
#[server]
pub async fn get_badges() -> Result<Badges, AppError> {
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::service::badges(&conn, &signed, chrono::Utc::now()).await
}

/// The user's latest notifications.
#[server]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::service::list(&conn, &signed).await
}

/// Marks every notification of the user read.
#[server]
pub async fn read_notifications() -> Result<(), AppError> {
    let (conn, signed) = (crate::context::conn()?, crate::context::signed()?);
    super::service::read_all(&conn, &signed, chrono::Utc::now()).await
}
