use leptos::prelude::*;
use uuid::Uuid;

use super::types::{WebForm, WebFormForm};
use crate::error::AppError;

#[server]
pub async fn list_web_forms() -> Result<Vec<WebForm>, AppError> {
    let (server, signed) = (crate::context::server()?, crate::context::signed()?);
    super::service::list(&server.conn, &signed, &server.public_url).await
}

#[server]
pub async fn create_web_form(form: WebFormForm) -> Result<WebForm, AppError> {
    let (server, signed) = (crate::context::server()?, crate::context::signed()?);
    let created = super::service::create(&server.conn, &signed, &form, &server.public_url).await?;
    crate::context::redirect_form_post("/settings");
    Ok(created)
}

#[server]
pub async fn set_web_form_active(id: Uuid, active: bool) -> Result<(), AppError> {
    let (server, signed) = (crate::context::server()?, crate::context::signed()?);
    super::service::set_active(&server.conn, &signed, id, active).await?;
    crate::context::redirect_form_post("/settings");
    Ok(())
}
