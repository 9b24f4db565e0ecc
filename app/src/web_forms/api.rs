use leptos::prelude::*;
use uuid::Uuid;

use super::types::{WebForm, WebFormForm};
use crate::error::AppError;

#[server]
pub async fn list_web_forms() -> Result<Vec<WebForm>, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::list(&server.conn, &signed, &server.public_url).await
}

#[server]
pub async fn create_web_form(form: WebFormForm) -> Result<WebForm, AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    let created = super::service::create(&server.conn, &signed, &form, &server.public_url).await?;
    crate::core::context::redirect_form_post("/settings");
    Ok(created)
}

#[server]
pub async fn set_web_form_active(id: Uuid, active: bool) -> Result<(), AppError> {
    let (server, signed) = (
        crate::core::context::server()?,
        crate::core::context::actor()?,
    );
    super::service::set_active(&server.conn, &signed, id, active).await?;
    crate::core::context::redirect_form_post("/settings");
    Ok(())
}
