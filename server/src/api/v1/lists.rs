//! What a program needs to name the rest: `GET /api/v1/pipelines` (each pipeline with its
//! stages, in their order: the `stage_id` a deal is made or moved with) and
//! `GET /api/v1/segments` (the saved segments, with how many of their members the token's
//! person sees; the members are `GET /api/v1/contacts?segment={id}`).

use app::auth::tokens::types::Area;
use app::customers::segments::service as segments;
use app::deals::pipelines::service as pipelines;
use app::error::AppError;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

use super::Caller;

pub async fn pipelines(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
) -> Result<Response, AppError> {
    caller.may(Area::Deals, false)?;
    Ok(Json(pipelines::all(&conn).await?).into_response())
}

pub async fn segments(
    State(conn): State<DatabaseConnection>,
    caller: Caller,
) -> Result<Response, AppError> {
    let actor = caller.may(Area::Contacts, false)?;
    Ok(Json(segments::list(&conn, actor).await?).into_response())
}
