use leptos::prelude::*;

use super::types::SystemStatus;
use crate::error::AppError;

/// Lets an owner see at a glance that the server, its database and its event queue are healthy.
#[server]
pub async fn get_system_status() -> Result<SystemStatus, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    let settings = crate::core::policy::Action::ManageSettings;
    crate::core::policy::require(&conn, &signed, settings, "system.status").await?;
    super::service::status(&conn).await
}
