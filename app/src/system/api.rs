use leptos::prelude::*;

use super::types::SystemStatus;
use crate::error::AppError;

/// Lets an owner see at a glance that the server, its database and its event queue are healthy.
#[server]
pub async fn get_system_status() -> Result<SystemStatus, AppError> {
    let conn = crate::core::context::conn()?;
    super::service::status(&conn).await
}
