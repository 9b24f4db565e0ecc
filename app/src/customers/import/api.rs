//! The server functions of the import screens. Uploading goes through a plain form post to
//! the server (`POST /api/imports`), which answers with the import's page.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::{ImportJob, ImportOptions, ImportSummary, Preview};
use crate::error::AppError;

#[server]
pub async fn get_import(id: Uuid) -> Result<ImportJob, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::get(&conn, &signed, id).await
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn preview_import(id: Uuid, options: ImportOptions) -> Result<Preview, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::preview(&conn, &signed, id, options).await
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn start_import(id: Uuid, options: ImportOptions) -> Result<ImportJob, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::start(&conn, &signed, id, options).await
}

#[server]
pub async fn list_imports() -> Result<Vec<ImportSummary>, AppError> {
    let (conn, signed) = (
        crate::core::context::conn()?,
        crate::core::context::actor()?,
    );
    super::service::recent(&conn, &signed).await
}
