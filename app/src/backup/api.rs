use leptos::prelude::*;

use super::types::{Backups, ScheduleForm};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn shelf() -> Result<super::schedule::Shelf, AppError> {
    use_context().ok_or_else(|| AppError::internal("no backup folder in context"))
}

#[server]
pub async fn get_backups() -> Result<Backups, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::schedule::overview(&server.conn, &signed, &shelf()?).await
}

#[server]
pub async fn save_backup_schedule(form: ScheduleForm) -> Result<Backups, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    let saved = super::schedule::save(&server.conn, &signed, &shelf()?, &form).await?;
    crate::core::context::redirect_form_post("/settings");
    Ok(saved)
}

#[server]
pub async fn back_up_now() -> Result<Backups, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    let made = super::schedule::make_now(&server.conn, &signed, &server.files, &shelf()?).await?;
    crate::core::context::redirect_form_post("/settings");
    Ok(made)
}
