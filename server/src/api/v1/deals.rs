//! `GET /api/v1/deals/{id}`: a deal, its stage, customer and owner.

use app::auth::tokens::types::Area;
use app::deals::service;
use app::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Caller;

pub async fn one(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Deals, false)?;
    Ok(Json(service::get(&conn, actor, id).await?).into_response())
}
